// Compression: gzip and zlib ("deflate") test bodies made by Python's standard library (the
// tests may not import zlib themselves: C stays behind MicroHTTP).

import Foundation

/// Compresses test data with `python3` (gzip with mtime 0, or zlib), through temporary files.
enum Compression {
    /// `bytes` as one gzip member.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try run("gzip", bytes) }

    /// `bytes` in the zlib format that HTTP calls `deflate`.
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] { try run("zlib", bytes) }

    private static func run(_ format: String, _ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("mh-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys, gzip, zlib; d = open(sys.argv[2], 'rb').read(); "
                + "sys.stdout.buffer.write(gzip.compress(d, mtime=0) if sys.argv[1] == 'gzip' else zlib.compress(d))",
            format, input.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ClientError(description: "python3 compression failed") }
        return Array(data)
    }
}

/// Deterministic CSV-like text of about `count` bytes (compresses like real uploads do).
func sampleText(_ count: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count + 64)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var row = 0
    while out.count < count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        out += Array("2020-01-02T14:30:00Z,A\(row % 97),\(state >> 40 % 100_000).\(state % 97)\n".utf8)
        row += 1
    }
    return out
}
