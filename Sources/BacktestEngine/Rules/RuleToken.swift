// The tokens of a rule expression (`ml_pred > 0.8 and ctx.vix < 30`) and the lexer that finds them,
// each with the character position it starts at, so a syntax error can point at it.

/// One token of a rule expression.
struct RuleToken: Equatable {
    enum Kind: Equatable {
        /// A number literal (`0.8`, `1e-3`, `30`).
        case number(Double)
        /// A name: a column, a context column (`ctx.vix`, one token), a position-state word or a
        /// function. Keywords are names too until the parser reads them.
        case name(String)
        /// `+ - * / ( ) ,` and the comparisons `> >= < <= == !=`.
        case symbol(String)
        /// The end of the text.
        case end
    }

    let kind: Kind
    /// 1-based character position of the token's first character.
    let position: Int
}

/// Splits a rule expression into tokens.
enum RuleLexer {
    /// Symbols, the two-character ones first.
    private static let symbols = [">=", "<=", "==", "!=", ">", "<", "+", "-", "*", "/", "(", ")", ","]

    /// The tokens of `text`, ending with `.end`; a character that starts no token is a syntax error.
    static func tokens(_ text: String) throws(RuleSyntaxError) -> [RuleToken] {
        let chars = Array(text.unicodeScalars)
        var tokens: [RuleToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.properties.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                i = numberEnd(chars, from: i)
                let literal = String(String.UnicodeScalarView(chars[start..<i]))
                guard let value = Double(literal), value.isFinite else {
                    throw RuleSyntaxError(position: start + 1, message: "\"\(literal)\" is not a number")
                }
                tokens.append(RuleToken(kind: .number(value), position: start + 1))
                continue
            }
            if isNameStart(c) {
                while i < chars.count && (isNameStart(chars[i]) || isDigit(chars[i]) || chars[i] == ".") { i += 1 }
                let name = String(String.UnicodeScalarView(chars[start..<i]))
                tokens.append(RuleToken(kind: .name(name), position: start + 1))
                continue
            }
            guard let symbol = symbols.first(where: { matches($0, chars, at: i) }) else {
                let shown = c == "=" ? "\"=\" (compare with \"==\")" : "\"\(Character(c))\""
                throw RuleSyntaxError(position: start + 1, message: "unexpected \(shown)")
            }
            i += symbol.unicodeScalars.count
            tokens.append(RuleToken(kind: .symbol(symbol), position: start + 1))
        }
        tokens.append(RuleToken(kind: .end, position: chars.count + 1))
        return tokens
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    /// Where the number starting at `i` ends: digits, one fraction, one exponent.
    private static func numberEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < chars.count && isDigit(chars[i]) { i += 1 }
        if i < chars.count && chars[i] == "." {
            i += 1
            while i < chars.count && isDigit(chars[i]) { i += 1 }
        }
        if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
            var j = i + 1
            if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
            if j < chars.count && isDigit(chars[j]) {
                i = j
                while i < chars.count && isDigit(chars[i]) { i += 1 }
            }
        }
        return i
    }

    private static func matches(_ symbol: String, _ chars: [Unicode.Scalar], at i: Int) -> Bool {
        let s = Array(symbol.unicodeScalars)
        return i + s.count <= chars.count && Array(chars[i..<i + s.count]) == s
    }
}
