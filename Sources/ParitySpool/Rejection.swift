import Foundation

/// Why a message was refused, written beside it as `rejected/<name>.reason.json`: where in the
/// message the problem is, what was found, and what was expected, so the producer can fix it.
public struct Rejection: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case notRegularFile = "not-regular-file"
        case symbolicLink = "symbolic-link"
        case hardLinked = "hard-linked"
        case tooLarge = "too-large"
        case unreadable
        case notJSON = "not-json"
        case tooDeep = "too-deep"
        case invalidEnvelope = "invalid-envelope"
        case unauthorisedProducer = "unauthorised-producer"
        case unknownKind = "unknown-kind"
        case unsupportedKind = "unsupported-kind"
        case invalidContent = "invalid-content"
        case idConflict = "id-conflict"
        case interruptedTwice = "interrupted-twice"
        case unsafeName = "unsafe-name"
        /// A letter asked for a credential whose authenticity is not established as `[authenticity] require` says.
        case unauthenticated
    }

    public var code: Code
    /// The file, and inside it the field or `line L, column C` where the problem is.
    public var location: String
    public var found: String
    public var expected: String

    public init(_ code: Code, location: String, found: String, expected: String) {
        self.code = code; self.location = location; self.found = found; self.expected = expected
    }

    public var description: String { "\(code.rawValue) at \(location): \(found); expected \(expected)" }

    enum CodingKeys: String, CodingKey {
        case code
        case location = "where"
        case found = "what"
        case expected
    }
}

/// The reason file's whole content: the rejection and the context an operator needs.
public struct RejectionRecord: Sendable, Equatable, Codable {
    public var message: String
    public var rejectedAt: String
    public var kind: String?
    public var id: String?
    public var reason: Rejection

    public init(message: String, rejectedAt: String, kind: String?, id: String?, reason: Rejection) {
        self.message = message; self.rejectedAt = rejectedAt; self.kind = kind; self.id = id; self.reason = reason
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Plain strings and an enum: encoding cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [0x0A]
    }

    static func decode(_ bytes: [UInt8]) -> RejectionRecord? {
        try? JSONDecoder().decode(RejectionRecord.self, from: Data(bytes))
    }
}
