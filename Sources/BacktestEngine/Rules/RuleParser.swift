// Parses a rule expression by precedence climbing. Grammar (loosest first):
//   expr  := and ("or" and)*
//   and   := not ("and" not)*
//   not   := "not" not | cmp
//   cmp   := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?      comparisons do not chain
//   sum   := prod (("+" | "-") prod)*
//   prod  := unary (("*" | "/") unary)*
//   unary := "-" unary | atom
//   atom  := number | name | name "(" (expr ("," expr)*)? ")" | "(" expr ")"
// Keywords (`and`, `or`, `not`) are case-insensitive; names are case-sensitive.

/// Parses rule expressions.
public enum RuleParser {
    /// Most nested parentheses, calls and unary operators accepted (a hostile expression cannot
    /// exhaust the stack).
    public static let maxDepth = 64
    /// Longest expression accepted, in characters.
    public static let maxLength = 4_096

    /// The expression `text` as a tree, or the first syntax error with its position.
    public static func parse(_ text: String) throws(RuleSyntaxError) -> RuleExpression {
        let length = text.unicodeScalars.count
        guard length <= maxLength else {
            throw RuleSyntaxError(
                position: maxLength + 1, message: "the expression has \(length) characters; at most \(maxLength)")
        }
        var parser = Parser(tokens: try RuleLexer.tokens(text))
        if case .end = parser.peek.kind {
            throw RuleSyntaxError(position: 1, message: "the expression is empty")
        }
        let expression = try parser.expression()
        guard case .end = parser.peek.kind else {
            throw RuleSyntaxError(
                position: parser.peek.position, message: "expected an operator or the end, found \(parser.peek.shown)")
        }
        return expression
    }

    private struct Parser {
        let tokens: [RuleToken]
        var index = 0
        var depth = 0

        var peek: RuleToken { tokens[index] }

        mutating func advance() -> RuleToken {
            let token = tokens[index]
            if index < tokens.count - 1 { index += 1 }
            return token
        }

        func isKeyword(_ word: String) -> Bool {
            if case .name(let name) = peek.kind { return name.lowercased() == word }
            return false
        }

        func isSymbol(_ symbol: String) -> Bool { peek.kind == .symbol(symbol) }

        mutating func nest() throws(RuleSyntaxError) {
            depth += 1
            if depth > RuleParser.maxDepth {
                throw RuleSyntaxError(position: peek.position, message: "nested more than \(RuleParser.maxDepth) deep")
            }
        }

        mutating func expression() throws(RuleSyntaxError) -> RuleExpression {
            var lhs = try conjunction()
            while isKeyword("or") {
                _ = advance()
                lhs = .binary(.or, lhs, try conjunction())
            }
            return lhs
        }

        mutating func conjunction() throws(RuleSyntaxError) -> RuleExpression {
            var lhs = try negation()
            while isKeyword("and") {
                _ = advance()
                lhs = .binary(.and, lhs, try negation())
            }
            return lhs
        }

        mutating func negation() throws(RuleSyntaxError) -> RuleExpression {
            guard isKeyword("not") else { return try comparison() }
            _ = advance()
            try nest()
            defer { depth -= 1 }
            return .not(try negation())
        }

        mutating func comparison() throws(RuleSyntaxError) -> RuleExpression {
            let lhs = try sum()
            guard case .symbol(let s) = peek.kind, let op = RuleOperator(rawValue: s), op.precedence == 3 else {
                return lhs
            }
            _ = advance()
            let rhs = try sum()
            if case .symbol(let next) = peek.kind, let again = RuleOperator(rawValue: next), again.precedence == 3 {
                throw RuleSyntaxError(
                    position: peek.position,
                    message: "comparisons do not chain; write \"a \(s) b and b \(next) c\"")
            }
            return .binary(op, lhs, rhs)
        }

        mutating func sum() throws(RuleSyntaxError) -> RuleExpression {
            var lhs = try product()
            while isSymbol("+") || isSymbol("-") {
                let op: RuleOperator = advance().kind == .symbol("+") ? .add : .subtract
                lhs = .binary(op, lhs, try product())
            }
            return lhs
        }

        mutating func product() throws(RuleSyntaxError) -> RuleExpression {
            var lhs = try unary()
            while isSymbol("*") || isSymbol("/") {
                let op: RuleOperator = advance().kind == .symbol("*") ? .multiply : .divide
                lhs = .binary(op, lhs, try unary())
            }
            return lhs
        }

        mutating func unary() throws(RuleSyntaxError) -> RuleExpression {
            guard isSymbol("-") else { return try atom() }
            _ = advance()
            try nest()
            defer { depth -= 1 }
            return .negate(try unary())
        }

        mutating func atom() throws(RuleSyntaxError) -> RuleExpression {
            let token = advance()
            switch token.kind {
            case .number(let x):
                return .number(x)
            case .symbol("("):
                try nest()
                defer { depth -= 1 }
                let inner = try expression()
                try close(opening: token)
                return inner
            case .name(let name):
                if ["and", "or", "not"].contains(name.lowercased()) {
                    throw RuleSyntaxError(position: token.position, message: "expected a value before \"\(name)\"")
                }
                guard isSymbol("(") else { return .name(name, position: token.position) }
                let open = advance()
                try nest()
                defer { depth -= 1 }
                var arguments: [RuleExpression] = []
                if !isSymbol(")") {
                    arguments.append(try expression())
                    while isSymbol(",") {
                        _ = advance()
                        arguments.append(try expression())
                    }
                }
                try close(opening: open)
                return .call(name, arguments, position: token.position)
            default:
                throw RuleSyntaxError(position: token.position, message: "expected a value, found \(token.shown)")
            }
        }

        mutating func close(opening: RuleToken) throws(RuleSyntaxError) {
            guard isSymbol(")") else {
                throw RuleSyntaxError(
                    position: peek.position,
                    message: "expected \")\" to close the \"(\" at character \(opening.position), found \(peek.shown)")
            }
            _ = advance()
        }
    }
}

extension RuleToken {
    /// The token as a message shows it.
    var shown: String {
        switch kind {
        case .number(let x): "the number \(x)"
        case .name(let n): "\"\(Suggestions.echo(n))\""
        case .symbol(let s): "\"\(s)\""
        case .end: "the end"
        }
    }
}
