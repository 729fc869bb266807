// Validating a `POST /v1/sweeps` body: its own members, then every combination as the backtest spec
// it makes, with each problem reported once at the place the user must edit: `grid["risk.stop_loss"][1]`
// for a listed value, `random.ranges["…"]` for a drawn one, `base.…` for the base spec.
import BacktestEngine
import Foundation

extension SweepSpec {
    static let topLevelFields = ["name", "base", "grid", "random", "objective", "walk_forward"]

    /// The sweep a request body (or a stored echo) asks for, with at most `maxCombinations`
    /// combinations, or every problem found in its own members (a 422). The combinations' backtest
    /// specs are checked by `children()`.
    static func decode(_ body: JSONValue, maxCombinations: Int) -> Result<SweepSpec, Problem> {
        var reader = SpecReader()
        let root = reader.object(body, at: "", allowed: topLevelFields)
        let name = reader.string(root, "name", at: "")
        if let name { reader.check(name.count <= 200, "name", "at most 200 characters; this one has \(name.count)") }
        let base = reader.require(
            reader.object(root?["base"], at: "base", allowed: BacktestSpec.topLevelFields), "base",
            "the backtest spec every combination starts from, as POST /v1/backtests takes it")
        let objective = SweepObjective.decode(root?["objective"], reader: &reader)
        let axes: [SweepAxis]
        let method: SweepMethod
        switch (root?["grid"], root?["random"]) {
        case (let grid?, nil) where grid != .null:
            (axes, method) = (decodeGrid(grid, maxCombinations: maxCombinations, reader: &reader), .grid)
        case (nil, let random?) where random != .null:
            (axes, method) = decodeRandom(random, maxCombinations: maxCombinations, reader: &reader)
        case (nil, nil):
            reader.fail(
                "grid", "required: a grid ({\"path\": [values, …]}) or a random sweep ({\"n\", \"seed\", \"ranges\"})")
            (axes, method) = ([], .grid)
        default:
            reader.fail("random", "give either grid or random, not both")
            (axes, method) = ([], .grid)
        }
        checkOverlaps(axes, method: method, reader: &reader)
        var walkForward: WalkForward?
        if let value = root?["walk_forward"], value != .null {
            walkForward = WalkForward.decode(value, objective: objective, reader: &reader)
            if let window = base?["window"], window != .null {
                reader.fail("base.window", "walk_forward sets each run's window; leave base.window out")
            }
            for axis in axes where axis.path.steps.first == .member("window") {
                reader.fail(
                    "grid[\(JSONWriter.text(.string(axis.name)))]",
                    "walk_forward sets each run's window; sweep other paths")
            }
        }
        guard reader.problems.isEmpty, let base else { return .failure(.invalidSpec(reader.problems)) }
        return .success(
            SweepSpec(
                name: name, base: .object(base), axes: axes, method: method, objective: objective,
                walkForward: walkForward))
    }

    /// Every combination's backtest spec, in combination order (nil for one that does not decode),
    /// and the problems found, each reported once where the user fixes it.
    func children() -> (specs: [BacktestSpec?], problems: SweepProblems) {
        var specs: [BacktestSpec?] = []
        specs.reserveCapacity(count)
        var problems = SweepProblems()
        for c in 0..<count {
            switch childJSON(c) {
            case .failure(let unreachable):
                specs.append(nil)
                problems.add(ProblemItem(path: place(of: unreachable.axis), message: unreachable.reason))
            case .success(let json):
                switch BacktestSpec.decode(json) {
                case .success(let child): specs.append(child)
                case .failure(let problem):
                    specs.append(nil)
                    for item in problem.errors { problems.add(childProblem(item, combination: c), said: item.message) }
                }
            }
            if problems.isFull { break }
        }
        return (specs, problems)
    }

    /// A swept path the base spec cannot take.
    struct UnreachableAxis: Error {
        let axis: Int
        let reason: String
    }

    /// The JSON of combination `c`: the base with each axis's value set at its path.
    func childJSON(_ c: Int) -> Result<JSONValue, UnreachableAxis> {
        var json = base
        for (i, value) in values(of: c).enumerated() {
            switch axes[i].path.setting(value, in: json) {
            case .success(let next): json = next
            case .failure(let failure): return .failure(UnreachableAxis(axis: i, reason: failure.reason))
            }
        }
        return .success(json)
    }

    /// Where axis `i` is written: `grid["path"]` or `random.ranges["path"]`.
    func place(of i: Int) -> String {
        let quoted = JSONWriter.text(.string(axes[i].name))
        switch method {
        case .grid: return "grid[\(quoted)]"
        case .random: return "random.ranges[\(quoted)]"
        }
    }

    /// Where the user edits the value axis `i` takes in combination `c`: the grid's value, or the
    /// range it was drawn from.
    func place(of i: Int, combination c: Int) -> String {
        guard case .grid = method else { return place(of: i) }
        return "\(place(of: i))[\(valueIndices(of: c)[i])]"
    }

    /// A problem of combination `c`'s backtest spec, placed where the user fixes it: under the axis
    /// whose value caused it, else in the base spec.
    func childProblem(_ item: ProblemItem, combination c: Int) -> ProblemItem {
        guard let i = axes.firstIndex(where: { $0.path.covers(item.path) }) else {
            return ProblemItem(path: item.path == "body" ? "base" : "base.\(item.path)", message: item.message)
        }
        let rest = item.path.dropFirst(axes[i].name.count)
        var message = item.message
        if case .random = method {
            message +=
                " (the value drawn for combination \(c) is \(JSONWriter.text(values(of: c)[i])); other draws may fail the same way)"
        }
        return ProblemItem(path: place(of: i, combination: c) + rest, message: message)
    }

    private static func decodeGrid(_ value: JSONValue, maxCombinations: Int, reader: inout SpecReader) -> [SweepAxis] {
        guard case .object(let grid) = value else {
            reader.fail(
                "grid", "expected an object {\"strategy.params.entry_above\": [0.6, 0.7], …}, found \(value.typeName)")
            return []
        }
        guard !grid.members.isEmpty else {
            reader.fail("grid", "name at least one path, with the values it takes: {\"risk.stop_loss\": [0.02, 0.05]}")
            return []
        }
        var axes: [SweepAxis] = []
        var combinations = 1
        for (key, values) in grid.members {
            let at = "grid[\(JSONWriter.text(.string(key)))]"
            guard let path = path(key, at: at, reader: &reader) else { continue }
            guard case .array(let items) = values, !items.isEmpty else {
                let found = values == .array([]) ? "an empty array" : values.typeName
                reader.fail(at, "expected a non-empty array of the values \(key) takes, found \(found)")
                continue
            }
            let (product, overflow) = combinations.multipliedReportingOverflow(by: items.count)
            combinations = overflow ? Int.max : product
            axes.append(SweepAxis(path: path, values: items))
        }
        if combinations > maxCombinations {
            reader.fail(
                "grid",
                "the grid makes \(combinations == Int.max ? "too many" : String(combinations)) combinations; at most \(maxCombinations) are allowed (split it into several sweeps, or use random)"
            )
        }
        return axes
    }

    private static func decodeRandom(
        _ value: JSONValue, maxCombinations: Int, reader: inout SpecReader
    ) -> ([SweepAxis], SweepMethod) {
        let object = reader.object(value, at: "random", allowed: ["n", "seed", "ranges"])
        let count = reader.require(
            reader.integer(object, "n", at: "random"), "random.n", "how many combinations to draw")
        if let count {
            reader.check(
                (1...maxCombinations).contains(count), "random.n", "expected 1 to \(maxCombinations), found \(count)")
        }
        let seed = reader.integer(object, "seed", at: "random") ?? 0
        reader.check(seed >= 0, "random.seed", "expected a whole number from 0, found \(seed)")
        guard let rangesValue = object?["ranges"], case .object(let ranges) = rangesValue, !ranges.members.isEmpty
        else {
            reader.fail(
                "random.ranges",
                "required: an object of paths and where each is drawn from, e.g. {\"risk.stop_loss\": {\"min\": 0.01, \"max\": 0.1}}"
            )
            return ([], .grid)
        }
        var paths: [SpecPath] = []
        var resolved: [SweepRange] = []
        for (key, range) in ranges.members {
            let at = "random.ranges[\(JSONWriter.text(.string(key)))]"
            let path = path(key, at: at, reader: &reader)
            let decoded = decodeRange(range, at: at, reader: &reader)
            if let path, let decoded {
                paths.append(path)
                resolved.append(decoded)
            }
        }
        guard let count, (1...maxCombinations).contains(count), seed >= 0, reader.problems.isEmpty else {
            return ([], .grid)
        }
        return (
            draw(paths, resolved, count: count, seed: UInt64(seed)),
            .random(count: count, seed: UInt64(seed), ranges: resolved)
        )
    }

    /// Draws `count` combinations, axis by axis within each combination, from one generator.
    static func draw(_ paths: [SpecPath], _ ranges: [SweepRange], count: Int, seed: UInt64) -> [SweepAxis] {
        var generator = SplitMix64(seed: seed)
        var values = [[JSONValue]](repeating: [], count: paths.count)
        for _ in 0..<count {
            for (i, range) in ranges.enumerated() {
                let u = generator.unit()
                switch range {
                case .uniform(let low, let high, false): values[i].append(.number(low + u * (high - low)))
                case .uniform(let low, let high, true):
                    values[i].append(.number(exp(log(low) + u * (log(high) - log(low)))))
                case .integer(let low, let high): values[i].append(.int(low + Int(u * Double(high - low + 1))))
                case .choice(let options): values[i].append(options[Int(u * Double(options.count))])
                }
            }
        }
        return zip(paths, values).map { SweepAxis(path: $0, values: $1) }
    }

    private static func decodeRange(_ value: JSONValue, at path: String, reader: inout SpecReader) -> SweepRange? {
        let before = reader.problems.count
        guard let object = reader.object(value, at: path, allowed: ["min", "max", "integer", "log", "values"]) else {
            if !reader.problems.contains(where: { $0.path == path }) {
                reader.fail(path, "expected {\"min\", \"max\"} (with \"integer\" or \"log\"), or {\"values\": […]}")
            }
            return nil
        }
        if let options = reader.array(object, "values", at: path) {
            reader.check(!options.isEmpty, "\(path).values", "name at least one value")
            reader.check(
                object["min"] == nil && object["max"] == nil, path, "give either values or min and max, not both")
            return reader.problems.count == before ? .choice(options) : nil
        }
        let low = reader.require(reader.number(object, "min", at: path), "\(path).min", "the smallest value drawn")
        let high = reader.require(reader.number(object, "max", at: path), "\(path).max", "the largest value drawn")
        let integer = reader.boolean(object, "integer", at: path) ?? false
        let log = reader.boolean(object, "log", at: path) ?? false
        guard let low, let high, reader.problems.count == before else { return nil }
        reader.check(low <= high, "\(path).max", "must be at least min (\(low)); found \(high)")
        reader.check(!(integer && log), path, "a range is integer or log, not both")
        if log { reader.check(low > 0, "\(path).min", "a log range needs min above 0; found \(low)") }
        if integer {
            reader.check(
                low == low.rounded() && high == high.rounded() && abs(low) < 1e15 && abs(high) < 1e15, path,
                "an integer range needs whole-number min and max")
        }
        guard reader.problems.count == before else { return nil }
        return integer ? .integer(min: Int(low), max: Int(high)) : .uniform(min: low, max: high, log: log)
    }

    private static func path(_ key: String, at place: String, reader: inout SpecReader) -> SpecPath? {
        guard let path = SpecPath(key) else {
            reader.fail(
                place,
                "not a spec path; write member names joined by dots, with [n] for an array element, e.g. strategy.params.filters[0].value"
            )
            return nil
        }
        return path
    }

    /// Two swept paths where one lies under the other set the same value twice.
    private static func checkOverlaps(_ axes: [SweepAxis], method: SweepMethod, reader: inout SpecReader) {
        for (i, a) in axes.enumerated() {
            for b in axes[(i + 1)...] where a.path.covers(b.name) || b.path.covers(a.name) {
                let section = if case .grid = method { "grid" } else { "random.ranges" }
                reader.fail(
                    "\(section)[\(JSONWriter.text(.string(b.name)))]",
                    "\(b.name) and \(a.name) overlap; sweep one of them, or the parts of the larger one separately")
            }
        }
    }
}

/// A bounded, de-duplicated list of the problems of many combinations.
struct SweepProblems {
    private(set) var items: [ProblemItem] = []
    private var seen: Set<String> = []

    var isFull: Bool { items.count > SpecReader.maxProblems }

    /// Adds `item` unless one at the same path said `said` already (`said`: the message before any
    /// note of the combination, so a random sweep reports a range's problem once, naming the first
    /// draw that has it).
    mutating func add(_ item: ProblemItem, said: String? = nil) {
        guard !isFull, seen.insert("\(item.path)\u{0}\(said ?? item.message)").inserted else { return }
        if items.count == SpecReader.maxProblems {
            items.append(
                ProblemItem(path: "body", message: "more than \(SpecReader.maxProblems) problems; fix these first"))
        } else {
            items.append(item)
        }
    }
}
