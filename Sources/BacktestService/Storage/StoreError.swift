// Why a store could not do what it was asked: the one error every `Store` method throws.

/// A storage failure with a stable code; the API answers it as a 5xx problem.
public struct StoreError: Error, Sendable, Equatable {
    /// The kinds of failure.
    public enum Code: String, Sendable {
        /// Reading or writing failed (disk full, permissions, I/O error).
        case io = "storage_io"
        /// Stored bytes are not what was written (checksum mismatch, torn or foreign file).
        case corrupt = "storage_corrupt"
    }

    /// What kind of failure.
    public var code: Code
    /// What failed, for logs and the problem's detail.
    public var message: String

    /// A failure of `code`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
