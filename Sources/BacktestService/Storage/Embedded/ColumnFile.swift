// Reads a file `ColumnFileWriter` wrote: memory-mapped, its checksum and layout verified before
// any column is handed out, so a torn, truncated or foreign file is refused, never served.
import Glibc

/// A verified, memory-mapped column file. Columns are copied out into arrays; the mapping goes when
/// the value does.
final class ColumnFile {
    private struct Column {
        var kind: UInt64
        var count: Int
        var offset: Int
        var length: Int
    }

    private let base: UnsafeRawPointer
    private let size: Int
    private let path: String
    private var columns: [String: Column] = [:]

    /// Maps and verifies the file at `path`.
    init(path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFile.failure("open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DurableFile.failure("fstat", path) }
        let size = Int(info.st_size)
        guard size >= 40, size % 8 == 0 else {
            throw StoreError(.corrupt, "\(path): not a column file (\(size) bytes)")
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw DurableFile.failure("mmap", path)
        }
        base = UnsafeRawPointer(mapped)
        self.size = size
        try verify()
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    private func word(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    private func corrupt(_ what: String) -> StoreError { StoreError(.corrupt, "\(path): \(what)") }

    private func verify() throws(StoreError) {
        let bytes = UnsafeRawBufferPointer(start: base, count: size)
        guard bytes.prefix(8).elementsEqual(ColumnFileWriter.magic),
            bytes.suffix(8).elementsEqual(ColumnFileWriter.endMagic)
        else { throw corrupt("bad magic (torn or foreign file)") }
        var checksum = Checksum()
        checksum.add(UnsafeRawBufferPointer(rebasing: bytes[0..<(size - 16)]))
        guard checksum.value == word(size - 16) else { throw corrupt("checksum mismatch") }
        guard word(8) == ColumnFileWriter.version else { throw corrupt("unknown version \(word(8))") }
        let count = Int(truncatingIfNeeded: word(16))
        var at = 24
        for _ in 0..<count {
            guard at + 40 <= size - 16 else { throw corrupt("header overruns the file") }
            let nameLength = Int(truncatingIfNeeded: word(at))
            let column = Column(
                kind: word(at + 8), count: Int(truncatingIfNeeded: word(at + 16)),
                offset: Int(truncatingIfNeeded: word(at + 24)), length: Int(truncatingIfNeeded: word(at + 32)))
            at += 40
            guard nameLength >= 0, at + nameLength <= size - 16, column.offset >= 0, column.length >= 0,
                column.offset + column.length <= size - 16
            else { throw corrupt("a column lies outside the file") }
            let name = String(decoding: bytes[at..<(at + nameLength)], as: UTF8.self)
            columns[name] = column
            at += ColumnFileWriter.padded(nameLength)
        }
    }

    private func column(_ name: String, kind: UInt64, width: Int) throws(StoreError) -> Column {
        guard let column = columns[name] else { throw corrupt("no column \(name)") }
        guard column.kind == kind, width == 0 || column.length == column.count * width else {
            throw corrupt("column \(name) is not of the kind expected")
        }
        return column
    }

    /// Whether the file has a column of this name.
    func has(_ name: String) -> Bool { columns[name] != nil }

    /// A column of doubles.
    func doubles(_ name: String) throws(StoreError) -> [Double] {
        let c = try column(name, kind: 1, width: 8)
        return Array(UnsafeBufferPointer(start: (base + c.offset).assumingMemoryBound(to: Double.self), count: c.count))
    }

    /// A column of 64-bit integers.
    func int64s(_ name: String) throws(StoreError) -> [Int64] {
        let c = try column(name, kind: 2, width: 8)
        return Array(UnsafeBufferPointer(start: (base + c.offset).assumingMemoryBound(to: Int64.self), count: c.count))
    }

    /// A column of 32-bit integers.
    func int32s(_ name: String) throws(StoreError) -> [Int32] {
        let c = try column(name, kind: 3, width: 4)
        return Array(UnsafeBufferPointer(start: (base + c.offset).assumingMemoryBound(to: Int32.self), count: c.count))
    }

    /// A column of bytes.
    func bytes(_ name: String) throws(StoreError) -> [UInt8] {
        let c = try column(name, kind: 4, width: 1)
        return Array(UnsafeRawBufferPointer(start: base + c.offset, count: c.count))
    }

    /// A column of short texts.
    func strings(_ name: String) throws(StoreError) -> [String] {
        let c = try column(name, kind: 5, width: 0)
        let bytes = UnsafeRawBufferPointer(start: base + c.offset, count: c.length)
        var strings: [String] = []
        strings.reserveCapacity(c.count)
        var at = 0
        for _ in 0..<c.count {
            guard at + 4 <= bytes.count else { throw corrupt("column \(name) is truncated") }
            let n = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            at += 4
            guard at + n <= bytes.count else { throw corrupt("column \(name) is truncated") }
            strings.append(String(decoding: bytes[at..<(at + n)], as: UTF8.self))
            at += n
        }
        return strings
    }
}
