// A sweep's statistics as the API answers them (`overfitting` of a sweep) and as the embedded store
// keeps them: one document, read back by the same names. Undefined numbers are null.

extension SweepStatistics: Equatable {
    /// Equal when their stored forms are (an undefined statistic equals itself).
    public static func == (lhs: SweepStatistics, rhs: SweepStatistics) -> Bool {
        JSONWriter.encode(lhs.stored) == JSONWriter.encode(rhs.stored)
    }
}

extension SweepStatistics {
    /// The `overfitting` member of a sweep (`best` is written by the sweep, which knows the ids).
    var json: JSONValue {
        .object([
            "trials": .int(trials),
            "observations": .int(observations),
            "sharpe": .finite(sharpe),
            "skewness": .finite(skewness),
            "kurtosis": .finite(kurtosis),
            "sharpe_variance": .finite(sharpeVariance),
            "expected_max_sharpe": .finite(expectedMaxSharpe),
            "probabilistic_sharpe": .finite(probabilisticSharpe),
            "deflated_sharpe": .finite(deflatedSharpe),
            "pbo": .optional(pbo),
            "pbo_blocks": .int(pboBlocks),
            "pbo_splits": .int(pboSplits),
            "pbo_note": .optional(pboNote),
        ])
    }

    /// The stored form: `json` with the best combination and its value.
    var stored: JSONValue {
        guard case .object(var object) = json else { return json }
        object.append("best", best.map(JSONValue.int) ?? .null)
        object.append("best_value", .finite(bestValue))
        return .object(object)
    }

    /// Statistics read back from `stored`.
    init(stored value: JSONValue) {
        self.init()
        func number(_ key: String) -> Double { value[key]?.numberValue ?? .nan }
        best = value["best"]?.numberValue.map { Int($0) }
        bestValue = number("best_value")
        trials = Int(value["trials"]?.numberValue ?? 0)
        observations = Int(value["observations"]?.numberValue ?? 0)
        sharpe = number("sharpe")
        skewness = number("skewness")
        kurtosis = number("kurtosis")
        sharpeVariance = number("sharpe_variance")
        expectedMaxSharpe = number("expected_max_sharpe")
        probabilisticSharpe = number("probabilistic_sharpe")
        deflatedSharpe = number("deflated_sharpe")
        pbo = value["pbo"]?.numberValue
        pboBlocks = Int(value["pbo_blocks"]?.numberValue ?? 0)
        pboSplits = Int(value["pbo_splits"]?.numberValue ?? 0)
        pboNote = value["pbo_note"]?.stringValue
    }
}
