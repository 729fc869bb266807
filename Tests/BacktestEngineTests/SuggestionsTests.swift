// The one "did you mean": its threshold, tie-breaking, case, transpositions, bounded cost, and the
// echo and list helpers that every message with a client's name uses.
import Testing

@testable import BacktestEngine

@Suite struct SuggestionsTests {
    @Test func suggestsNearNames() {
        #expect(Suggestions.closest(to: "acount", in: ["account", "dataset"]) == "account")
        #expect(Suggestions.closest(to: "Close", in: ["close", "open"]) == "close")
        #expect(Suggestions.closest(to: "zzzzzz", in: ["account"]) == nil)
        #expect(Suggestions.closest(to: "ml_prd", in: ["ml_pred", "confidence", "close"]) == "ml_pred")
        #expect(Suggestions.closest(to: "timestamp", in: ["timestmp", "symbol", "close"]) == "timestmp")
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(Suggestions.distance(Array("=>".utf8), Array(">=".utf8)) == 1)
        #expect(Suggestions.distance(Array("clsoe".utf8), Array("close".utf8)) == 1)
        #expect(Suggestions.distance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(Suggestions.distance([], Array("abc".utf8)) == 3)
        #expect(Suggestions.closest(to: "=>", in: [">", ">=", "<", "<="]) == ">=")
        #expect(Suggestions.closest(to: "vxi", in: ["vix"]) == "vix")
    }

    @Test func tiesGoToTheClosestLengthThenTheFirst() {
        // "=>" is one edit from ">" (delete) and from ">=" (swap): the same length wins.
        #expect(Suggestions.closest(to: "=>", in: [">", ">="]) == ">=")
        #expect(Suggestions.closest(to: "fils", in: ["fill", "fills"]) == "fill")
        #expect(Suggestions.closest(to: "abcdef", in: ["abcdeX", "abcdeY"]) == "abcdeX")
    }

    @Test(arguments: [(1, 1), (5, 1), (6, 2), (8, 2), (9, 3), (40, 3)])
    func editsAllowedGrowWithLengthUpToThree(length: Int, allowed: Int) {
        #expect(Suggestions.allowedEdits(length: length) == allowed)
    }

    @Test func theThresholdIsTheSameForEveryCaller() {
        // "cls" (3 bytes) may be one edit away: "close" is two.
        #expect(Suggestions.closest(to: "cls", in: ["close"]) == nil)
        #expect(Suggestions.closest(to: "clse", in: ["close"]) == "close")
        // The allowance is the looked-up name's: "timestamp" (9 bytes) may be three edits away,
        // "tmstmp" (6 bytes) two.
        #expect(Suggestions.closest(to: "timestamp", in: ["tmstmp"]) == "tmstmp")
        #expect(Suggestions.closest(to: "tmstmp", in: ["timestamp"]) == nil)
    }

    @Test func limitedDistancesStopEarlyButStayExactWithinTheLimit() {
        let a = Array("abcdefghij".utf8)
        let b = Array("zyxwvutsrq".utf8)
        #expect(Suggestions.distance(a, b) == 10)
        #expect(Suggestions.distance(a, b, limit: 2) > 2)
        for (x, y) in [("account", "acount"), ("=>", ">="), ("timestamp", "timestmp"), ("abc", "abd")] {
            let exact = Suggestions.distance(Array(x.utf8), Array(y.utf8))
            #expect(Suggestions.distance(Array(x.utf8), Array(y.utf8), limit: exact) == exact, "\(x) \(y)")
        }
    }

    @Test func longNamesCostNothingAndGetNoSuggestion() {
        let long = String(repeating: "a", count: 1 << 20)
        #expect(Suggestions.closest(to: long, in: [long + "b", "a"]) == nil)
        #expect(Suggestions.closest(to: "a", in: [long]) == nil)
        let limit = String(repeating: "b", count: Suggestions.maxNameBytes)
        #expect(Suggestions.closest(to: limit, in: [limit + "c"]) == limit + "c")
        #expect(Suggestions.closest(to: limit + "c", in: [limit]) == nil)
    }

    @Test func echoAndListKeepMessagesShort() {
        #expect(Suggestions.echo("ml_pred") == "ml_pred")
        let echoed = Suggestions.echo(String(repeating: "x", count: 1_000))
        #expect(echoed.count == 64 && echoed.hasSuffix("..."))
        #expect(Suggestions.list([]) == "none")
        #expect(Suggestions.list(["a"]) == "\"a\"")
        #expect(Suggestions.list(["a", "b", "c"]) == "\"a\", \"b\" and \"c\"")
        let many = (0..<1_000_010).map { "c\($0)" }
        let listed = Suggestions.list(many)
        #expect(listed.hasSuffix("\"c19\" … and 999,990 more"))
        #expect(listed.utf8.count < 200)
        #expect(Suggestions.list([String(repeating: "y", count: 10_000)]).count < 70)
        #expect(Suggestions.grouped(0) == "0" && Suggestions.grouped(1000) == "1,000")
        #expect(Suggestions.didYouMean("acount", in: ["account"]) == " Did you mean \"account\"?")
        #expect(Suggestions.didYouMean("zzz", in: ["account"]) == "")
    }
}
