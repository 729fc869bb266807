// How a rule expression's names resolve: `ctx.NAME` reads context column NAME, any other name a
// signal of the bars dataset, of a signal dataset, or a bar field, so a name means one thing whatever the context holds.

extension ColumnCatalog {
    /// The prefix that names a context column in a rule expression.
    static let contextPrefix = "ctx."

    /// Where a rule expression's `name` points, or nil.
    func ruleSource(of name: String) -> ColumnSource? {
        if name.hasPrefix(Self.contextPrefix) {
            let column = String(name.dropFirst(Self.contextPrefix.count))
            return context?.names.firstIndex(of: column).map(ColumnSource.context)
        }
        if let k = data.signalIndex(named: name) { return .signal(k) }
        if let source = pointInTimeSource(of: name) { return source }
        if let field = BarField(rawValue: name), field.optional.map(data.fields.contains) ?? true {
            return .bar(field)
        }
        return nil
    }

    /// The column behind a rule expression's `name`, or nil when it does not resolve.
    func resolveRule(_ name: String) -> ResolvedColumn? {
        guard let source = ruleSource(of: name) else { return nil }
        return resolve(source)
    }

    /// The problem of a rule expression's unknown `name` at character `position`: the closest name
    /// and every name a rule may use.
    func unknownRuleName(_ name: String, position: Int, field: ConfigurationField) -> ConfigurationError {
        let contextNames = (context?.names ?? []).map { Self.contextPrefix + $0 }
        let known = signalNames + contextNames + barFieldNames + RuleProgram.stateNames
        var message = "at character \(position): \"\(Suggestions.echo(name))\" is not a name a rule can read."
        message += Suggestions.didYouMean(name, in: known)
        message += " Available: signals \(Suggestions.list(signalNames))"
        message += ", context \(Suggestions.list(contextNames))"
        message += ", bar fields \(Suggestions.list(barFieldNames))"
        message += ", position state \(Suggestions.list(RuleProgram.stateNames))."
        return ConfigurationError(code: ConfigurationError.unknownColumn, field: field, message: message)
    }
}
