import CZlib
import Foundation
import Glibc
import ParityCore
import ParityStore

/// The candidate pool kept in a file between two runs, so that a restart is ready in seconds
/// instead of reading and indexing every stored candidate again: written at a graceful stop,
/// read (and removed) at the next start, and trusted only if nothing it depends on moved.
///
/// The file (`paths.state/pool.snapshot`, 0600: it holds what the candidate table holds) is a
/// header of text lines, then the pool's image (`CandidatePool.image()`):
///
///     PARITY-POOL-SNAPSHOT 1
///     store <the database's location>
///     sequence <the pool's change-log position>
///     rows <candidate rows in the store>
///     data <SHA-256 of the framework data versions the pool was resolved with>
///     bytes <length of the image>
///     crc32 <CRC-32 of the image, hex>
///     (an empty line)
///
/// It is used only when the store is the same, its change log is at the same position, it holds
/// as many candidate rows, the framework data are the same, and the image is whole (its
/// length and CRC-32) and reads as a pool; otherwise the pool is read from the store as without
/// one, and the log says why. It is removed once read, used or not: while parityd runs there
/// is none, so an erasure never has to reach into it, and a crash leaves none to be trusted.
struct PoolSnapshot: Sendable {
    static let magic = "PARITY-POOL-SNAPSHOT 1"
    let path: String

    init(state: String) { path = state + "/pool.snapshot" }

    /// What the pool depends on, as the store and the frameworks say it now.
    struct Stamp: Sendable, Equatable {
        var store: String
        var sequence: Int64
        var rows: Int
        var data: String

        init(store: String, sequence: Int64, rows: Int, versions: [DataVersion]) {
            self.store = store; self.sequence = sequence; self.rows = rows
            var h = SHA256()
            for v in versions.sorted() { h.update(Array("\(v.id)\t\(v.version)\t\(v.contentHash)\n".utf8)) }
            data = h.finalize().map { String(format: "%02x", $0) }.joined()
        }

        init(store: String, sequence: Int64, rows: Int, data: String) {
            self.store = store; self.sequence = sequence; self.rows = rows; self.data = data
        }
    }

    enum Reading {
        case none
        case refused(String)
        case read(CandidatePool, bytes: Int)
    }

    /// Writes `pool` with its stamp: a temporary file, flushed, renamed over the old one, and the
    /// directory flushed, so a crash leaves the old file or the new, never half of one.
    func write(_ pool: CandidatePool, stamp: Stamp) throws {
        let image = pool.image()
        let header = [
            Self.magic, "store \(stamp.store)", "sequence \(stamp.sequence)", "rows \(stamp.rows)",
            "data \(stamp.data)",
            "bytes \(image.count)", "crc32 \(String(image.withUnsafeBytes { Self.crc32($0) }, radix: 16))", "", "",
        ].joined(separator: "\n")
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError.current(temporary, "create") }
        do {
            defer { close(fd) }
            try Self.writeAll(fd, Array(header.utf8), temporary)
            try Self.writeAll(fd, image, temporary)
            guard fsync(fd) == 0 else { throw POSIXError.current(temporary, "flush") }
        }
        guard rename(temporary, path) == 0 else { throw POSIXError.current(path, "rename \(temporary) to") }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// The pool in the file, if its stamp is `expected` and its image is whole; the file is
    /// removed either way. The file is mapped, not copied: its pages are read once, in order.
    func read(expecting expected: Stamp, engine: RecognitionEngine) -> Reading {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return errno == ENOENT ? .none : .refused("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer {
            close(fd)
            remove()
        }
        let end = lseek(fd, 0, SEEK_END)
        guard end > 0 else { return .refused("\(path): empty") }
        let size = Int(end)
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            return .refused("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        defer { munmap(map, size) }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        return read(UnsafeRawBufferPointer(start: map, count: size), expecting: expected, engine: engine)
    }

    private func read(_ bytes: UnsafeRawBufferPointer, expecting expected: Stamp, engine: RecognitionEngine) -> Reading
    {
        guard let end = Self.headerEnd(bytes) else { return .refused("\(path): no header (not a pool snapshot)") }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == Self.magic else {
            return .refused("\(path): first line '\(lines.first ?? "")', where '\(Self.magic)' was expected")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let store = fields["store"], let sequence = fields["sequence"].flatMap({ Int64($0) }),
            let rows = fields["rows"].flatMap({ Int($0) }), let dataHash = fields["data"],
            let length = fields["bytes"].flatMap({ Int($0) }),
            let crc = fields["crc32"].flatMap({ UInt32($0, radix: 16) })
        else { return .refused("\(path): its header lacks store, sequence, rows, data, bytes or crc32") }
        let found = Stamp(store: store, sequence: sequence, rows: rows, data: dataHash)
        if let reason = Self.mismatch(found, expected) { return .refused("\(path): \(reason)") }
        let image = UnsafeRawBufferPointer(rebasing: bytes[(end + 2)...])
        guard image.count == length else {
            return .refused("\(path): \(image.count) bytes of image, where the header says \(length)")
        }
        guard Self.crc32(image) == crc else {
            return .refused("\(path): the image does not match its CRC-32 (damaged)")
        }
        do { return .read(try CandidatePool.reading(image: image, engine: engine), bytes: bytes.count) } catch {
            return .refused("\(path): \(error)")
        }
    }

    func remove() { unlink(path) }

    static func mismatch(_ found: Stamp, _ expected: Stamp) -> String? {
        if found.store != expected.store { return "written for the store \(found.store), not \(expected.store)" }
        if found.sequence != expected.sequence {
            return "written at change-log position \(found.sequence); the store is at \(expected.sequence)"
        }
        if found.rows != expected.rows {
            return "written with \(found.rows) candidate rows; the store has \(expected.rows)"
        }
        if found.data != expected.data { return "written with other framework data than those loaded now" }
        return nil
    }

    /// Where the header's empty line is (the image starts two bytes after it).
    private static func headerEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let limit = min(bytes.count, 64 * 1024)
        var i = 0
        while i + 1 < limit {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(
            truncatingIfNeeded: CZlib.crc32_z(0, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws {
        try bytes.withUnsafeBytes { b in
            var done = 0
            while done < b.count {
                let n = Glibc.write(fd, b.baseAddress.map { $0 + done }, b.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw POSIXError.current(path, "write") }
                done += n
            }
        }
    }
}

extension POSIXError {
    /// errno now, with the file and what was being done to it.
    static func current(_ path: String, _ operation: String) -> Error {
        let code = errno
        return CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: path,
                NSLocalizedDescriptionKey: "cannot \(operation) \(path): \(String(cString: strerror(code)))",
            ])
    }
}
