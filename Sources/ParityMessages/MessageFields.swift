import ParityCore
import ParityJSON

/// A JSON value at a path (`people[2].credentials[0].level`), with typed accessors whose errors
/// say which field and what was expected.
struct MessageFields {
    let document: JSONDocument
    /// This value's node in the document.
    let node: Int
    /// Where this value is: its path is only spelled out when an error needs it.
    private let place: Place

    /// The root carries the document's source and the prefix of every path in it.
    private enum Step {
        case root(path: String, source: String)
        case key(StaticString)
        case index(Int)
    }

    /// A link in the chain from the document root, shared by every value below a container.
    private final class Location: Sendable {
        let parent: Location?
        let step: Step
        init(parent: Location?, step: Step) { self.parent = parent; self.step = step }

        /// The document the value came from (a file name or message id), kept at the root.
        var source: String {
            var at = self
            while let up = at.parent { at = up }
            if case .root(_, let source) = at.step { return source }
            return ""
        }

        var path: String {
            switch step {
            case .root(let base, _): return base
            case .key(let key):
                let base = parent?.path ?? ""
                return base.isEmpty ? key.description : base + "." + key.description
            case .index(let i): return "\(parent?.path ?? "")[\(i)]"
            }
        }
    }

    /// Containers get a link of their own for their children; scalars only remember theirs.
    private enum Place {
        case container(Location)
        case scalar(parent: Location, step: Step)
    }

    /// The document's root value; `path` prefixes every field name in errors.
    init(document: JSONDocument, path: String, source: String) {
        self.document = document; self.node = 0
        self.place = .container(Location(parent: nil, step: .root(path: path, source: source)))
    }

    private init(_ parent: MessageFields, node: Int, step: Step) {
        self.document = parent.document; self.node = node
        let kind = document.nodes[node].kind
        let location = parent.location
        self.place =
            kind == .array || kind == .object
            ? .container(Location(parent: location, step: step)) : .scalar(parent: location, step: step)
    }

    private var kind: JSONDocument.Node.Kind { document.nodes[node].kind }

    var isObject: Bool { kind == .object }
    var isArray: Bool { kind == .array }
    var isString: Bool { kind == .string }
    var isNumber: Bool { kind == .number }

    /// The first of `keys` present (schema.org synonyms such as `title` and `name`).
    func first(_ keys: StaticString...) throws(MessageError) -> MessageFields? {
        for key in keys { if let found = try optional(key) { return found } }
        return nil
    }

    /// One value or a list of them, as schema.org allows for most properties.
    func oneOrMany() throws(MessageError) -> [MessageFields] { isArray ? try array() : [self] }

    var source: String {
        switch place {
        case .container(let location): location.source
        case .scalar(let parent, _): parent.source
        }
    }

    var path: String {
        switch place {
        case .container(let location): location.path
        case .scalar(let parent, let step): Location(parent: parent, step: step).path
        }
    }

    /// The link children hang from (a scalar has none; callers check the type first).
    private var location: Location {
        switch place {
        case .container(let location): location
        case .scalar(let parent, let step): Location(parent: parent, step: step)
        }
    }

    func fail(_ message: String) -> MessageError { MessageError(source: source, field: path, message: message) }

    func fail(expected: String, found: String) -> MessageError {
        MessageError(source: source, field: path, expected: expected, found: found)
    }

    private func expected(_ what: String) -> MessageError { fail(expected: what, found: document.typeName(node)) }

    /// The member, or nil when it is absent or null.
    func optional(_ key: StaticString) throws(MessageError) -> MessageFields? {
        guard kind == .object else { throw expected("an object") }
        guard let member = document.member(node, key), document.nodes[member].kind != .null else { return nil }
        return MessageFields(self, node: member, step: .key(key))
    }

    func required(_ key: StaticString) throws(MessageError) -> MessageFields {
        guard let member = try optional(key) else {
            throw MessageError(
                source: source, field: path.isEmpty ? key.description : path + "." + key.description,
                message: "required field is missing")
        }
        return member
    }

    func string() throws(MessageError) -> String {
        guard kind == .string else { throw expected("a string") }
        return document.string(node)
    }

    /// An identifier given as a string or a whole number (`"level": 8`).
    func identifier() throws(MessageError) -> String {
        if kind == .number {
            let n = document.number(node)
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            // A half level (NSQF 2023, NCrF: 4.5) as its shortest decimal.
            if n.isFinite, n > 0, n < 100, (n * 2).rounded() == n * 2 { return String(n) }
        }
        return try string()
    }

    /// An ISO 8601 calendar date, alone or starting a date-time (`2027-03-01`, `2027-03-01T08:00`).
    func date() throws(MessageError) -> String {
        let text = try string()
        guard ISODate.day(text) != nil else {
            throw fail(expected: "an ISO 8601 date (YYYY-MM-DD, or YYYY-MM)", found: "'\(text.prefix(40))'")
        }
        return text
    }

    func number() throws(MessageError) -> Double {
        guard kind == .number else { throw expected("a number") }
        return document.number(node)
    }

    func nonNegative() throws(MessageError) -> Double {
        let n = try number()
        guard n >= 0 else { throw fail(expected: "a number of zero or more", found: "\(n)") }
        return n
    }

    /// A whole number of zero or more (months, counts).
    func count() throws(MessageError) -> Int {
        let n = try integer()
        guard n >= 0 else { throw fail(expected: "a whole number of zero or more", found: "\(n)") }
        return n
    }

    /// A whole number of months from 0 to `Experience.maximumMonths`.
    func months() throws(MessageError) -> Int {
        let n = try number()
        guard n == n.rounded(), n >= 0, n <= Double(Experience.maximumMonths) else {
            throw fail(expected: "a whole number of months from 0 to \(Experience.maximumMonths)", found: "\(n)")
        }
        return Int(n)
    }

    func integer() throws(MessageError) -> Int {
        let n = try number()
        guard n == n.rounded(), abs(n) < 1e15 else { throw fail(expected: "a whole number", found: "\(n)") }
        return Int(n)
    }

    func bool() throws(MessageError) -> Bool {
        guard kind == .bool else { throw expected("true or false") }
        return document.nodes[node].flag
    }

    func array() throws(MessageError) -> [MessageFields] {
        guard kind == .array else { throw expected("a list") }
        return document.items(node).enumerated().map { index, item in
            MessageFields(self, node: item, step: .index(index))
        }
    }

    func strings() throws(MessageError) -> [String] {
        guard kind == .array else { throw expected("a list") }
        var out: [String] = []
        for (index, item) in document.items(node).enumerated() {
            guard document.nodes[item].kind == .string else {
                throw MessageFields(self, node: item, step: .index(index)).expected("a string")
            }
            out.append(document.string(item))
        }
        return out
    }

    func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(MessageError) -> T where T.RawValue == String {
        let raw = try string()
        guard let parsed = T(rawValue: raw) else {
            throw fail(
                expected: "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", found: "'\(raw.prefix(40))'")
        }
        return parsed
    }
}

/// Message documents mapped to core types.
enum MessageMapping {
    /// As the pool stores a credential read from a document (`EntryJSON`).
    static func source(_ f: MessageFields) throws(MessageError) -> Credential.Source? {
        guard let s = try f.optional("source") else { return nil }
        return Credential.Source(
            format: try s.required("format").string(), document: try s.required("document").string(),
            field: try s.required("field").string(),
            notes: try s.optional("notes")?.strings() ?? [],
            authenticity: try s.optional("authenticity").map { a throws(MessageError) in try authenticity(a) })
    }

    static func person(_ f: MessageFields) throws(MessageError) -> Person {
        var consent = Person.Consent()
        if let c = try f.optional("consent") {
            consent = Person.Consent(
                matching: try c.optional("matching")?.bool() ?? false,
                shareContact: try c.optional("shareContact")?.bool() ?? false)
        }
        var returning: Person.Returning?
        if let r = try f.optional("returning") {
            returning = Person.Returning(
                country: try r.required("country").string(), from: try r.optional("from")?.string())
        }
        return Person(
            id: try f.required("id").identifier(), name: try f.optional("name")?.string(), consent: consent,
            residence: try f.optional("residence")?.string(), languages: try f.optional("languages")?.strings() ?? [],
            availableFrom: try f.optional("availableFrom")?.date(), returning: returning,
            sex: try f.optional("sex")?.string(),
            birthYear: try f.optional("birthYear")?.integer(), nationality: try f.optional("nationality")?.string())
    }

    static func experience(_ f: MessageFields) throws(MessageError) -> Experience {
        Experience(
            occupation: try f.required("occupation").identifier(), country: try f.required("country").string(),
            months: try f.required("months").months(), skills: try f.optional("skills")?.strings() ?? [])
    }

    static func entry(
        _ f: MessageFields, documents: any ExchangeDocumentReader
    ) throws(MessageError) -> CredentialBatch.Entry {
        let person = try person(try f.required("person"))
        var credentials: [Credential] = []
        for c in try f.optional("credentials")?.array() ?? [] {
            if try c.optional("document") != nil {
                credentials += try DocumentField.credentials(c, person: person, documents: documents)
            } else {
                credentials.append(try credential(c))
            }
        }
        var experiences: [Experience] = []
        for e in try f.optional("experience")?.array() ?? [] { experiences.append(try experience(e)) }
        return CredentialBatch.Entry(person: person, credentials: credentials, experience: experiences)
    }
}
