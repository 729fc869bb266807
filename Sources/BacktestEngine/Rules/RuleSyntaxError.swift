// What is wrong with a rule expression, and where.

/// A rule expression that does not parse: the 1-based character position and what was expected.
public struct RuleSyntaxError: Error, Equatable, Sendable {
    /// 1-based character position in the expression.
    public let position: Int
    /// What is wrong, e.g. `expected ")" to close the "(" at character 3`.
    public let message: String

    /// An error at `position`.
    public init(position: Int, message: String) {
        self.position = position
        self.message = message
    }
}
