// AcceptHeaderTests: parsing media ranges and weights, and choosing among offered representations.

import Testing

@testable import MicroHTTP

@Suite struct AcceptHeaderTests {
    let offers = ["application/json", "text/html"]

    @Test func browsersGetHTML() {
        let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
        #expect(AcceptHeader(chrome).best(of: offers) == "text/html")
        let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        #expect(AcceptHeader(firefox).best(of: offers) == "text/html")
    }

    @Test func wildcardTiesGoToTheFirstOffer() {
        #expect(AcceptHeader("*/*").best(of: offers) == "application/json")
        #expect(AcceptHeader("*/*").best(of: offers.reversed()) == "text/html")
    }

    @Test func namedTypesBeatWildcardsAtEqualWeight() {
        #expect(AcceptHeader("*/*, text/html").best(of: offers) == "text/html")
        #expect(AcceptHeader("text/*, application/json").best(of: offers) == "application/json")
        #expect(AcceptHeader("text/*").best(of: offers) == "text/html")
    }

    @Test func weightsDecide() {
        #expect(AcceptHeader("text/html;q=0.5, application/json").best(of: offers) == "application/json")
        #expect(AcceptHeader("application/json;q=0.2, text/html;q=0.3").best(of: offers) == "text/html")
        #expect(AcceptHeader("APPLICATION/JSON ; Q=0.7").preference(for: "application/json").quality == 0.7)
    }

    @Test func zeroWeightExcludes() {
        #expect(AcceptHeader("application/json;q=0, */*").best(of: offers) == "text/html")
        #expect(AcceptHeader("application/json;q=0, text/html;q=0").best(of: offers) == nil)
        #expect(AcceptHeader("image/png").best(of: offers) == nil)
    }

    @Test func malformedRangesAreSkipped() {
        let header = AcceptHeader("garbage, */html, text/html;q=abc, ,application/json;q=2")
        #expect(header.ranges.count == 2)
        // A weight that does not parse counts as 1.
        #expect(header.preference(for: "text/html") == AcceptHeader.Preference(quality: 1, specificity: 2))
        #expect(header.preference(for: "application/json").quality == 1)
    }
}
