// The file-system calls the embedded store makes, each failure turned into a `StoreError` in one
// place: files written whole under a temporary name, fsynced, renamed into place and the directory
// fsynced, so a crash leaves either the old state or the new file complete, never half of one.
import Glibc

/// Durable file operations on paths.
enum DurableFile {
    /// The error for a failed call, with errno's text.
    static func failure(_ call: String, _ path: String) -> StoreError {
        StoreError(.io, "\(call) \(path): \(String(cString: strerror(errno)))")
    }

    /// Creates `path` as a directory if it is not one already.
    static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", path) }
    }

    /// Writes a file at `path` through `body` (which gets a descriptor open for writing), durably:
    /// the bytes are fsynced under `path.tmp`, renamed to `path`, and the directory fsynced.
    static func write(_ path: String, _ body: (Int32) throws(StoreError) -> Void) throws(StoreError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", temporary) }
        do throws(StoreError) {
            try body(fd)
            guard fsync(fd) == 0 else { throw failure("fsync", temporary) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else { throw failure("close", temporary) }
        guard rename(temporary, path) == 0 else { throw failure("rename", path) }
        try syncDirectory(of: path)
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("write", path) }
            offset += n
        }
    }

    /// Fsyncs the directory holding `path`, so a rename or unlink in it survives a crash.
    static func syncDirectory(of path: String) throws(StoreError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", directory) }
    }

    /// Removes a file; a file already gone is not an error.
    static func remove(_ path: String) {
        unlink(path)
    }

    /// Names of the entries of a directory (not `.` and `..`).
    static func list(_ directory: String) throws(StoreError) -> [String] {
        guard let dir = opendir(directory) else { throw failure("opendir", directory) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
