// Which of the optional bar fields an upload carried. `close` is always there; a missing open, high
// or low is filled with the close and a missing volume with 0, so the columns stay dense, and this
// set says which values are real (a `next_open` run needs real opens, a filter on volume real
// volumes).

/// The optional bar fields present in a dataset.
public struct BarFields: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt8

    /// Fields from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `open` prices.
    public static let open = BarFields(rawValue: 1 << 0)
    /// `high` prices.
    public static let high = BarFields(rawValue: 1 << 1)
    /// `low` prices.
    public static let low = BarFields(rawValue: 1 << 2)
    /// `volume`.
    public static let volume = BarFields(rawValue: 1 << 3)
    /// Every optional field.
    public static let all: BarFields = [.open, .high, .low, .volume]
}
