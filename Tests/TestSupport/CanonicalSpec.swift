// The canonical parity strategy (shared/design/canonical-strategy.md) as a `POST /v1/backtests` body.

/// Request bodies for the canonical strategy.
public enum CanonicalSpec {
    /// Entry `ml_pred > 0.8` and `confidence > 0.7`, exit `ml_pred < 0.4`, equal initial allocation
    /// of `fraction`, 0.1 % commission, next-open fills, 1,000,000 cash. `extra` is appended to the
    /// top-level object (e.g. `"risk": {"stop_loss": 0.02}`), `params` to the strategy's parameters
    /// (`"short_below": 0.2`), `account` to the account (`"type": "margin"`), `execution` to the
    /// execution object (`"slippage": {…}`) and `commission` replaces the commission object.
    public static func json(
        dataset: String, fraction: Double = 0.95, fill: String = "next_open", extra: String? = nil,
        params: String? = nil, account: String? = nil, execution: String? = nil, commission: String? = nil
    ) -> String {
        """
        {"dataset": "\(dataset)",
         "strategy": {"template": "threshold",
                      "params": {"signal": "ml_pred", "entry_above": 0.8, "exit_below": 0.4,
                                 "filters": [{"column": "confidence", "op": ">", "value": 0.7}],
                                 "sizing": {"method": "equal_initial", "fraction": \(fraction)}\(more(params))}},
         "execution": {"fill": "\(fill)", "commission": \(commission ?? #"{"model": "percent", "rate": 0.001}"#)\(more(execution))},
         "account": {"initial_cash": 1000000\(more(account))}\(more(extra))}
        """
    }

    private static func more(_ members: String?) -> String { members.map { ", " + $0 } ?? "" }
}
