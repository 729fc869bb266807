// The typed error `Backtest.init` throws when a configuration does not fit the data.

/// Thrown by `Backtest.init` when the configuration does not fit the data.
///
/// `code` is stable and machine-readable; `field` names the offending part of the configuration, which
/// the service maps to the JSON path of the spec it decoded.
public struct ConfigurationError: Error, Sendable, Equatable {
    /// Stable codes: `unknown_column`, `ambiguous_column`, `missing_column`, `invalid_parameter`,
    /// `invalid_expression`, `empty_data`, `unknown_asset`.
    public var code: String
    /// The offending field.
    public var field: ConfigurationField
    /// Human-readable; names the fix. For unknown columns it lists the available ones.
    public var message: String

    /// Creates an error from its three parts.
    public init(code: String, field: ConfigurationField, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// The code for a column name that the data, the context and the bar fields all lack.
    public static let unknownColumn = "unknown_column"
    /// The code for a column name that both the bars dataset and the context have.
    public static let ambiguousColumn = "ambiguous_column"
    /// The code for a configuration that needs a bar field the upload did not have (`next_open` fills
    /// without an `open` column).
    public static let missingColumn = "missing_column"
    /// The code for a parameter outside its allowed range (NaN, negative, zero where not allowed).
    public static let invalidParameter = "invalid_parameter"
    /// The code for a rule expression that does not parse (the message names the character).
    public static let invalidExpression = "invalid_expression"
    /// The code for market data without a single bar or asset.
    public static let emptyData = "empty_data"
    /// The code for an asset identifier the bars dataset lacks (a benchmark asset).
    public static let unknownAsset = "unknown_asset"
}

extension ConfigurationError {
    static func invalid(_ field: ConfigurationField, _ message: String) -> ConfigurationError {
        ConfigurationError(code: invalidParameter, field: field, message: message)
    }
}
