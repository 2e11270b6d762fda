import ParityCore

/// The CSV form of a credential batch: one row per credential, people repeated on each of
/// their rows and grouped by `person_id`. The header row must name the columns (any order;
/// unknown columns are an error, so a misspelt column is never ignored). Lists (`skills`,
/// `languages`) are separated by `;`. Required: person_id, title, country.
public enum BatchCSV {
    public static let columns = [
        "person_id", "name", "consent_matching", "consent_share_contact", "residence", "languages", "available_from",
        "title", "awarding_body", "country", "framework", "level", "qualification", "isced_level", "isced_field",
        "occupation", "skills", "credits_system", "credits_value", "duration_years", "awarded", "mode", "evidence",
    ]
    static let required = ["person_id", "title", "country"]

    public static func decode(
        _ text: String, source: String, id: String, destination: String
    ) throws(MessageError) -> BatchDecoder.Decoded {
        let rows: [CSVReader.Row]
        do { rows = try CSVReader.rows(text) } catch {
            throw MessageError(source: source, field: "", message: error.description)
        }
        guard let header = rows.first else {
            throw MessageError(
                source: source, field: "",
                message: "the file is empty; expected a header row: \(columns.joined(separator: ","))")
        }
        let names = header.fields.map { $0.trimmed.lowercased() }
        let unknown = names.filter { !columns.contains($0) }
        guard unknown.isEmpty else {
            throw MessageError(
                source: source, field: "",
                message:
                    "line \(header.line): unknown column(s) \(unknown.joined(separator: ", ")); expected columns from: \(columns.joined(separator: ","))"
            )
        }
        let missing = required.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw MessageError(
                source: source, field: "",
                message: "line \(header.line): missing required column(s) \(missing.joined(separator: ", "))")
        }
        var order: [String] = []
        var entries: [String: CredentialBatch.Entry] = [:]
        var rejected: [RejectedItem] = []
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                rejected.append(
                    RejectedItem(
                        location: "row \(row.line)", field: "",
                        message: "\(row.fields.count) fields; expected \(names.count) as in the header"))
                continue
            }
            var values: [String: String] = [:]
            for (name, field) in zip(names, row.fields) {
                let value = field.trimmed
                if !value.isEmpty { values[name] = value }
            }
            do {
                let (person, credential) = try parse(values)
                if entries[person.id] == nil {
                    order.append(person.id); entries[person.id] = CredentialBatch.Entry(person: person)
                }
                entries[person.id]?.credentials.append(credential)
            } catch {
                rejected.append(RejectedItem(location: "row \(row.line)", field: error.field, message: error.message))
            }
        }
        let people = order.compactMap { entries[$0] }
        return BatchDecoder.Decoded(
            batch: CredentialBatch(id: id, destination: destination, people: people), rejected: rejected)
    }

    struct FieldError: Error { var field: String; var message: String }

    static func parse(_ v: [String: String]) throws(FieldError) -> (Person, Credential) {
        func required(_ name: String) throws(FieldError) -> String {
            guard let value = v[name] else { throw FieldError(field: name, message: "required field is empty") }
            return value
        }
        func bool(_ name: String) throws(FieldError) -> Bool {
            guard let value = v[name]?.lowercased() else { return false }
            switch value {
            case "yes", "true", "1", "y": return true
            case "no", "false", "0", "n": return false
            default: throw FieldError(field: name, message: "'\(value)' is not yes or no")
            }
        }
        func number(_ name: String) throws(FieldError) -> Double? {
            guard let value = v[name] else { return nil }
            guard let number = Double(value.replacingComma), number.isFinite, number >= 0 else {
                throw FieldError(field: name, message: "'\(value)' is not a non-negative number")
            }
            return number
        }
        func list(_ name: String) -> [String] {
            (v[name] ?? "").split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) throws(FieldError) -> T?
        where T.RawValue == String {
            guard let value = v[name] else { return nil }
            guard let parsed = T(rawValue: value.lowercased()) else {
                throw FieldError(
                    field: name,
                    message: "'\(value)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
        if let date = v["available_from"], ISODate.day(date) == nil {
            throw FieldError(
                field: "available_from", message: "'\(date)' is not an ISO 8601 date (YYYY-MM-DD, or YYYY-MM)")
        }
        let person = Person(
            id: try required("person_id"), name: v["name"],
            consent: .init(matching: try bool("consent_matching"), shareContact: try bool("consent_share_contact")),
            residence: v["residence"], languages: list("languages"), availableFrom: v["available_from"])
        var isced: Credential.Isced?
        if v["isced_level"] != nil || v["isced_field"] != nil {
            let level = try number("isced_level")
            if let level, level != level.rounded() || level > 8 {
                throw FieldError(
                    field: "isced_level", message: "'\(v["isced_level"] ?? "")' is not an ISCED 2011 level 0-8")
            }
            if let field = v["isced_field"], field.count != 4 || !field.allSatisfy(\.isNumber) {
                throw FieldError(field: "isced_field", message: "'\(field)' is not a 4-digit ISCED-F 2013 field")
            }
            isced = Credential.Isced(level: level.map { Int($0) }, field: v["isced_field"])
        }
        var credits: Credential.Credits?
        if let value = try number("credits_value") {
            credits = Credential.Credits(system: v["credits_system"] ?? "ECTS", value: value)
        }
        let credential = Credential(
            title: try required("title"), awardingBody: v["awarding_body"],
            country: try required("country").uppercased(),
            framework: v["framework"], level: v["level"], qualification: v["qualification"], isced: isced,
            occupation: v["occupation"], skills: list("skills"), credits: credits,
            durationYears: try number("duration_years"),
            awarded: v["awarded"], mode: try choice("mode", Credential.Mode.self) ?? .formal,
            evidence: try choice("evidence", Credential.Evidence.self))
        return (person, credential)
    }
}

extension String {
    /// Spreadsheets in many locales write decimals with a comma.
    var replacingComma: String { String(map { $0 == "," ? "." : $0 }) }
}
