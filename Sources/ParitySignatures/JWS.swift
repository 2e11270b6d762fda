import ParityJSON

/// A JSON Web Signature as JAdES writes it (RFC 7515 §7): the general JSON serialisation
/// (`payload`, `signatures[]`), the flattened one (`payload`, `protected`, `header`,
/// `signature` at the top) or the compact `protected.payload.signature`. The parts are kept as
/// they were written: the signing input is made of them, byte for byte.
struct JWS: Sendable {
    struct Signature: Sendable {
        /// The protected header as written (base64url).
        var protected: String
        /// The unprotected header (JSON serialisations only).
        var header: JSONValue?
        /// The signature value as written (base64url).
        var signature: String
        /// Where it is in the document, for messages.
        var path: String
    }

    /// The payload as written: the text of the JSON string `payload` (unescaped), or the
    /// middle part of the compact form.
    var payload: String
    var signatures: [Signature]
    var serialisation: String

    /// What is wrong with the document as a JWS, in words a person can act on.
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the JWS structure of `bytes`; nil when the document is no JWS at all.
    static func read(_ bytes: [UInt8]) throws(FormatError) -> JWS? {
        if let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first != UInt8(ascii: "{") {
            return try compact(bytes)
        }
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { return nil }
        return try read(root)
    }

    /// The JWS JSON serialisations of a document already parsed; nil when it is no JWS.
    static func read(_ root: JSONValue) throws(FormatError) -> JWS? {
        guard case .object = root, root["payload"] != nil,
            root["signatures"] != nil || root["signature"] != nil
        else { return nil }
        guard let payload = root["payload"]?.string else {
            throw FormatError(description: "payload: expected a string (RFC 7515 §7.2.1)")
        }
        if let list = root["signatures"] {
            guard root["signature"] == nil, root["protected"] == nil else {
                throw FormatError(
                    description: "both 'signatures' and a flattened signature: expected one form (§7.2.1)")
            }
            guard case .array(let items) = list, !items.isEmpty else {
                throw FormatError(description: "signatures: expected a non-empty array (§7.2.1)")
            }
            var signatures: [Signature] = []
            for (i, item) in items.enumerated() {
                signatures.append(try signature(item, path: "signatures[\(i)]"))
            }
            return JWS(payload: payload, signatures: signatures, serialisation: "general JSON")
        }
        return JWS(payload: payload, signatures: [try signature(root, path: "")], serialisation: "flattened JSON")
    }

    private static func signature(_ object: JSONValue, path: String) throws(FormatError) -> Signature {
        let at = path.isEmpty ? "" : path + "."
        guard case .object = object else { throw FormatError(description: "\(path): expected an object") }
        guard let protected = object["protected"]?.string, !protected.isEmpty else {
            throw FormatError(
                description: "\(at)protected: expected the protected header as a base64url string (JAdES requires one)")
        }
        guard let value = object["signature"]?.string else {
            throw FormatError(description: "\(at)signature: expected a base64url string")
        }
        let header = object["header"]
        if let header, case .object = header {
        } else if header != nil {
            throw FormatError(description: "\(at)header: expected a JSON object (§7.2.1)")
        }
        return Signature(protected: protected, header: header, signature: value, path: path)
    }

    /// `protected.payload.signature`, ASCII only.
    private static func compact(_ bytes: [UInt8]) throws(FormatError) -> JWS? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return JWS(
            payload: String(parts[1]),
            signatures: [Signature(protected: String(parts[0]), header: nil, signature: String(parts[2]), path: "")],
            serialisation: "compact")
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
