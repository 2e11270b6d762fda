#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A parsed JSON document: a flat tape of nodes over the document's bytes, in document order.
/// Nothing is allocated per value while parsing; a string becomes a `String` only when a field
/// is read. Duplicate keys are refused by the parser, so a lookup is unambiguous.
public final class JSONDocument: Sendable {
    public struct Node: Sendable {
        public enum Kind: UInt8, Sendable { case null, bool, number, string, array, object }
        public var kind: Kind
        /// A bool's value; for a string, whether it had escapes (its text is then in `unescaped[a]`).
        public var flag = false
        /// A container's number of items or members; an escaped string's index in `unescaped`.
        public var a: UInt32 = 0
        /// A number's bits; a string's byte range (start << 32 | end); a container's next sibling.
        public var payload: UInt64 = 0
    }

    public let bytes: [UInt8]
    public let nodes: [Node]
    public let unescaped: [String]

    public init(bytes: [UInt8], nodes: [Node], unescaped: [String]) {
        self.bytes = bytes; self.nodes = nodes; self.unescaped = unescaped
    }

    /// The index just after node `i` and everything inside it.
    public func next(_ i: Int) -> Int {
        let node = nodes[i]
        return node.kind == .array || node.kind == .object ? Int(node.payload) : i + 1
    }

    public func string(_ i: Int) -> String {
        let node = nodes[i]
        if node.flag { return unescaped[Int(node.a)] }
        return String(decoding: bytes[Int(node.payload >> 32)..<Int(node.payload & 0xFFFF_FFFF)], as: UTF8.self)
    }

    /// Whether string node `i` spells `key`, without making a String of it.
    public func stringEquals(_ i: Int, _ key: StaticString) -> Bool {
        let node = nodes[i]
        if node.flag { return unescaped[Int(node.a)] == key.description }
        let start = Int(node.payload >> 32), end = Int(node.payload & 0xFFFF_FFFF)
        return key.withUTF8Buffer { wanted in
            guard wanted.count == end - start else { return false }
            guard let base = wanted.baseAddress else { return true }
            // Most names differ in their first byte already.
            guard bytes[start] == base.pointee else { return false }
            return bytes.withUnsafeBufferPointer { buffer in
                guard let here = buffer.baseAddress else { return false }
                return memcmp(here + start, base, wanted.count) == 0
            }
        }
    }

    public func number(_ i: Int) -> Double { Double(bitPattern: nodes[i].payload) }

    /// The value node of member `key` of object node `i`, if present.
    public func member(_ i: Int, _ key: StaticString) -> Int? {
        var at = i + 1
        for _ in 0..<nodes[i].a {
            if stringEquals(at, key) { return at + 1 }
            at = next(at + 1)
        }
        return nil
    }

    /// The item nodes of array node `i`.
    public func items(_ i: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(Int(nodes[i].a))
        var at = i + 1
        for _ in 0..<nodes[i].a { out.append(at); at = next(at) }
        return out
    }

    public func typeName(_ i: Int) -> String {
        switch nodes[i].kind {
        case .null: "null"
        case .bool: "true or false"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
