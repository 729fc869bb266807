// Successful bar uploads: values, defaults, ordering, CSV dialect details, and chunked parsing.

import BacktestEngine
import BacktestFixtures
import Testing

@testable import BacktestService

@Suite struct CSVIngestBarsTests {
    @Test func parsesColumnsAndSignals() throws {
        let data = try parseBars(
            """
            timestamp,asset,open,high,low,close,volume,ml_pred,regime
            2020-01-02T14:30:00Z,AAPL,100.5,101,100,100.75,1200,0.61,1
            2020-01-02T14:30:00Z,MSFT,200,201.5,199.25,201,300,,2
            2020-01-02T14:31:00Z,AAPL,100.75,100.8,100.1,100.2,900,NaN,nan
            """)
        try data.validate()
        #expect(data.assets == ["AAPL", "MSFT"])
        #expect(data.timestamps == [utc("2020-01-02T14:30:00Z"), utc("2020-01-02T14:31:00Z")])
        #expect(data.rowStart == [0, 2, 3])
        #expect(data.asset == [0, 1, 0])
        #expect(data.open == [100.5, 200, 100.75])
        #expect(data.high == [101, 201.5, 100.8])
        #expect(data.low == [100, 199.25, 100.1])
        #expect(data.close == [100.75, 201, 100.2])
        #expect(data.volume == [1200, 300, 900])
        #expect(data.signalNames == ["ml_pred", "regime"])
        #expect(data.signals[0][0] == 0.61 && data.signals[0][1].isNaN && data.signals[0][2].isNaN)
        #expect(data.signals[1][0] == 1 && data.signals[1][1] == 2 && data.signals[1][2].isNaN)
    }

    @Test func optionalColumnsDefault() throws {
        let data = try parseBars("asset,close,timestamp\nX,10.5,2020-01-02\nX,11,2020-01-03\n")
        try data.validate()
        #expect(data.open == data.close && data.high == data.close && data.low == data.close)
        #expect(data.volume == [0, 0])
        #expect(data.signalNames.isEmpty)
    }

    @Test func sortsRowsInAnyOrder() throws {
        let data = try parseBars(
            """
            timestamp,asset,close,s
            2020-01-03,b,3,30
            2020-01-02,c,2,20
            2020-01-03,a,4,40
            2020-01-02,a,1,10
            """)
        try data.validate()
        #expect(data.assets == ["a", "b", "c"])
        #expect(data.asset == [0, 2, 0, 1])
        #expect(data.close == [1, 2, 4, 3])
        #expect(data.signals[0] == [10, 20, 40, 30])
        #expect(data.rowStart == [0, 2, 4])
    }

    @Test func sortsAssetsBytewise() throws {
        let data = try parseBars(
            "timestamp,asset,close\n2020-01-02,b,1\n2020-01-02,B,1\n2020-01-02,é,1\n2020-01-02,a,1\n")
        #expect(data.assets == ["B", "a", "b", "é"])
        try data.validate()
    }

    @Test func readsCRLFBOMQuotesAndBlankLines() throws {
        let text =
            "\u{FEFF} timestamp , asset ,close,\"note, quoted\"\r\n"
            + "2020-01-02T14:30:00Z,\"A,B\",\"1.5\",\" 7 \"\r\n"
            + "2020-01-02T14:30:00Z,\"X\"\"Y\",2,\r\n"
            + "\r\n"
            + "2020-01-02T14:31:00Z,A\u{00E9},3,8\r\n\r\n\n  \n"
        let data = try parseBars(text)
        try data.validate()
        #expect(data.assets == ["A,B", "A\u{00E9}", "X\"Y"])
        #expect(data.close == [1.5, 2, 3])
        #expect(data.signalNames == ["note, quoted"])
        #expect(data.signals[0][0] == 7 && data.signals[0][1].isNaN && data.signals[0][2] == 8)
    }

    @Test func anAssetWithAQuoteOrCarriageReturnInsideListsOnlyItself() throws {
        // The fast path's scan stops at the quote (or CR) and declines the line; it used to intern
        // the prefix "A" first, so the dataset listed an asset that has no bars.
        let data = try parseBars("timestamp,asset,close\n2020-01-02,A\"B,1\n2020-01-02,C\rD,2\n")
        try data.validate()
        #expect(data.assets == ["A\"B", "C\rD"])
        #expect(data.asset == [0, 1])
    }

    @Test func acceptsMissingFinalNewline() throws {
        let data = try parseBars("timestamp,asset,close\n2020-01-02,A,1\n2020-01-03,A,2")
        #expect(data.close == [1, 2])
        let single = try parseBars("timestamp,asset,close,x\n2020-01-02,A,1,")
        #expect(single.signals[0][0].isNaN)
    }

    @Test func matchesDoubleParsingBitForBit() throws {
        // In a signal column: prices are bounded (1e-6 to 1e12), the parser is the same.
        let values = ["0.1", "101.25", "+3", ".5", "5.", "1e-3", "12345678901234567", "0.12345678901234567"]
        let text =
            "timestamp,asset,close,x\n"
            + values.enumerated().map { i, v in
                "2020-01-02,A\(i),1,\(v)"
            }.joined(separator: "\n")
        let data = try parseBars(text)
        for (i, v) in values.enumerated() {
            let row = data.assets.firstIndex(of: "A\(i)")!
            #expect(data.signals[0][row].bitPattern == Double(v)!.bitPattern)
        }
    }

    @Test(arguments: [2, 3, 5, 16])
    func chunkedParsingMatchesSingleThread(parallelism: Int) throws {
        let csv = SyntheticCSV.canonical(assets: 7, bars: 150, seed: 9)
        let one = try parseBars(bytes: csv, parallelism: 1)
        let many = try parseBars(bytes: csv, parallelism: parallelism)
        #expect(one.assets == many.assets && one.timestamps == many.timestamps && one.rowStart == many.rowStart)
        #expect(one.asset == many.asset && one.close == many.close && one.open == many.open)
        #expect(one.high == many.high && one.low == many.low && one.volume == many.volume)
        #expect(one.signals == many.signals)
        try many.validate()
    }

    @Test func reversedSyntheticDataIsSorted() throws {
        let csv = SyntheticCSV.canonical(assets: 5, bars: 40, seed: 2)
        let text = String(decoding: csv, as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let reversed = ([header] + lines.reversed()).joined(separator: "\n")
        let sorted = try parseBars(text)
        let fromReversed = try parseBars(reversed, parallelism: 3)
        try fromReversed.validate()
        #expect(fromReversed.close == sorted.close && fromReversed.asset == sorted.asset)
        #expect(fromReversed.signals == sorted.signals && fromReversed.rowStart == sorted.rowStart)
    }
}
