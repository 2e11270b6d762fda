import ParityCore

/// A JSON value at a path (`people[2].credentials[0].level`), with typed accessors whose errors
/// say which field and what was expected.
struct MessageFields {
    let value: JSONValue
    /// The container's path and this value's key or index in it: the full path is only built
    /// when an error needs it, or when this value is itself a container.
    private let base: String
    private let step: Step
    let source: String

    enum Step { case root, key(String), index(Int) }

    init(value: JSONValue, path: String, source: String) {
        self.value = value; self.base = path; self.step = .root; self.source = source
    }

    private init(value: JSONValue, base: String, step: Step, source: String) {
        self.value = value; self.base = base; self.step = step; self.source = source
    }

    var path: String {
        switch step {
        case .root: base
        case .key(let key): base.isEmpty ? key : base + "." + key
        case .index(let i): "\(base)[\(i)]"
        }
    }

    func fail(_ message: String) -> MessageError { MessageError(source: source, field: path, message: message) }

    /// The member, or nil when it is absent or null.
    func optional(_ key: String) throws(MessageError) -> MessageFields? {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.typeName)") }
        for (name, member) in members where name == key {
            if case .null = member { return nil }
            // `path` is cheap here: a container's own path is already built.
            let child = MessageFields(value: member, base: path, step: .key(key), source: source)
            return member.isContainer ? child.materialised : child
        }
        return nil
    }

    func required(_ key: String) throws(MessageError) -> MessageFields {
        guard let member = try optional(key) else {
            throw MessageError(source: source, field: path.isEmpty ? key : path + "." + key, message: "required field is missing")
        }
        return member
    }

    /// A container's children refer to its path many times: build it once.
    private var materialised: MessageFields { MessageFields(value: value, path: path, source: source) }

    func string() throws(MessageError) -> String {
        guard case .string(let s) = value else { throw fail("expected a string, found \(value.typeName)") }
        return s
    }

    /// An identifier given as a string or a whole number (`"level": 8`).
    func identifier() throws(MessageError) -> String {
        if case .number(let n) = value, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return try string()
    }

    func number() throws(MessageError) -> Double {
        guard case .number(let n) = value else { throw fail("expected a number, found \(value.typeName)") }
        return n
    }

    func nonNegative() throws(MessageError) -> Double {
        let n = try number()
        guard n >= 0 else { throw fail("expected a number of zero or more, found \(n)") }
        return n
    }

    /// A whole number of zero or more (months, counts).
    func count() throws(MessageError) -> Int {
        let n = try integer()
        guard n >= 0 else { throw fail("expected a whole number of zero or more, found \(n)") }
        return n
    }

    func integer() throws(MessageError) -> Int {
        let n = try number()
        guard n == n.rounded(), abs(n) < 1e15 else { throw fail("expected a whole number") }
        return Int(n)
    }

    func bool() throws(MessageError) -> Bool {
        guard case .bool(let b) = value else { throw fail("expected true or false, found \(value.typeName)") }
        return b
    }

    func array() throws(MessageError) -> [MessageFields] {
        guard case .array(let items) = value else { throw fail("expected a list, found \(value.typeName)") }
        let here = path
        return items.enumerated().map { index, item in
            let element = MessageFields(value: item, base: here, step: .index(index), source: source)
            return item.isContainer ? element.materialised : element
        }
    }

    func strings() throws(MessageError) -> [String] {
        var out: [String] = []
        for item in try array() { out.append(try item.string()) }
        return out
    }

    func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws(MessageError) -> T where T.RawValue == String {
        let raw = try string()
        guard let parsed = T(rawValue: raw) else { throw fail("expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") }
        return parsed
    }
}

/// Message documents mapped to core types.
enum MessageMapping {
    static func credential(_ f: MessageFields) throws(MessageError) -> Credential {
        var isced: Credential.Isced?
        if let i = try f.optional("isced") {
            isced = Credential.Isced(level: try i.optional("level")?.integer(), field: try i.optional("field")?.string())
        }
        var credits: Credential.Credits?
        if let c = try f.optional("credits") {
            credits = Credential.Credits(system: try c.required("system").string(), value: try c.required("value").nonNegative())
        }
        return Credential(
            title: try f.required("title").string(), awardingBody: try f.optional("awardingBody")?.string(),
            country: try f.required("country").string(), framework: try f.optional("framework")?.string(),
            level: try f.optional("level")?.identifier(), qualification: try f.optional("qualification")?.identifier(),
            isced: isced, occupation: try f.optional("occupation")?.identifier(), skills: try f.optional("skills")?.strings() ?? [],
            credits: credits, durationYears: try f.optional("durationYears")?.nonNegative(), awarded: try f.optional("awarded")?.string(),
            mode: try f.optional("mode")?.choice(Credential.Mode.self) ?? .formal,
            evidence: try f.optional("evidence")?.choice(Credential.Evidence.self))
    }

    static func person(_ f: MessageFields) throws(MessageError) -> Person {
        var consent = Person.Consent()
        if let c = try f.optional("consent") {
            consent = Person.Consent(matching: try c.optional("matching")?.bool() ?? false, shareContact: try c.optional("shareContact")?.bool() ?? false)
        }
        var returning: Person.Returning?
        if let r = try f.optional("returning") {
            returning = Person.Returning(country: try r.required("country").string(), from: try r.optional("from")?.string())
        }
        return Person(
            id: try f.required("id").identifier(), name: try f.optional("name")?.string(), consent: consent,
            residence: try f.optional("residence")?.string(), languages: try f.optional("languages")?.strings() ?? [],
            availableFrom: try f.optional("availableFrom")?.string(), returning: returning, sex: try f.optional("sex")?.string(),
            birthYear: try f.optional("birthYear")?.integer(), nationality: try f.optional("nationality")?.string())
    }

    static func experience(_ f: MessageFields) throws(MessageError) -> Experience {
        Experience(
            occupation: try f.required("occupation").identifier(), country: try f.required("country").string(),
            months: try f.required("months").count(), skills: try f.optional("skills")?.strings() ?? [])
    }

    static func entry(_ f: MessageFields) throws(MessageError) -> CredentialBatch.Entry {
        var credentials: [Credential] = []
        for c in try f.optional("credentials")?.array() ?? [] { credentials.append(try credential(c)) }
        var experiences: [Experience] = []
        for e in try f.optional("experience")?.array() ?? [] { experiences.append(try experience(e)) }
        return CredentialBatch.Entry(person: try person(try f.required("person")), credentials: credentials, experience: experiences)
    }
}
