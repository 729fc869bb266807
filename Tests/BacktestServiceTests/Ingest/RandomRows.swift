// Random CSV data lines for the fast/slow path agreement test: a random layout (bars, context or
// signals,
// shuffled columns, up to 40 value columns) and valid rows written in every form ingest accepts
// (timestamp forms, asset names that need quotes, decimal forms with exponents and long mantissas,
// blank cells, CRLF, blank lines, quoted and space-padded cells), each with the value `Double(String)`
// gives its text, plus mutations that make them invalid.

import BacktestEngine
import BacktestFixtures

@testable import BacktestService

/// Writes random data lines (no header) for a random layout.
struct RandomRows {
    var rng: SplitMix64
    let layout: IngestLayout
    /// When false, every line is plain (no quotes, padding or blank lines): the fast path must take all.
    let decorated: Bool

    init(seed: UInt64, decorated: Bool) {
        var rng = SplitMix64(seed: seed)
        var names: [String]
        let kind: IngestKind
        let pick = rng.next() % 4
        if pick == 0 {
            kind = .context
            names = ["timestamp"] + (0..<Int.random(in: 1...40, using: &rng)).map { "c\($0)" }
        } else if pick == 1 {
            kind = .signals
            names = ["timestamp", "asset", "name", "value"] + (Bool.random(using: &rng) ? ["available_at"] : [])
        } else {
            kind = .bars
            names = ["timestamp", "asset", "close"]
            for name in ["open", "high", "low", "volume"] where Bool.random(using: &rng) { names.append(name) }
            names += (0..<Int.random(in: 0...40, using: &rng)).map { "s\($0)" }
        }
        names.shuffle(using: &rng)
        self.rng = rng
        self.layout = IngestLayout(kind: kind, names: names)
        self.decorated = decorated
    }

    /// `count` data lines and, per row, the value each numeric slot must hold (`Double(String)` of
    /// the cell's text, NaN for a missing signal).
    mutating func lines(_ count: Int) -> (bytes: [UInt8], values: [[Double]]) {
        var text = ""
        var values: [[Double]] = []
        for i in 0..<count {
            if decorated && chance(15) { text += ["", "  ", "\t"].randomElement(using: &rng)! + ending() }
            let (cells, row) = self.row()
            values.append(row)
            text += cells.joined(separator: ",")
            if i < count - 1 || Bool.random(using: &rng) { text += ending() }
        }
        return (Array(text.utf8), values)
    }

    /// One row's cells and slot values.
    private mutating func row() -> ([String], [Double]) {
        // Integer cents with low <= open, close <= high, so every decimal form of them is a valid bar.
        let low = Int64.random(in: 1...10_000_000, using: &rng)
        let close = low + Int64.random(in: 0...1_000, using: &rng)
        let open = low + Int64.random(in: 0...1_000, using: &rng)
        let high = max(open, close) + Int64.random(in: 0...1_000, using: &rng)
        var slots = [Double](repeating: .nan, count: layout.slotCount)
        var cells: [String] = []
        for (column, role) in layout.roles.enumerated() {
            switch role {
            case .timestamp:
                cells.append(decorate(timestamp()))
            case .asset, .label:
                cells.append(asset())
            case .availableAt:
                cells.append(chance(4) ? "" : decorate(timestamp()))
            case .number(let slot, let rule):
                let text: String
                switch (rule, layout.names[column]) {
                case (.price, "open"): text = price(open)
                case (.price, "high"): text = price(high, roundedUp: true)
                case (.price, "low"): text = price(low)
                case (.price, _): text = price(close)
                case (.volume, _): text = ["0", "-0", "1500", "1.5e3", "2.5", "7E+2"].randomElement(using: &rng)!
                case (.signal, _): text = signal()
                }
                slots[slot] = text.isEmpty ? .nan : Double(text)!
                cells.append(decorate(text))
            }
        }
        return (cells, slots)
    }

    private mutating func chance(_ oneIn: UInt64) -> Bool { rng.next() % oneIn == 0 }

    private mutating func ending() -> String { Bool.random(using: &rng) ? "\n" : "\r\n" }

    /// Quotes or pads a cell now and then (decorated files only).
    private mutating func decorate(_ cell: String) -> String {
        guard decorated else { return cell }
        if chance(20) { return "\"\(cell)\"" }
        if chance(20) {
            return [" ", "\t"].randomElement(using: &rng)! + cell + [" ", ""].randomElement(using: &rng)!
        }
        return cell
    }

    private mutating func timestamp() -> String {
        let seconds = Int64.random(in: 0...4_102_444_799, using: &rng) // 1970 ... 2099
        let text = UTCTime.format(seconds) // 2020-01-02T14:30:00Z
        let date = String(text.prefix(10))
        let time = String(text.dropFirst(11).prefix(8))
        switch rng.next() % 7 {
        case 0: return date
        case 1: return "\(date)T\(time).000Z"
        case 2: return "\(date)T\(time)+00:00"
        case 3: return "\(date) \(time)"
        case 4: return "\(date)T\(time)"
        case 5: return "\(date)T\(time)-00:00"
        default: return text
        }
    }

    private mutating func asset() -> String {
        let plain = ["AAPL", "A000", "BRK.B", "Ä-ß", "x y", " pad", "€", "MSFT"]
        guard decorated else { return plain.randomElement(using: &rng)! }
        switch rng.next() % 6 {
        case 0: return "\"A,B\"" // one field
        case 1: return "\"Q\"\"uo\"\"te\"" // Q"uo"te
        case 2: return "A\"B" // a quote inside an unquoted field is a character
        case 3: return "\"\(plain.randomElement(using: &rng)!)\""
        default: return plain.randomElement(using: &rng)!
        }
    }

    /// A decimal form of `cents / 100`; `roundedUp` may add digits past the 19th (the exact
    /// fallback), which only raises the value.
    private mutating func price(_ cents: Int64, roundedUp: Bool = false) -> String {
        let whole = cents / 100
        let fraction = cents % 100
        let two = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        switch rng.next() % 9 {
        case 0: return "\(cents)e-2"
        case 1: return "\(cents)E-02"
        case 2: return "+\(whole).\(two)"
        case 3: return "\(whole).\(two)000000"
        case 4: return "0\(whole).\(two)"
        case 5 where fraction == 0: return Bool.random(using: &rng) ? "\(whole)" : "\(whole)."
        case 6: return "\(whole).\(two)e0"
        case 7 where roundedUp: return "\(whole).\(two)00000000000000000000001"
        case 8: return "\(Double(cents) / 100)" // shortest round-trip text, sometimes with an exponent
        default: return "\(whole).\(two)"
        }
    }

    /// Signal texts at the edges: signed zeros, bare points, a plus sign, the subnormal and normal
    /// limits, the largest finite double.
    static let specialSignals = [
        "-0", "0", ".5", "5.", "+2", "1e-300", "4.9e-324", "1.7976931348623157e308", "2.2250738585072011e-308",
    ]

    private mutating func signal() -> String {
        switch rng.next() % 12 {
        case 0: return ""
        case 1: return Bool.random(using: &rng) ? "NaN" : "nan"
        case 2: return Self.specialSignals.randomElement(using: &rng)!
        case 3: return "0.\(rng.next())\(rng.next())" // past 19 digits: the exact fallback
        case 4: return "\(Int.random(in: -999_999...999_999, using: &rng))e\(Int.random(in: -30...30, using: &rng))"
        case 5: return "\(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))" // any finite positive double
        default: return "\(Double.random(in: -1...1, using: &rng))"
        }
    }

    /// `bytes` with a few random edits from the characters that matter to the parser.
    mutating func mutated(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let alphabet: [UInt8] = Array(",\"\r\n xe.-0+".utf8) + [0xFF, 0xC3]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...out.count, using: &rng)
            let byte = alphabet.randomElement(using: &rng)!
            switch rng.next() % 3 {
            case 0 where at < out.count: out[at] = byte
            case 1 where at < out.count: out.remove(at: at)
            default: out.insert(byte, at: at)
            }
        }
        return out
    }
}
