/// The primitives of a pool image: little-endian integers, LEB128 lengths, UTF-8 strings,
/// and arrays of fixed-width integers copied as they lie in memory (the machine that writes an
/// image is the one that reads it: an image never leaves its node).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func count(_ n: Int) { varint(UInt64(n)) }

    /// Zig-zag, so small negative numbers stay short.
    mutating func int(_ value: Int) { varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func double(_ value: Double) { fixed([value.bitPattern]) }

    mutating func string(_ value: String) {
        var s = value
        s.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }

    mutating func array<T>(_ values: some Collection<T>, _ write: (inout ByteWriter, T) -> Void) {
        count(values.count)
        for v in values { write(&self, v) }
    }

    mutating func strings(_ values: some Collection<String>) { array(values) { $0.string($1) } }

    mutating func fixed<T: FixedWidthInteger>(_ values: [T]) {
        count(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func raw<T: RawRepresentable<String>>(_ value: T) { string(value.rawValue) }
}

/// What a pool image that cannot be read says: where in it, and what was expected.
public struct PoolImageError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var problem: String
    public var description: String { "pool image, byte \(offset): \(problem)" }
}

/// Reads what `ByteWriter` wrote, checking every length against the bytes left.
struct ByteReader: ~Copyable {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func fail(_ problem: String) -> PoolImageError { PoolImageError(offset: offset, problem: problem) }

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() throws(PoolImageError) -> UInt8 {
        guard offset < bytes.count else { throw fail("the image ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(PoolImageError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw fail("a number longer than 64 bits") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    /// A count of items that each take at least `atLeast` bytes, so a damaged count cannot
    /// make the reader reserve more than the image holds.
    mutating func count(atLeast: Int = 1) throws(PoolImageError) -> Int {
        let n = try varint()
        guard n <= UInt64((bytes.count - offset) / max(1, atLeast)) else {
            throw fail("a count of \(n) is larger than the rest of the image")
        }
        return Int(n)
    }

    mutating func int() throws(PoolImageError) -> Int {
        let z = try varint()
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func bool() throws(PoolImageError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw fail("a flag of \(b), where 0 or 1 was expected")
        }
    }

    mutating func double() throws(PoolImageError) -> Double {
        let words: [UInt64] = try fixed()
        guard words.count == 1, let bits = words.first else { throw fail("a number of the wrong size") }
        return Double(bitPattern: bits)
    }

    mutating func string() throws(PoolImageError) -> String {
        let n = try count()
        let start = offset
        offset += n
        guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        else {
            offset = start
            throw fail("a string that is not UTF-8")
        }
        return text
    }

    mutating func optional<T>(_ read: (inout ByteReader) throws(PoolImageError) -> T) throws(PoolImageError) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout ByteReader) throws(PoolImageError) -> T) throws(PoolImageError) -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    mutating func strings() throws(PoolImageError) -> [String] {
        try array { r throws(PoolImageError) in try r.string() }
    }

    mutating func fixed<T: FixedWidthInteger>() throws(PoolImageError) -> [T] {
        let n = try count(atLeast: MemoryLayout<T>.size)
        let start = offset
        offset += n * MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
            initialized = n
        }
    }

    mutating func raw<T: RawRepresentable<String>>(_: T.Type = T.self) throws(PoolImageError) -> T {
        let text = try string()
        guard let value = T(rawValue: text) else { throw fail("'\(text)' is not a \(T.self)") }
        return value
    }
}
