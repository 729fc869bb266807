// How computed numbers of results and summaries are written: `?precision=rounded` (the default) or
// `full`, and the rounding rule of each kind of number (money, ratio). The rule is documented for
// clients in api-spec/openapi.yaml (`components/parameters/Precision`) and the README.
import BacktestEngine
import MicroHTTP

/// The `precision` query parameter of the result, job and job-list routes.
public enum Precision: String, CaseIterable, Sendable {
    /// Money to 1e-9 of the currency unit and at most 15 significant digits; ratios to 1e-12 and at
    /// most 12 significant digits (see `NumberKind`). The engine keeps full precision; only the text
    /// is rounded.
    case rounded
    /// Every number as the engine computed it, in shortest round-trip form (parity checks).
    case full

    /// The default when the query names none.
    public static let standard = Precision.rounded
}

/// What a computed, non-integer number denotes; it decides how `Precision.rounded` writes it.
///
/// A number is written as the decimal nearest to it with at most `decimals` places and at most
/// `significantDigits` significant digits (ties to even; trailing zeros dropped; `-0` as `0`), in
/// plain notation while its integer part has at most `significantDigits` digits and as
/// `d.ddde+N` beyond. A decimal of at most 15 significant digits converts to a double and back
/// unchanged, so the text is exactly the rounded value and reads back to the double nearest it.
public enum NumberKind: Sendable, Equatable {
    /// An amount of the account's currency: prices, commissions, cash, equity, pnl.
    case money
    /// A dimensionless quantity: returns, drawdowns, Sharpe and other ratios of money.
    case ratio

    /// Most digits after the decimal point.
    public var decimals: Int {
        switch self {
        case .money: 9
        case .ratio: 12
        }
    }

    /// Most significant digits (at most 15, so the text survives a round trip through a double).
    public var significantDigits: Int {
        switch self {
        case .money: 15
        case .ratio: 12
        }
    }
}

extension Request {
    /// `?precision=`: `rounded` (default) or `full`; a 400 problem naming both, with a "did you
    /// mean", for anything else.
    func precision() -> Result<Precision, Problem> {
        guard let text = query["precision"] else { return .success(.standard) }
        if let precision = Precision(rawValue: text) { return .success(precision) }
        let allowed = Precision.allCases.map(\.rawValue)
        return .failure(
            .badQuery(
                "precision",
                "expected one of \(Suggestions.list(allowed)), found \"\(Suggestions.echo(text))\".\(Suggestions.didYouMean(text, in: allowed))"
            ))
    }
}
