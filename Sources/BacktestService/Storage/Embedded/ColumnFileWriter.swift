// Writes named columns as one checksummed binary file: the format datasets and result tables are
// stored in (read back by `ColumnFile`). Little-endian, every section padded to 8 bytes:
//
//   "BTCOLS01" | version | column count | per column: name length, kind, count, offset, length,
//   name (padded) | the columns' bytes, each at its offset | checksum of all before | "BTCOLEND"
//
// Columns are written straight from their arrays, never gathered into one buffer first.

/// What one column holds.
enum ColumnData {
    case doubles([Double])
    case int64s([Int64])
    case int32s([Int32])
    case bytes([UInt8])
    /// Short texts (asset ids, column names): each as a UInt32 length and its UTF-8 bytes.
    case strings([String])

    /// The kind code written in the header.
    var kind: UInt64 {
        switch self {
        case .doubles: 1
        case .int64s: 2
        case .int32s: 3
        case .bytes: 4
        case .strings: 5
        }
    }
}

/// Gathers columns, then writes them durably as one file.
struct ColumnFileWriter {
    static let magic = Array("BTCOLS01".utf8)
    static let endMagic = Array("BTCOLEND".utf8)
    static let version: UInt64 = 1

    private var columns: [(name: String, data: ColumnData)] = []

    /// An empty file.
    init() {}

    /// Adds a column; names are unique within a file.
    mutating func add(_ name: String, _ data: ColumnData) {
        columns.append((name, data))
    }

    /// Writes the file at `path` durably (see `DurableFile.write`); returns its size in bytes.
    func write(to path: String) throws(StoreError) -> Int {
        let payloads = columns.map { Self.stringBytes($0.data) }
        var header: [UInt8] = Self.magic
        Self.append(Self.version, to: &header)
        Self.append(UInt64(columns.count), to: &header)
        var headerSize = header.count
        for column in columns { headerSize += 40 + Self.padded(column.name.utf8.count) }
        var offset = headerSize
        for (i, column) in columns.enumerated() {
            let length = payloads[i]?.count ?? Self.byteCount(column.data)
            Self.append(UInt64(column.name.utf8.count), to: &header)
            Self.append(column.data.kind, to: &header)
            Self.append(UInt64(Self.count(column.data)), to: &header)
            Self.append(UInt64(offset), to: &header)
            Self.append(UInt64(length), to: &header)
            header.append(contentsOf: column.name.utf8)
            header.append(
                contentsOf: repeatElement(0, count: Self.padded(column.name.utf8.count) - column.name.utf8.count))
            offset += Self.padded(length)
        }
        var checksum = Checksum()
        try DurableFile.write(path) { fd throws(StoreError) in
            try Self.emit(header, fd: fd, path: path, checksum: &checksum)
            for (i, column) in columns.enumerated() {
                if let bytes = payloads[i] {
                    try Self.emit(bytes, fd: fd, path: path, checksum: &checksum)
                    continue
                }
                switch column.data {
                case .doubles(let v): try Self.emit(v, fd, path, &checksum)
                case .int64s(let v): try Self.emit(v, fd, path, &checksum)
                case .int32s(let v): try Self.emit(v, fd, path, &checksum)
                case .bytes(let v): try Self.emit(v, fd, path, &checksum)
                case .strings: break
                }
            }
            var trailer: [UInt8] = []
            Self.append(checksum.value, to: &trailer)
            trailer.append(contentsOf: Self.endMagic)
            try Self.emit(trailer, fd, path, &checksum)
        }
        return offset + 16
    }

    /// Writes `bytes` and the zero padding to the next multiple of 8, checksumming both.
    private static func emit(
        _ bytes: UnsafeRawBufferPointer, _ fd: Int32, _ path: String, _ checksum: inout Checksum
    ) throws(StoreError) {
        let whole = bytes.count & ~7
        checksum.add(UnsafeRawBufferPointer(rebasing: bytes[0..<whole]))
        try DurableFile.writeAll(fd, bytes, path: path)
        let rest = bytes.count - whole
        guard rest > 0 else { return }
        var tail = [UInt8](repeating: 0, count: 8)
        for k in 0..<rest { tail[k] = bytes[whole + k] }
        tail.withUnsafeBytes { checksum.add($0) }
        let padding = [UInt8](repeating: 0, count: 8 - rest)
        var failure: StoreError?
        padding.withUnsafeBytes { b in
            do throws(StoreError) { try DurableFile.writeAll(fd, b, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes an array's bytes (see above).
    private static func emit<T>(
        _ array: [T], _ fd: Int32, _ path: String, _ checksum: inout Checksum
    ) throws(StoreError) {
        var failure: StoreError?
        var sum = checksum
        array.withUnsafeBytes { b in
            do throws(StoreError) { try emit(b, fd, path, &sum) } catch { failure = error }
        }
        checksum = sum
        if let failure { throw failure }
    }

    private static func emit(_ bytes: [UInt8], fd: Int32, path: String, checksum: inout Checksum) throws(StoreError) {
        try emit(bytes, fd, path, &checksum)
    }

    private static func stringBytes(_ data: ColumnData) -> [UInt8]? {
        guard case .strings(let strings) = data else { return nil }
        var bytes: [UInt8] = []
        for s in strings {
            withUnsafeBytes(of: UInt32(s.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: s.utf8)
        }
        return bytes
    }

    private static func count(_ data: ColumnData) -> Int {
        switch data {
        case .doubles(let v): v.count
        case .int64s(let v): v.count
        case .int32s(let v): v.count
        case .bytes(let v): v.count
        case .strings(let v): v.count
        }
    }

    private static func byteCount(_ data: ColumnData) -> Int {
        switch data {
        case .doubles(let v): v.count * 8
        case .int64s(let v): v.count * 8
        case .int32s(let v): v.count * 4
        case .bytes(let v): v.count
        case .strings: 0
        }
    }

    static func padded(_ n: Int) -> Int { (n + 7) & ~7 }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
