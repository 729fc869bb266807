// The `analytics` member of a backtest request: read with its defaults, echoed so that the echo
// decodes back to the same spec, and every problem reported at its JSON path.
import BacktestEngine
import Testing

@testable import BacktestService

@Suite("Analytics in the spec")
struct AnalyticsSpecTests {
    let strategy =
        #""strategy": {"template": "threshold", "params": {"signal": "s", "entry_above": 0.8, "exit_below": 0.4}}"#

    func decode(_ analytics: String) throws -> Result<BacktestSpec, Problem> {
        BacktestSpec.decode(
            try JSONParser.parse(Array(#"{"dataset": "d", \#(strategy), "analytics": \#(analytics)}"#.utf8)))
    }

    func paths(_ analytics: String) throws -> [String] {
        guard case .failure(let problem) = try decode(analytics) else {
            Issue.record("decoded; expected problems")
            return []
        }
        return problem.errors.map(\.path)
    }

    @Test func defaultsAreEchoedAndRoundTrip() throws {
        let spec = try BacktestSpec.decode(try JSONParser.parse(Array(#"{"dataset": "d", \#(strategy)}"#.utf8))).get()
        #expect(spec.configuration.analytics == .standard)
        #expect(
            spec.json["analytics"]
                == .object([
                    "risk_free_rate": .number(0), "periods_per_year": .number(252), "session_gap": .null,
                    "benchmark": .null,
                ]))
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
    }

    @Test func everyMemberIsReadAndRoundTrips() throws {
        let spec = try decode(
            #"{"risk_free_rate": 0.02, "periods_per_year": 365, "session_gap": "2h", "benchmark": {"asset": "SPY"}}"#
        ).get()
        #expect(
            spec.configuration.analytics
                == AnalyticsSettings(
                    riskFreeRate: 0.02, periodsPerYear: 365, sessionGap: 7_200, benchmark: .asset("SPY")))
        #expect(spec.json["analytics"]?["session_gap"] == .int(7_200))
        #expect(BacktestSpec.decode(spec.json) == .success(spec))
        let context = try decode(#"{"benchmark": {"context": "spx"}, "session_gap": 5400}"#).get()
        #expect(context.configuration.analytics.benchmark == .context("spx"))
        #expect(context.configuration.analytics.sessionGap == 5_400)
        #expect(BacktestSpec.decode(context.json) == .success(context))
        #expect(try decode("null").get().configuration.analytics == .standard)
    }

    @Test func problemsNameTheirPaths() throws {
        #expect(try paths(#"{"risk_free": 0.02}"#) == ["analytics.risk_free"])
        #expect(
            try paths(#"{"risk_free_rate": "2%", "periods_per_year": true}"#) == [
                "analytics.risk_free_rate", "analytics.periods_per_year",
            ])
        #expect(try paths(#"{"session_gap": "2 hours"}"#) == ["analytics.session_gap"])
        #expect(try paths(#"{"benchmark": "SPY"}"#) == ["analytics.benchmark"])
        #expect(try paths(#"{"benchmark": {}}"#) == ["analytics.benchmark"])
        #expect(try paths(#"{"benchmark": {"asset": "A", "context": "b"}}"#) == ["analytics.benchmark"])
        #expect(try paths(#"{"benchmark": {"asset": 3}}"#) == ["analytics.benchmark.asset"])
        #expect(try paths("[]") == ["analytics"])
    }

    /// The engine's problems come back at the spec's paths.
    @Test func engineFieldsMapToAnalyticsPaths() {
        #expect(ConfigurationField.riskFreeRate.specPath == "analytics.risk_free_rate")
        #expect(ConfigurationField.periodsPerYear.specPath == "analytics.periods_per_year")
        #expect(ConfigurationField.sessionGap.specPath == "analytics.session_gap")
        #expect(ConfigurationField.benchmarkAsset.specPath == "analytics.benchmark.asset")
        #expect(ConfigurationField.benchmarkContext.specPath == "analytics.benchmark.context")
    }
}
