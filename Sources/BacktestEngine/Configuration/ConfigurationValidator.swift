// Checks a configuration against the data and gathers every problem with its JSON path.

/// Gathers every problem of a configuration against the data, in a stable order
/// (data, account, commission, strategy fields in declaration order).
struct ConfigurationValidator {
    let catalog: ColumnCatalog
    let data: MarketData

    init(data: MarketData, context: ContextSeries?) {
        self.data = data
        self.catalog = ColumnCatalog(data: data, context: context)
    }

    func problems(in configuration: BacktestConfiguration) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if data.timestamps.isEmpty || data.assets.isEmpty || data.rowCount == 0 {
            problems.append(
                ConfigurationError(
                    code: ConfigurationError.emptyData, path: "dataset_id",
                    message: "the dataset has no bars; upload data with at least one row"))
        }
        let cash = configuration.initialCash
        if !(cash.isFinite && cash > 0) {
            problems.append(.invalid("account.initial_cash", "initial_cash must be a finite number > 0, got \(cash)"))
        }
        problems += commissionProblems(configuration.commission)
        problems += riskProblems(configuration.risk)
        switch configuration.strategy {
        case .threshold(let parameters):
            problems += thresholdProblems(parameters)
        }
        return problems
    }

    private func commissionProblems(_ model: CommissionModel) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        switch model {
        case .percent(let rate):
            if !(rate.isFinite && rate >= 0) {
                problems.append(
                    .invalid("account.commission.rate", "commission rate must be finite and >= 0, got \(rate)"))
            }
        case .perShare(let rate, let minimum):
            if !(rate.isFinite && rate >= 0) {
                problems.append(
                    .invalid("account.commission.rate", "per-share rate must be finite and >= 0, got \(rate)"))
            }
            if !(minimum.isFinite && minimum >= 0) {
                problems.append(
                    .invalid("account.commission.minimum", "minimum commission must be finite and >= 0, got \(minimum)")
                )
            }
        }
        return problems
    }

    private func riskProblems(_ rules: PositionRules) -> [ConfigurationError] {
        var problems: [ConfigurationError] = []
        for (name, value) in [
            ("stop_loss", rules.stopLoss), ("take_profit", rules.takeProfit), ("trailing_stop", rules.trailingStop),
        ] {
            if let f = value, !(f > 0 && f < 1) {
                problems.append(
                    .invalid("risk.\(name)", "\(name) is a fraction of the entry price in (0, 1), got \(f)"))
            }
        }
        if let n = rules.maxBars, n < 1 {
            problems.append(.invalid("risk.max_bars", "max_bars must be at least 1, got \(n)"))
        }
        return problems
    }

    private func thresholdProblems(_ p: ThresholdParameters) -> [ConfigurationError] {
        let base = "strategy.params"
        var problems: [ConfigurationError] = []
        if let problem = catalog.unknownColumnProblem(p.signal, path: "\(base).signal") {
            problems.append(problem)
        }
        if !p.entryAbove.isFinite {
            problems.append(.invalid("\(base).entry_above", "entry_above must be a finite number, got \(p.entryAbove)"))
        }
        if !p.exitBelow.isFinite {
            problems.append(.invalid("\(base).exit_below", "exit_below must be a finite number, got \(p.exitBelow)"))
        }
        for (i, filter) in p.filters.enumerated() {
            let path = "\(base).filters[\(i)]"
            if let problem = catalog.unknownColumnProblem(filter.column, path: "\(path).column") {
                problems.append(problem)
            }
            if !filter.value.isFinite {
                problems.append(.invalid("\(path).value", "filter value must be a finite number, got \(filter.value)"))
            }
        }
        if let problem = sizingProblem(p.sizing, path: "\(base).sizing") {
            problems.append(problem)
        }
        return problems
    }

    private func sizingProblem(_ sizing: Sizing, path: String) -> ConfigurationError? {
        switch sizing {
        case .equalInitial(let fraction), .percentEquity(let fraction):
            guard fraction.isFinite && fraction > 0 else {
                return .invalid("\(path).fraction", "sizing fraction must be a finite number > 0, got \(fraction)")
            }
        case .fixedValue(let value):
            guard value.isFinite && value > 0 else {
                return .invalid("\(path).value", "sizing value must be a finite number > 0, got \(value)")
            }
        case .fixedQuantity(let quantity):
            guard quantity >= 1 else {
                return .invalid("\(path).quantity", "sizing quantity must be an integer >= 1, got \(quantity)")
            }
        }
        return nil
    }
}
