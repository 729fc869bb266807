// A sweep spec as the API echoes it and the store keeps it: the request's own members, defaults
// filled in, so that decoding the echo gives the same sweep (a random one draws the same values).

extension SweepSpec {
    /// `{name, base, grid | random, objective, walk_forward}`.
    var json: JSONValue {
        var object = JSONObject()
        object.append("name", .optional(name))
        object.append("base", base)
        switch method {
        case .grid:
            object.append("grid", .object(JSONObject(members: axes.map { ($0.name, .array($0.values)) })))
        case .random(let count, let seed, let ranges):
            let members = zip(axes, ranges).map { axis, range in (axis.name, Self.json(range)) }
            object.append(
                "random",
                .object([
                    "n": .int(count), "seed": .number(Double(seed)), "ranges": .object(JSONObject(members: members)),
                ]))
        }
        object.append("objective", objective.json)
        object.append("walk_forward", walkForward?.json ?? .null)
        return .object(object)
    }

    private static func json(_ range: SweepRange) -> JSONValue {
        switch range {
        case .uniform(let low, let high, let log):
            log
                ? .object(["min": .number(low), "max": .number(high), "log": .bool(true)])
                : .object(["min": .number(low), "max": .number(high)])
        case .integer(let low, let high): .object(["min": .int(low), "max": .int(high), "integer": .bool(true)])
        case .choice(let values): .object(["values": .array(values)])
        }
    }
}
