// The common shape of a rule, `a > x and b < y and …`, evaluated without the stack machine: each
// comparison reads its two operands (a column, a constant or a position word) and contributes a 0/1
// outcome without a branch, as the threshold template's filters do. Hand-tuned because a rules
// template evaluates its entry on every flat row; `RuleProgram` recognizes the shape in its compiled
// code and uses this instead, with the same three-valued truth (a comparison with a missing operand
// is not true, so an `and` of them holds only when every comparison does).

/// An `and` of comparisons between simple operands.
struct RuleClauses {
    /// What a comparison reads.
    enum Operand {
        case column(ResolvedColumn)
        case constant(Double)
        case position, barsHeld, unrealizedPnlPct

        @inline(__always)
        func value(row: Int, bar: Int, _ state: RulePositionState) -> Double {
            switch self {
            case .column(let c): c.value(row: row, bar: bar)
            case .constant(let x): x
            case .position: state.position
            case .barsHeld: state.barsHeld
            case .unrealizedPnlPct: state.unrealizedPnlPct
            }
        }
    }

    /// `lhs <op> rhs`, with the outcomes `op` accepts as bits: 4 for `>`, 2 for `==`, 1 for `<`.
    struct Clause {
        let lhs: Operand
        let rhs: Operand
        let accepted: UInt8

        @inline(__always)
        func passes(row: Int, bar: Int, _ state: RulePositionState) -> Int {
            let x = lhs.value(row: row, bar: bar, state)
            let y = rhs.value(row: row, bar: bar, state)
            let outcome =
                unsafeBitCast(x > y, to: UInt8.self) &<< 2 | unsafeBitCast(x == y, to: UInt8.self) &<< 1
                | unsafeBitCast(x < y, to: UInt8.self)
            return Int(unsafeBitCast(outcome & accepted != 0, to: UInt8.self))
        }
    }

    let clauses: [Clause]

    /// Whether the first comparison fails: enough to refuse the rule without reading the others.
    @inline(__always)
    func firstFails(row: Int, bar: Int, _ state: RulePositionState) -> Bool {
        clauses.withUnsafeBufferPointer { $0[0].passes(row: row, bar: bar, state) == 0 }
    }

    /// Whether every comparison holds.
    @inline(__always)
    func holds(row: Int, bar: Int, _ state: RulePositionState) -> Bool {
        // Indexed in place: `for clause in clauses` copies each clause, retaining its columns.
        clauses.withUnsafeBufferPointer { clauses in
            // The first clause alone decides most rows (an entry's signal level rarely passes), so it
            // is tested first; the rest are counted without a branch.
            guard clauses[0].passes(row: row, bar: bar, state) == 1 else { return false }
            var passed = 1
            for i in 1..<clauses.count { passed &+= clauses[i].passes(row: row, bar: bar, state) }
            return passed == clauses.count
        }
    }

    /// The clauses of postfix `code` when it is `c1 and c2 and …` (each `c` an operand, an operand
    /// and a comparison), else nil.
    init?(code: [RuleProgram.Instruction], columns: [ResolvedColumn]) {
        var clauses: [Clause] = []
        var i = 0
        func operand(_ instruction: RuleProgram.Instruction) -> Operand? {
            switch instruction {
            case .constant(let x): .constant(x)
            case .column(let k): .column(columns[k])
            case .position: .position
            case .barsHeld: .barsHeld
            case .unrealizedPnlPct: .unrealizedPnlPct
            default: nil
            }
        }
        while i + 2 < code.count {
            guard let lhs = operand(code[i]), let rhs = operand(code[i + 1]), case .binary(let op) = code[i + 2],
                let accepted = Self.accepted(op)
            else { return nil }
            clauses.append(Clause(lhs: lhs, rhs: rhs, accepted: accepted))
            i += 3
            if clauses.count > 1 {
                guard i < code.count, code[i] == .binary(.and) else { return nil }
                i += 1
            }
        }
        guard i == code.count, !clauses.isEmpty else { return nil }
        self.clauses = clauses
    }

    private static func accepted(_ op: RuleOperator) -> UInt8? {
        switch op {
        case .greater: 4
        case .greaterOrEqual: 4 | 2
        case .less: 1
        case .lessOrEqual: 1 | 2
        case .equal: 2
        case .notEqual: 4 | 1
        default: nil
        }
    }
}
