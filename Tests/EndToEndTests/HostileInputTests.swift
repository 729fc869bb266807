// No input makes the server answer 5xx or die: seeded random mutations of valid CSV uploads and
// JSON specs, plus odd query strings, all answered with 2xx or 4xx, and the server still healthy.

import BacktestEngine
import BacktestFixtures
import Foundation
import TestSupport
import Testing

@testable import BacktestService

@Suite("Hostile input")
struct HostileInputTests {
    /// `base` with a few random bytes replaced, inserted or deleted.
    static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = base
        let alphabet = Array(",\n\"{}[]:-.eE0123456789 \u{0}\u{FF}NaNinfnull".utf8)
        for _ in 0..<(1 + Int.random(in: 0..<4, using: &rng)) where !bytes.isEmpty {
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            case 1: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: i)
            default: bytes.remove(at: i)
            }
        }
        return bytes
    }

    @Test func mutatedUploadsAndSpecsNeverGet5xx() async throws {
        try await TestServer.with { s in
            let csv = Array(BacktestFlowTests.csv.utf8)
            let upload = try await s.client.uploadCSV(BacktestFlowTests.csv)
            let dataset = try #require(try upload.json["id"]?.stringValue)
            let spec = Array(CanonicalSpec.json(dataset: dataset).utf8)
            var rng = SplitMix64(seed: 2026) // seeded, so a failure reproduces
            var statuses: [Int: Int] = [:]
            for round in 0..<150 {
                let csvBody = Self.mutate(csv, &rng)
                let a = try await s.client.send("POST", "/v1/datasets", body: Data(csvBody), contentType: "text/csv")
                #expect(a.status < 500, "CSV round \(round) answered \(a.status): \(a.text)")
                let specBody = Self.mutate(spec, &rng)
                let b = try await s.client.send(
                    "POST", "/v1/backtests", body: Data(specBody), contentType: "application/json")
                #expect(b.status < 500, "spec round \(round) answered \(b.status): \(b.text)")
                if b.status >= 400 {
                    #expect(b.header("Content-Type") == "application/problem+json", "spec round \(round): \(b.text)")
                }
                statuses[a.status, default: 0] += 1
                statuses[b.status, default: 0] += 1
            }
            #expect(statuses.keys.contains(400) && statuses.keys.contains(201), "\(statuses)")
            for query in [
                "limit=-1", "limit=99999999999999999999", "cursor=%00", "wait=1e308", "wait=-5",
                "wait=nan", "status=", "format=xml", "cursor=999999999",
            ] {
                let r = try await s.client.get("/v1/backtests?\(query)")
                #expect(r.status < 500, "\(query): \(r.status)")
                let one = try await s.client.get("/v1/backtests/bt_x/fills?\(query)")
                #expect(one.status < 500, "\(query): \(one.status)")
            }
            #expect(try await s.client.get("/healthz").status == 200)
        }
    }
}
