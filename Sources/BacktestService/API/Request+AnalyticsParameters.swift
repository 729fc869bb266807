// The query parameters of the analytics routes, each checked with a 400 that names it and the fix:
// `window` (rolling Sharpe), `horizons`, `quantiles` and `signals` (signal quality).
import MicroHTTP

/// What a signal quality request asks for.
struct SignalQualityQuery: Sendable {
    /// Bars ahead, in the order asked, without repeats.
    var horizons: [Int]
    /// Number of signal quantiles.
    var quantiles: Int
    /// The signals to measure; nil for every signal the run reads.
    var signals: [String]?

    /// A canonical form, for the cache key.
    var key: String {
        "h=\(horizons.map(String.init).joined(separator: ","))&q=\(quantiles)&s=\(signals?.joined(separator: ",") ?? "*")"
    }
}

extension Request {
    /// The default and the bounds of `?window=`.
    static let rollingWindows = (standard: 126, range: 2...2_520)
    /// The defaults and bounds of signal quality's parameters.
    static let signalQualityLimits = (
        horizons: [1, 5, 20], horizon: 1...1_000, maxHorizons: 10, quantiles: 5, quantileRange: 2...20
    )

    /// `?window=`: sessions per rolling window, 2 to 2,520 (126 when absent).
    func rollingWindow() -> Result<Int, Problem> {
        guard let text = query["window"] else { return .success(Self.rollingWindows.standard) }
        guard let n = Int(text), Self.rollingWindows.range.contains(n) else {
            return .failure(
                .badQuery(
                    "window",
                    "expected a whole number of sessions from 2 to 2,520 (63 is about a quarter, 252 a year), found \"\(text)\""
                ))
        }
        return .success(n)
    }

    /// `?horizons=1,5,20&quantiles=5&signals=ml_pred,confidence`.
    func signalQualityQuery() -> Result<SignalQualityQuery, Problem> {
        let limits = Self.signalQualityLimits
        var horizons = limits.horizons
        if let text = query["horizons"] {
            horizons = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let h = Int(part), limits.horizon.contains(h) else {
                    return .failure(
                        .badQuery(
                            "horizons",
                            "expected bars ahead as whole numbers from 1 to 1,000 separated by commas (1,5,20), found \"\(text)\""
                        ))
                }
                if !horizons.contains(h) { horizons.append(h) }
            }
            guard horizons.count <= limits.maxHorizons else {
                return .failure(
                    .badQuery("horizons", "at most \(limits.maxHorizons) horizons, found \(horizons.count)"))
            }
        }
        var quantiles = limits.quantiles
        if let text = query["quantiles"] {
            guard let q = Int(text), limits.quantileRange.contains(q) else {
                return .failure(
                    .badQuery(
                        "quantiles",
                        "expected a whole number of quantiles from 2 to 20 (5 for quintiles), found \"\(text)\""))
            }
            quantiles = q
        }
        var signals: [String]?
        if let text = query["signals"] {
            let names = text.split(separator: ",").map(String.init)
            guard !names.isEmpty else {
                return .failure(
                    .badQuery("signals", "expected signal names separated by commas, or no parameter for all"))
            }
            signals = names
        }
        return .success(SignalQualityQuery(horizons: horizons, quantiles: quantiles, signals: signals))
    }
}
