// Portfolio limits the engine enforces whatever the template says (`limits` in the spec).

/// What reaching the drawdown limit does.
public enum DrawdownAction: String, Sendable, CaseIterable {
    /// Refuse new entries for the rest of the run; open positions stay.
    case halt
    /// Close every position (market orders, purpose `liquidation`) and refuse new entries.
    case liquidate
}

/// Limits on the whole account, all off by default.
///
/// Checked at each fill that adds exposure (rejected with the limit's reason code, never resized):
/// `maxGrossExposure` (gross exposure over equity after the fill), `maxNetExposure` (|net exposure|
/// over equity, when the fill increases it), `maxPositions` (a fill that opens a position while
/// that many are open), `maxPositionWeight` (the position's |value| over equity after the fill).
/// Checked at each close, recorded as account events: `maxDrawdown` (`1 − equity / peak` reaching
/// it: entries halt for the rest of the run, and with `liquidate` every position is closed), and
/// `dailyLoss` (`1 − equity / equity at the previous UTC day's last close` reaching it: entries
/// halt until the next day). While halted, an order that would add exposure is rejected
/// (`trading_halted`) and resting entries are cancelled the same way.
public struct PortfolioLimits: Sendable, Equatable {
    /// Drawdown fraction in (0, 1).
    public var maxDrawdown: Double?
    /// What reaching `maxDrawdown` does.
    public var onMaxDrawdown: DrawdownAction
    /// Loss within one UTC day, as a fraction in (0, 1).
    public var dailyLoss: Double?
    /// Gross exposure cap, a multiple of equity > 0.
    public var maxGrossExposure: Double?
    /// Net exposure cap, a multiple of equity > 0.
    public var maxNetExposure: Double?
    /// Most positions open at once, >= 1.
    public var maxPositions: Int?
    /// Largest position as a fraction of equity, in (0, 1] (or above 1 with leverage).
    public var maxPositionWeight: Double?

    /// Limits as given; nil leaves a limit off.
    public init(
        maxDrawdown: Double? = nil, onMaxDrawdown: DrawdownAction = .halt, dailyLoss: Double? = nil,
        maxGrossExposure: Double? = nil, maxNetExposure: Double? = nil, maxPositions: Int? = nil,
        maxPositionWeight: Double? = nil
    ) {
        self.maxDrawdown = maxDrawdown
        self.onMaxDrawdown = onMaxDrawdown
        self.dailyLoss = dailyLoss
        self.maxGrossExposure = maxGrossExposure
        self.maxNetExposure = maxNetExposure
        self.maxPositions = maxPositions
        self.maxPositionWeight = maxPositionWeight
    }

    /// No limit at all.
    public static let none = PortfolioLimits()

    /// Whether any fill-time limit is set.
    var checksFills: Bool {
        maxGrossExposure != nil || maxNetExposure != nil || maxPositions != nil || maxPositionWeight != nil
    }

    /// Whether any close-time limit is set.
    var checksCloses: Bool { maxDrawdown != nil || dailyLoss != nil }
}
