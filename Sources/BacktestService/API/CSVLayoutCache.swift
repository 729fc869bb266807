// The length-only cache of large CSV downloads: per table and precision, the layout that lets HEAD
// and byte ranges be answered without holding (or re-rendering) the text. Concurrent first
// requests for one table share one measuring pass: the first measures, the others wait for it.
import Dispatch
import Synchronization

/// CSV layouts by key, measured once each, at most `capacity` kept (least recently used go first).
final class CSVLayoutCache: Sendable {
    typealias Deliver = @Sendable (CSVLayout) -> Void

    private struct State {
        var layouts: [String: (layout: CSVLayout, lastUse: Int)] = [:]
        var measuring: [String: [Deliver]] = [:]
        var clock = 0
    }

    private enum Step {
        case ready(CSVLayout)
        case waiting
        case measure
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let counter: RenderCounter

    /// A cache of at most `capacity` layouts, counting each measuring pass on `counter`.
    init(capacity: Int = 256, counter: RenderCounter) {
        self.capacity = capacity
        self.counter = counter
    }

    /// The layout of `key` if it is measured already.
    func cached(_ key: String) -> CSVLayout? {
        state.withLock { s in
            s.clock += 1
            guard let entry = s.layouts[key] else { return nil }
            s.layouts[key]!.lastUse = s.clock
            return entry.layout
        }
    }

    /// Calls `deliver` with the layout of `key`: at once when it is cached, else once it is
    /// measured, by `measure` on a background thread unless a measurement is under way already.
    func layout(for key: String, measure: @escaping @Sendable () -> CSVLayout, then deliver: @escaping Deliver) {
        let step = state.withLock { s -> Step in
            if let entry = s.layouts[key] { return .ready(entry.layout) }
            if s.measuring[key] != nil {
                s.measuring[key]!.append(deliver)
                return .waiting
            }
            s.measuring[key] = [deliver]
            return .measure
        }
        switch step {
        case .ready(let layout): deliver(layout)
        case .waiting: break
        case .measure:
            DispatchQueue.global().async { [self] in
                counter.increment()
                let layout = measure()
                let waiting = state.withLock { s -> [Deliver] in
                    s.clock += 1
                    if s.layouts.count >= capacity,
                        let oldest = s.layouts.min(by: { $0.value.lastUse < $1.value.lastUse })
                    {
                        s.layouts[oldest.key] = nil
                    }
                    s.layouts[key] = (layout, s.clock)
                    return s.measuring.removeValue(forKey: key) ?? []
                }
                for deliver in waiting { deliver(layout) }
            }
        }
    }

    /// Drops every layout whose key starts with `prefix` (a deleted backtest's).
    func removeAll(prefix: String) {
        state.withLock { s in
            for key in s.layouts.keys where key.hasPrefix(prefix) { s.layouts[key] = nil }
        }
    }
}
