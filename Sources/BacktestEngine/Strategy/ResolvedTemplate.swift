// A strategy template resolved to its monomorphized strategy, as one value: what a regime holds for
// each of its regimes, and what `Backtest` builds its simulation from.

/// A template resolved to its monomorphized strategy: every template but `regime` (which holds
/// these).
enum ResolvedTemplate {
    case threshold(PerAssetStrategy<ThresholdStrategy>)
    case rules(PerAssetStrategy<RulesStrategy>)
    case targetWeights(TargetWeightsStrategy)
    case topK(TopKStrategy)

    /// `spec` resolved against `catalog`; precondition: `spec` is not `regime` (validated).
    init(_ spec: StrategySpec, catalog: ColumnCatalog, configuration: BacktestConfiguration) {
        let rounding = QuantityRounding(configuration.account)
        let cash = configuration.initialCash
        switch spec {
        case .threshold(let p):
            self = .threshold(
                PerAssetStrategy(
                    template: ThresholdStrategy(p, catalog: catalog, initialCash: cash, rounding: rounding)))
        case .rules(let p):
            self = .rules(
                PerAssetStrategy(template: RulesStrategy(p, catalog: catalog, initialCash: cash, rounding: rounding)))
        case .targetWeights(let p):
            self = .targetWeights(TargetWeightsStrategy(p, catalog: catalog, rounding: rounding))
        case .topK(let p):
            self = .topK(TopKStrategy(p, catalog: catalog, rounding: rounding))
        case .regime:
            preconditionFailure("a regime is not a template of a regime (validated)")
        }
    }

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
