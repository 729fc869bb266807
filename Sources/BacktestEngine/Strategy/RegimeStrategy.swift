// The regime template resolved: its regimes' templates (each monomorphized inside an enum, so one
// switch per bar picks the loop, never per row), their conditions compiled over the bar timeline, and
// the current regime kept in a small state object across steps. Hot path: called once per bar.

/// A template a regime runs: every template but `regime`, each its own monomorphized strategy.
enum RegimeTemplate {
    case threshold(PerAssetStrategy<ThresholdStrategy>)
    case rules(PerAssetStrategy<RulesStrategy>)
    case targetWeights(TargetWeightsStrategy)
    case topK(TopKStrategy)

    var orderTerms: [OrderTerms] {
        switch self {
        case .threshold(let s): s.orderTerms
        case .rules(let s): s.orderTerms
        case .targetWeights(let s): s.orderTerms
        case .topK(let s): s.orderTerms
        }
    }

    @inline(__always)
    func decide(_ section: CrossSection, into intents: inout OrderIntents) {
        switch self {
        case .threshold(let s): s.decide(section, into: &intents)
        case .rules(let s): s.decide(section, into: &intents)
        case .targetWeights(let s): s.decide(section, into: &intents)
        case .topK(let s): s.decide(section, into: &intents)
        }
    }
}

/// Which regime is current, and per regime the consecutive closes, up to the latest, on which its
/// condition held. A reference, because `decide` does not mutate the strategy; one simulation owns it.
final class RegimeState {
    var current: Int
    var streaks: [Int]

    init(initial: Int, regimes: Int) {
        current = initial
        streaks = [Int](repeating: 0, count: regimes)
    }
}

/// See `RegimeParameters` for the semantics.
struct RegimeStrategy: Strategy {
    let templates: [RegimeTemplate]
    /// Per regime: its condition, compiled against `timeline` (one row per bar).
    let conditions: [RuleProgram]
    /// Per regime: where its order terms start in `orderTerms`.
    let termOffsets: [UInt8]
    let orderTerms: [OrderTerms]
    let confirmBars: Int
    let exitOnSwitch: Bool
    let state: RegimeState

    init(templates: [RegimeTemplate], conditions: [RuleProgram], parameters: RegimeParameters) {
        self.templates = templates
        self.conditions = conditions
        var terms: [OrderTerms] = [.market]
        var offsets: [UInt8] = []
        for template in templates {
            offsets.append(UInt8(terms.count))
            terms += template.orderTerms
        }
        termOffsets = offsets
        orderTerms = terms
        confirmBars = parameters.confirmBars
        exitOnSwitch = parameters.exitOnSwitch
        state = RegimeState(initial: parameters.initial, regimes: conditions.count)
    }

    /// The conditions' one-asset timeline: one row per bar of `data`, so that a rolling function in
    /// a condition runs over bars. It carries no prices a condition may read (conditions read only
    /// context columns).
    static func timeline(of data: MarketData) -> MarketData {
        let n = data.timestamps.count
        let ones = [Double](repeating: 1, count: n)
        return MarketData(
            assets: ["market"], timestamps: data.timestamps, rowStart: Array(0...n),
            asset: [Int32](repeating: 0, count: n), open: ones, high: ones, low: ones, close: ones,
            volume: [Double](repeating: 0, count: n), signalNames: [], signals: [], fields: [])
    }

    func decide(_ section: CrossSection, into intents: inout OrderIntents) {
        if advance(bar: section.bar) && exitOnSwitch {
            closeEverything(section, into: &intents)
            return
        }
        let current = state.current
        let start = intents.count
        templates[current].decide(section, into: &intents)
        intents.offsetTerms(from: start, by: termOffsets[current])
    }

    /// Moves the regime on by bar `bar`'s close; true when it switched. Every condition is evaluated
    /// on every close, so a regime's count of consecutive closes includes the closes on which the
    /// current regime's condition held too (conditions may overlap).
    private func advance(bar: Int) -> Bool {
        let none = RulePositionState(position: 0)
        for r in conditions.indices {
            state.streaks[r] = conditions[r].holds(row: bar, bar: bar, none) ? state.streaks[r] + 1 : 0
        }
        let current = state.current
        if state.streaks[current] > 0 { return false }
        guard let next = state.streaks.indices.first(where: { $0 != current && state.streaks[$0] >= confirmBars })
        else { return false }
        state.current = next
        return true
    }

    /// A switch with `exitOnSwitch`: every working strategy order cancelled, every position closed.
    private func closeEverything(_ section: CrossSection, into intents: inout OrderIntents) {
        for asset in section.positions.indices {
            if section.anyWorking && section.working[asset] != 0 {
                intents.append(OrderIntent(asset: asset, .cancel, quantity: 0))
            }
            if section.positions[asset] != 0 {
                intents.append(OrderIntent(asset: asset, .target, quantity: 0))
            }
        }
    }
}
