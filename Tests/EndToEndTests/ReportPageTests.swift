// The pages in a real browser: headless Chromium (Debian's `chromium`, installed by `make test`)
// loads a backtest's report and the job list, the test finds the charts, the metrics, the trades,
// the rejections and the links in the DOM the browser built, saves a screenshot of each, and checks
// that the browser logged no console message and fetched nothing but the page.
import BacktestFixtures
import BacktestService
import Foundation
import TestSupport
import Testing

@Suite("Pages in headless Chromium")
struct ReportPageTests {
    /// What one headless load gave.
    struct Load {
        var dom: String
        var log: String
        var screenshot: Data
    }

    /// Loads `url` in headless Chromium twice: once dumping the DOM (with the browser's log on
    /// stderr), once saving a 1280-pixel-wide screenshot.
    static func load(_ url: String, in directory: URL) async throws -> Load {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "headless Chromium is needed: apt-get install chromium (make test installs it)")
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--enable-logging=stderr",
            "--v=0", "--log-level=0",
        ]
        let dom = try await Python.runToolOffPool(chromium, common + ["--dump-dom", url])
        try #require(dom.status == 0, "\(dom.output)")
        let png = directory.appendingPathComponent("page-\(UUID().uuidString).png")
        let shot = try await Python.runToolOffPool(
            chromium, common + ["--hide-scrollbars", "--window-size=1280,2400", "--screenshot=\(png.path)", url])
        try #require(shot.status == 0, "\(shot.output)")
        return Load(dom: dom.output, log: dom.output + shot.output, screenshot: try Data(contentsOf: png))
    }

    /// Console messages and failed loads the browser logged (its own start-up noise aside).
    static func complaints(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains("CONSOLE") || $0.contains("Failed to load resource") || $0.contains("net::ERR_")
        }
    }

    @Test func theReportAndTheJobListLoadInABrowser() async throws {
        try await TestServer.with { s in
            let csv = SyntheticCSV.canonical(assets: 6, bars: 390 * 45, seed: 21)
            let upload = try await s.client.send("POST", "/v1/datasets", body: Data(csv), contentType: "text/csv")
            try #require(upload.status == 201, "\(upload.text)")
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let spec = #"""
                {"dataset": "\#(dataset)", "name": "report <check> & \"quotes\"",
                 "strategy": {"template": "threshold", "params": {"signal": "ml_pred", "entry_above": 0.7, "exit_below": 0.4,
                   "sizing": {"method": "percent_equity", "fraction": 0.3}}},
                 "risk": {"stop_loss": 0.003}}
                """#
            let submitted = try await s.client.submit(spec)
            try #require(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json["id"]?.stringValue)
            let job = try await s.client.waitForJob(id)
            try #require(job["status"]?.stringValue == "succeeded", "\(job)")
            let trades = Int(job["summary"]?["trades"]?.numberValue ?? 0)
            let rejections = Int(job["summary"]?["rejections"]?.numberValue ?? 0)
            #expect(trades > 100)

            let directory = try Python.temporaryDirectory("chromium")
            defer { try? FileManager.default.removeItem(at: directory) }
            let report = try await Self.load(s.client.baseURL + "/v1/backtests/\(id)/report", in: directory)
            let dom = report.dom
            #expect(dom.contains("<svg class=\"chart equity\""))
            #expect(dom.contains("<svg class=\"chart drawdown\""))
            #expect(dom.components(separatedBy: "<polyline class=\"line\"").count == 3, "one line per chart")
            #expect(dom.contains("<table class=\"heatmap\""))
            #expect(dom.contains("<table class=\"metrics\""))
            for name in ["final_equity", "sharpe", "max_drawdown", "cost_drag"] {
                #expect(dom.contains("<th>\(name)</th>"))
            }
            // The first 100 trades, and a link to every row.
            let tradeRows =
                dom.components(separatedBy: "<tr class=\"win\">").count
                + dom.components(separatedBy: "<tr class=\"loss\">").count - 2
            #expect(tradeRows == min(100, trades))
            #expect(dom.contains("/v1/backtests/\(id)/trades?format=csv"))
            // Six entries of 30 % of equity each cannot all be paid for: some are rejected.
            #expect(rejections > 0)
            #expect(dom.contains("<table class=\"rejections\""))
            #expect(dom.contains("insufficient_cash"))
            // Names are escaped, never markup.
            #expect(dom.contains("report &lt;check&gt; &amp;"))
            #expect(!dom.contains("<check>"))
            #expect(report.screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(report.screenshot.count > 20_000)
            #expect(Self.complaints(report.log).isEmpty, "\(Self.complaints(report.log))")

            // A small sweep, so the job list has both tables.
            let sweep = #"""
                {"name": "listed", "base": \#(spec),
                 "grid": {"strategy.params.entry_above": [0.75, 0.8], "risk.stop_loss": [0.003, 0.01]}}
                """#
            let swept = try await s.client.send(
                "POST", "/v1/sweeps", body: Data(sweep.utf8), contentType: "application/json")
            try #require(swept.status == 202, "\(swept.text)")
            let sweepID = try #require(try swept.json["id"]?.stringValue)
            #expect(try await s.client.get("/v1/sweeps/\(sweepID)?wait=60").json["status"]?.stringValue == "succeeded")
            let report2 = try await Self.load(s.client.baseURL + "/v1/sweeps/\(sweepID)/report", in: directory)
            let table = try #require(
                report2.dom.components(separatedBy: "<table class=\"heatmap sweep\">").dropFirst().first?
                    .components(separatedBy: "</table>").first)
            #expect(table.contains("<th>0.75</th><th>0.8</th>"))
            #expect(table.components(separatedBy: "<td style=").count - 1 == 4, "one cell per combination")
            #expect(report2.dom.contains("<table class=\"combinations\""))
            #expect(report2.dom.contains("deflated Sharpe"))
            #expect(report2.screenshot.count > 10_000)
            #expect(Self.complaints(report2.log).isEmpty, "\(Self.complaints(report2.log))")
            // A walk-forward sweep's report: the stitched equity and one row per window.
            let walkForward = #"""
                {"name": "walked", "base": \#(spec), "grid": {"strategy.params.entry_above": [0.75, 0.8]},
                 "walk_forward": {"train_bars": 5850, "test_bars": 3900}}
                """#
            let walked = try await s.client.send(
                "POST", "/v1/sweeps", body: Data(walkForward.utf8), contentType: "application/json")
            try #require(walked.status == 202, "\(walked.text)")
            let walkedID = try #require(try walked.json["id"]?.stringValue)
            #expect(try await s.client.get("/v1/sweeps/\(walkedID)?wait=60").json["status"]?.stringValue == "succeeded")
            let report3 = try await Self.load(s.client.baseURL + "/v1/sweeps/\(walkedID)/report", in: directory)
            #expect(report3.dom.contains("<svg class=\"chart equity walk-forward\""))
            #expect(report3.dom.components(separatedBy: "<polyline class=\"line\"").count == 2, "the stitched curve")
            let windows = try #require(
                report3.dom.components(separatedBy: "<table class=\"windows\">").dropFirst().first?
                    .components(separatedBy: "</table>").first)
            #expect(windows.components(separatedBy: "<tr><td>").count - 1 == 3, "one row per window")
            #expect(windows.components(separatedBy: ">report</a>").count - 1 == 3, "a report per test run")
            #expect(!report3.dom.contains("<table class=\"heatmap sweep\">"))
            #expect(Self.complaints(report3.log).isEmpty, "\(Self.complaints(report3.log))")
            let list = try await Self.load(s.client.baseURL + "/", in: directory)
            #expect(list.dom.contains("<table class=\"jobs\""))
            #expect(list.dom.contains("<table class=\"sweeps\""))
            #expect(list.dom.contains("href=\"/v1/backtests/\(id)/report\""))
            #expect(list.dom.contains("href=\"/v1/sweeps/\(sweepID)/report\""))
            #expect(list.dom.contains("<span class=\"status succeeded\">"))
            // A sweep's children are on its report, not in the list of backtests.
            let children = try await s.client.get("/v1/sweeps/\(sweepID)").json["children"]?.arrayValue ?? []
            #expect(children.count == 4)
            for child in children.compactMap({ $0.stringValue }) { #expect(!list.dom.contains(child)) }
            for link in ["/docs", "/openapi.yaml", "/v1", "/healthz"] { #expect(list.dom.contains("href=\"\(link)\"")) }
            // Everything has finished: the page no longer reloads itself.
            #expect(!list.dom.contains("http-equiv=\"refresh\""))
            #expect(list.screenshot.count > 10_000)
            #expect(Self.complaints(list.log).isEmpty, "\(Self.complaints(list.log))")
        }
    }
}
