// Reads the parts of a backtest request that name its inputs besides the bars: the context (an id, or
// an object with an availability lag), signal datasets, and the signal delay.
import BacktestEngine

extension BacktestSpec {
    /// Most signal datasets one job may name.
    static let maxSignalDatasets = 16

    /// `context`: `"ds_…"` or `{"dataset": "ds_…", "available_after": <seconds> | "<n>s|m|h|d"}`.
    static func decodeContext(_ value: JSONValue?, reader: inout SpecReader) -> (id: String?, lag: Int64) {
        guard let value, value != .null else { return (nil, 0) }
        if case .string(let id) = value { return (id, 0) }
        guard case .object = value else {
            reader.fail(
                "context",
                "expected a context dataset id (\"ds_…\") or {\"dataset\": \"ds_…\", \"available_after\": \"1d\"}, found \(value.typeName)"
            )
            return (nil, 0)
        }
        let object = reader.object(value, at: "context", allowed: ["dataset", "available_after"])
        let id = reader.require(
            reader.string(object, "dataset", at: "context"), "context.dataset",
            "the id of a context dataset (\"ds_…\"), from POST /v1/datasets?kind=context")
        let lag = decodeDuration(object?["available_after"], at: "context.available_after", reader: &reader) ?? 0
        return (id, lag)
    }

    /// A duration: whole seconds as a number, or a string such as `"90s"`, `"30m"`, `"16h"`, `"1d"`.
    static func decodeDuration(_ value: JSONValue?, at path: String, reader: inout SpecReader) -> Int64? {
        guard let value, value != .null else { return nil }
        let hint = "a duration: whole seconds (86400) or a string such as \"30m\", \"16h\", \"1d\""
        switch value {
        case .number(let x):
            guard x == x.rounded(), abs(x) < 1e12 else {
                reader.fail(path, "expected \(hint), found \(x)")
                return nil
            }
            return Int64(x)
        case .string(let text):
            let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
            guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()),
                count <= 1_000_000_000
            else {
                reader.fail(path, "expected \(hint), found \"\(Suggestions.echo(text))\"")
                return nil
            }
            return count * unit
        default:
            reader.fail(path, "expected \(hint), found \(value.typeName)")
            return nil
        }
    }

    /// `signals`: ids of signal datasets, searched in this order for names the bars lack.
    static func decodeSignals(_ root: JSONObject?, reader: inout SpecReader) -> [String] {
        guard let items = reader.array(root, "signals", at: "") else { return [] }
        if items.count > maxSignalDatasets {
            reader.fail("signals", "at most \(maxSignalDatasets) signal datasets per job, found \(items.count)")
        }
        var ids: [String] = []
        for (i, item) in items.prefix(maxSignalDatasets).enumerated() {
            guard case .string(let id) = item else {
                reader.fail("signals[\(i)]", "expected a signals dataset id (\"ds_…\"), found \(item.typeName)")
                continue
            }
            if ids.contains(id) {
                reader.fail("signals[\(i)]", "\"\(Suggestions.echo(id))\" is named twice; name each dataset once")
                continue
            }
            ids.append(id)
        }
        return ids
    }
}
