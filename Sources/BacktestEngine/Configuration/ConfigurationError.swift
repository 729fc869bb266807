// The typed error `Backtest.init` throws when a configuration does not fit the data.

/// Thrown by `Backtest.init` when the configuration does not fit the data.
///
/// `code` is stable and machine-readable; `path` is the JSON path of the offending field of the
/// backtest spec, so the service can report it as an RFC 9457 `errors[]` entry unchanged.
public struct ConfigurationError: Error, Sendable, Equatable {
    /// Stable codes: `unknown_column`, `invalid_parameter`, `empty_data`.
    public var code: String
    /// JSON path of the offending spec field, e.g. `strategy.params.signal`,
    /// `strategy.params.filters[1].column`, `account.initial_cash`.
    public var path: String
    /// Human-readable; names the fix. For unknown columns it lists the available ones.
    public var message: String

    /// Creates an error from its three parts.
    public init(code: String, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// The code for a column name that the data, the context and the bar fields all lack.
    public static let unknownColumn = "unknown_column"
    /// The code for a parameter outside its allowed range (NaN, negative, zero where not allowed).
    public static let invalidParameter = "invalid_parameter"
    /// The code for market data without a single bar or asset.
    public static let emptyData = "empty_data"
}

extension ConfigurationError {
    static func invalid(_ path: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: invalidParameter, path: path, message: message)
    }
}
