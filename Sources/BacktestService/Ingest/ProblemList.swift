// Gathers ingest problems up to the cap while parsing, and turns them into the thrown IngestError.

/// Collects problems up to the cap, remembering whether more were dropped.
struct ProblemList: Sendable {
    /// Problems kept so far, in the order found.
    private(set) var items: [IngestProblem] = []
    /// True once a problem had to be dropped.
    private(set) var overflowed = false

    /// True when no further problem can be kept (the parser may stop early).
    var isFull: Bool { items.count > IngestError.maximumProblems }

    var isEmpty: Bool { items.isEmpty && !overflowed }

    /// Adds a problem unless the cap is reached (one extra is kept to detect overflow).
    mutating func append(_ problem: IngestProblem) {
        if items.count > IngestError.maximumProblems { overflowed = true } else { items.append(problem) }
    }

    /// Adds every problem of another list, keeping order.
    mutating func append(contentsOf other: ProblemList) {
        for item in other.items { append(item) }
        if other.overflowed { overflowed = true }
    }

    /// Shifts chunk-relative line numbers to physical ones, in `line` and in the message, which by
    /// convention (see `IngestProblem+Messages.swift`) starts with "line N" whenever `line` is set.
    mutating func offsetLines(by offset: Int) {
        for i in items.indices {
            guard let old = items[i].line else { continue }
            let prefix = "line \(old)"
            if items[i].message.hasPrefix(prefix) {
                items[i].message = "line \(old + offset)" + items[i].message.dropFirst(prefix.count)
            }
            items[i].line = old + offset
        }
    }

    /// The error to throw: problems sorted by line, capped, with `too_many_problems` last if needed.
    func error() -> IngestError {
        var sorted = items.enumerated().sorted { a, b in
            (a.element.line ?? 0, a.offset) < (b.element.line ?? 0, b.offset)
        }.map(\.element)
        let cap = IngestError.maximumProblems
        if sorted.count > cap || overflowed {
            sorted = Array(sorted.prefix(cap - 1))
            sorted.append(
                IngestProblem(
                    .tooManyProblems, line: nil,
                    message: "more than \(cap - 1) problems; fix the ones listed and upload again to see the rest"))
        }
        return IngestError(problems: sorted)
    }
}
