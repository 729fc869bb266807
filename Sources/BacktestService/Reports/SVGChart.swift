// Time-series charts as inline SVG, drawn by the server: the report pages load nothing from anywhere
// (no CDN, no script), so they work offline and in any browser. A series longer than the plot is
// wide is reduced to each pixel column's first, lowest, highest and last values, which keeps every
// spike and drawdown visible while the markup stays a few tens of kilobytes.

/// A line chart of one series over time.
struct SVGChart {
    /// The chart's `class` (`equity`, `drawdown`): tests and style sheets find it by that.
    let name: String
    /// Shown in the chart's top left corner.
    let title: String
    let timestamps: [Int64]
    let values: [Double]
    /// Formats the axis labels.
    let label: (Double) -> String
    /// Shades the area between the line and zero (a drawdown) instead of drawing a line only.
    var area = false

    static let width = 960.0
    static let height = 240.0
    static let left = 78.0
    static let right = 12.0
    static let top = 26.0
    static let bottom = 26.0

    /// The `<svg>` element.
    var markup: String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let finite = values.filter(\.isFinite)
        var svg =
            "<svg class=\"chart \(name)\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text class=\"title\" x=\"\(Int(Self.left))\" y=\"16\">\(HTML.escape(title))</text>"
        guard let low0 = finite.min(), let high0 = finite.max(), timestamps.count == values.count, values.count >= 2
        else {
            return svg
                + "<text class=\"empty\" x=\"\(Int(Self.width / 2))\" y=\"\(Int(Self.height / 2))\">no data</text></svg>"
        }
        let low = area ? min(low0, 0) : low0
        let high = area ? max(high0, 0) : high0
        let span = high > low ? high - low : max(abs(high), 1)
        func y(_ v: Double) -> Double { Self.top + plotHeight * (1 - (v - low) / span) }
        func x(_ i: Int) -> Double { Self.left + plotWidth * Double(i) / Double(values.count - 1) }
        // Gridlines and labels at five levels.
        for k in 0...4 {
            let v = low + span * Double(k) / 4
            let at = Self.format(y(v))
            svg +=
                "<line class=\"grid\" x1=\"\(Int(Self.left))\" x2=\"\(Int(Self.width - Self.right))\" y1=\"\(at)\" y2=\"\(at)\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(Int(Self.left - 6))\" y=\"\(at)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(HTML.escape(label(v)))</text>"
        }
        for (i, anchor) in [(0, "start"), (values.count / 2, "middle"), (values.count - 1, "end")] {
            let day = String(UTCTime.format(timestamps[i]).prefix(10))
            svg +=
                "<text class=\"axis\" x=\"\(Self.format(x(i)))\" y=\"\(Int(Self.height - 6))\" text-anchor=\"\(anchor)\">\(day)</text>"
        }
        var points = ""
        for i in reduced(columns: Int(plotWidth)) where values[i].isFinite {
            points += "\(Self.format(x(i))),\(Self.format(y(values[i]))) "
        }
        if area {
            let base = Self.format(y(0))
            svg +=
                "<polygon class=\"area\" points=\"\(Self.format(x(0))),\(base) \(points)\(Self.format(x(values.count - 1))),\(base)\"/>"
        }
        svg += "<polyline class=\"line\" fill=\"none\" points=\"\(points)\"/>"
        return svg + "</svg>"
    }

    /// The indices drawn: all of them when they fit, else per pixel column its first, lowest,
    /// highest and last point, in time order.
    private func reduced(columns: Int) -> [Int] {
        guard values.count > 2 * columns else { return Array(values.indices) }
        var kept: [Int] = []
        kept.reserveCapacity(4 * columns)
        for c in 0..<columns {
            let start = values.count * c / columns
            let end = values.count * (c + 1) / columns
            guard start < end else { continue }
            var lowest = start
            var highest = start
            for i in start..<end where values[i].isFinite {
                if !values[lowest].isFinite || values[i] < values[lowest] { lowest = i }
                if !values[highest].isFinite || values[i] > values[highest] { highest = i }
            }
            for i in Set([start, lowest, highest, end - 1]).sorted() { kept.append(i) }
        }
        return kept
    }

    /// A coordinate with one decimal.
    static func format(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
        return "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }
}
