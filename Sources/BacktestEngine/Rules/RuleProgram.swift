// A rule expression compiled against a dataset: postfix instructions over resolved columns and the
// position's state, evaluated per row on a small stack that lives on the machine stack, so that
// evaluating allocates nothing. Hot path: a `rules` template evaluates its programs on every row.
//
// Truth follows SQL's three-valued logic, with a missing value (NaN) as "unknown": a value is true
// when it is neither 0 nor NaN. A comparison with a missing operand is unknown, `not` of unknown is
// unknown, `a and b` is false when either is false and otherwise unknown when either is, `a or b` is
// true when either is true and otherwise unknown when either is. A rule fires only when its value is
// true, so a missing value never makes a rule fire, negated or not. Arithmetic follows IEEE (a
// missing operand gives a missing result; x / 0 is infinite).

/// What a rule reads about the position of the asset it is evaluated for.
struct RulePositionState {
    /// Signed shares (negative = short).
    var position: Double
    /// Bars (of the dataset) since the position's first entry fill: 0 on the fill bar's close, and
    /// while flat.
    var barsHeld: Double = 0
    /// The position's return at this close on its average entry price: `close / entry − 1` for a
    /// long, `1 − close / entry` for a short; 0 while flat.
    var unrealizedPnlPct: Double = 0

    /// The state of a position of `position` shares entered at bar `entryBar` for `entryPrice`, at
    /// bar `bar`'s close `close`.
    @inline(__always)
    init(position: Double, bar: Int = 0, close: Double = .nan, entryBar: Int = 0, entryPrice: Double = .nan) {
        self.position = position
        guard position != 0 else { return }
        barsHeld = Double(bar - entryBar)
        unrealizedPnlPct = position > 0 ? close / entryPrice - 1 : 1 - close / entryPrice
    }
}

/// A compiled rule expression.
struct RuleProgram {
    enum Instruction: Equatable {
        case constant(Double)
        /// Resolved column `k` of `columns`.
        case column(Int)
        case position, barsHeld, unrealizedPnlPct
        case negate, not
        case binary(RuleOperator)
    }

    /// The instructions, in postfix order.
    let code: [Instruction]
    /// The columns the instructions read.
    let columns: [ResolvedColumn]
    /// Deepest the evaluation stack gets.
    let depth: Int
    /// The same rule as an `and` of simple comparisons, when it is one (the fast path of `holds`).
    let clauses: RuleClauses?

    /// The position-state words a rule may use.
    static let stateNames = ["position", "bars_held", "unrealized_pnl_pct"]

    /// Whether it reads `bars_held` or `unrealized_pnl_pct` (the strategy then reads the entries).
    var readsEntry: Bool { code.contains { $0 == .barsHeld || $0 == .unrealizedPnlPct } }

    /// Compiles `expression`, resolving each name with `resolve` (nil: unknown).
    /// Compiles `expression` against `catalog`'s names. With `deriving`, the columns of its function
    /// calls are computed (before a run); without, only checked (validation). `inFunction`: an
    /// argument of a function, which reads data only (not the position).
    init(
        _ expression: RuleExpression, catalog: ColumnCatalog, deriving: Bool = true, inFunction: Bool = false
    )
        throws(RuleCompileError)
    {
        var code: [Instruction] = []
        var columns: [ResolvedColumn] = []
        var depth = 0
        var current = 0
        func push(_ instruction: Instruction, _ effect: Int) {
            code.append(instruction)
            current += effect
            depth = max(depth, current)
        }
        func emit(_ e: RuleExpression) throws(RuleCompileError) {
            switch e {
            case .number(let x):
                push(.constant(x), 1)
            case .name(let name, let position):
                switch name {
                case "position", "bars_held", "unrealized_pnl_pct":
                    if inFunction { throw .positionInFunction(position: position) }
                    push(name == "position" ? .position : name == "bars_held" ? .barsHeld : .unrealizedPnlPct, 1)
                default:
                    if let holders = catalog.ambiguity(of: name, includingContext: false) {
                        throw .ambiguousName(name, holders, position: position)
                    }
                    guard let column = catalog.resolveRule(name) else { throw .unknownName(name, position: position) }
                    columns.append(column)
                    push(.column(columns.count - 1), 1)
                }
            case .negate(let x):
                try emit(x)
                push(.negate, 0)
            case .not(let x):
                try emit(x)
                push(.not, 0)
            case .binary(let op, let lhs, let rhs):
                try emit(lhs)
                try emit(rhs)
                push(.binary(op), -1)
            case .call(let name, let arguments, let position):
                guard let function = RuleFunction(rawValue: name) else {
                    throw .unknownFunction(name, position: position)
                }
                guard arguments.count == function.arity else { throw .arguments(function, position: position) }
                var window = 0
                if function.takesWindow {
                    guard case .number(let n) = arguments[1], n == n.rounded(), n >= 1,
                        n <= Double(RuleFunction.maxWindow)
                    else { throw .window(function, position: position) }
                    window = Int(n)
                }
                var inputs: [[Double]] = []
                for argument in function.takesWindow ? [arguments[0]] : arguments {
                    let program = try RuleProgram(argument, catalog: catalog, deriving: deriving, inFunction: true)
                    inputs.append(deriving ? program.perRowValues(over: catalog.data) : [])
                }
                let derived =
                    deriving
                    ? function.derive(inputs[0], inputs.count > 1 ? inputs[1] : [], window: window, data: catalog.data)
                    : []
                columns.append(ResolvedColumn(values: derived, perRow: true))
                push(.column(columns.count - 1), 1)
            }
        }
        try emit(expression)
        self.code = code
        self.columns = columns
        self.depth = depth
        self.clauses = RuleClauses(code: code, columns: columns)
    }

    /// The expression's value on data row `row` of bar `bar` with the asset's position `state`.
    @inline(__always)
    func value(row: Int, bar: Int, _ state: RulePositionState) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: depth) { stack in
            var top = -1
            for instruction in code {
                switch instruction {
                case .constant(let x):
                    top += 1
                    stack[top] = x
                case .column(let k):
                    top += 1
                    stack[top] = columns[k].value(row: row, bar: bar)
                case .position:
                    top += 1
                    stack[top] = state.position
                case .barsHeld:
                    top += 1
                    stack[top] = state.barsHeld
                case .unrealizedPnlPct:
                    top += 1
                    stack[top] = state.unrealizedPnlPct
                case .negate:
                    stack[top] = -stack[top]
                case .not:
                    let x = stack[top]
                    stack[top] = x.isNaN ? .nan : x == 0 ? 1 : 0
                case .binary(let op):
                    let rhs = stack[top]
                    top -= 1
                    stack[top] = Self.apply(op, stack[top], rhs)
                }
            }
            return stack[0]
        }
    }

    /// The expression's value on every data row of `data` (a function's argument; no position).
    func column(over data: MarketData) -> [Double] {
        var out = [Double](repeating: .nan, count: data.rowCount)
        let flat = RulePositionState(position: 0)
        for t in data.timestamps.indices {
            for row in data.rowStart[t]..<data.rowStart[t + 1] { out[row] = value(row: row, bar: t, flat) }
        }
        return out
    }

    /// The expression's value per data row, without evaluating it row by row when it is a per-row
    /// column itself (a function's argument such as `close` or `ml_pred`).
    func perRowValues(over data: MarketData) -> [Double] {
        if code.count == 1, case .column(let k) = code[0], columns[k].perRow { return columns[k].values }
        return column(over: data)
    }

    /// Whether the expression holds (its value is neither 0 nor NaN).
    @inline(__always)
    func holds(row: Int, bar: Int, _ state: RulePositionState) -> Bool {
        // Through the optional in place: `if let` would copy the clauses (and retain them) per row.
        if let holds = clauses?.holds(row: row, bar: bar, state) { return holds }
        let x = value(row: row, bar: bar, state)
        return x != 0 && !x.isNaN
    }

    @inline(__always)
    private static func apply(_ op: RuleOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .or:
            if (a != 0 && !a.isNaN) || (b != 0 && !b.isNaN) { return 1 }
            return a.isNaN || b.isNaN ? .nan : 0
        case .and:
            if a == 0 || b == 0 { return 0 }
            return a.isNaN || b.isNaN ? .nan : 1
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        default:
            if a.isNaN || b.isNaN { return .nan }
            switch op {
            case .greater: return a > b ? 1 : 0
            case .greaterOrEqual: return a >= b ? 1 : 0
            case .less: return a < b ? 1 : 0
            case .lessOrEqual: return a <= b ? 1 : 0
            case .equal: return a == b ? 1 : 0
            default: return a != b ? 1 : 0
            }
        }
    }
}

/// A rule expression that does not compile against the data, with the 1-based position of the name.
enum RuleCompileError: Error, Equatable {
    case unknownName(String, position: Int)
    /// A bare name two datasets hold (`holders` says which).
    case ambiguousName(String, String, position: Int)
    case unknownFunction(String, position: Int)
    /// The wrong number of arguments.
    case arguments(RuleFunction, position: Int)
    /// A window that is not a whole number in [1, maxWindow].
    case window(RuleFunction, position: Int)
    /// `position`, `bars_held` or `unrealized_pnl_pct` inside a function's argument.
    case positionInFunction(position: Int)

    /// Whether it is `ambiguousName`.
    var isAmbiguous: Bool {
        if case .ambiguousName = self { return true }
        return false
    }

    /// Where it is.
    var position: Int {
        switch self {
        case .unknownName(_, let p), .ambiguousName(_, _, let p), .unknownFunction(_, let p), .arguments(_, let p),
            .window(_, let p),
            .positionInFunction(let p):
            p
        }
    }

    /// What is wrong, for every case but `unknownName` (whose message lists the names the data has).
    var message: String {
        switch self {
        case .unknownName(let name, _): "\"\(Suggestions.echo(name))\" is not a name a rule can read"
        case .ambiguousName(let name, let holders, _):
            "\"\(Suggestions.echo(name))\" is \(holders); rename it in all but one of them"
        case .unknownFunction(let name, _):
            "\"\(Suggestions.echo(name))\" is not a function."
                + Suggestions.didYouMean(name, in: RuleFunction.allCases.map(\.rawValue))
                + " Functions: " + RuleFunction.allCases.map(\.signature).joined(separator: ", ") + "."
        case .arguments(let f, _):
            "\(f.rawValue) takes \(f.arity == 1 ? "one argument" : "two arguments"): \(f.signature)"
        case .window(let f, _):
            "the window of \(f.signature) must be a whole number of bars from 1 to \(RuleFunction.maxWindow)"
        case .positionInFunction:
            "functions read data, not the position; use position, bars_held and unrealized_pnl_pct outside them"
        }
    }
}
