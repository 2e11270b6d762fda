import Foundation
import ParityCore
import ParityXML
import Synchronization

/// EMREX ELMO transcripts (XML), in every dialect seen in the wild: namespace
/// `https://github.com/emrex-eu/elmo-schemas/tree/v1` (v1.0 to v2.0), the older
/// `http://purl.org/net/elmo`, and none; `<elmo>` wherever it is (Erasmus Without Paper nests
/// it). Each report's top-level learning opportunities are credentials; a part of one (a
/// course inside a degree) is a credential of its own only when it carries its own level.
/// Only passed achievements count. The file is checked against the shipped ELMO schema (older
/// dialects as if in the current namespace): most real files fail it somewhere, so each
/// problem is a warning and the file is still read.
enum ElmoReader {
    static let namespace = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
    static let purl = "http://purl.org/net/elmo"

    static func read(_ tree: XMLTree, options: DocumentReader.Options) throws(DocumentError) -> DocumentReading {
        guard let elmo = tree.root.name == "elmo" ? tree.root : tree.root.first("elmo") else {
            throw DocumentError(.unmappable, at: tree.file, "no <elmo> element")
        }
        let ns = elmo.namespace
        var reading = DocumentReading(
            format: .elmo,
            dialect: "EMREX ELMO, " + (ns.map { "namespace \($0)" } ?? "no namespace")
                + (elmo.isRoot ? "" : ", inside <\(tree.root.name)>"))
        if ns == namespace || ns == nil { reading.dialect += ", " + ElmoVersion.detect(elmo).description }
        if ns != nil, ns != namespace, ns != purl {
            reading.warnings.append(
                "<elmo> is in namespace \(ns ?? ""), which no ELMO version uses; read as ELMO all the same")
        }
        if let schema = options.elmoSchema { reading.warnings += validate(tree, ns: ns, schema: schema) }

        let learner = elmo.child("learner")
        reading.holder =
            learner?.text("fullName")
            ?? [learner?.text("givenNames"), learner?.text("familyName")].compactMap { $0 }.joined(separator: " ")
            .nonEmpty
        let reports = elmo.children("report")
        if reports.isEmpty {
            reading.warnings.append("\(tree.file):\(elmo.line): <elmo> has no <report>: no achievements")
        }
        for (r, report) in reports.enumerated() {
            let issuer = report.child("issuer")
            let body = issuer?.preferred("title")
            var country = issuer?.text("country").flatMap(CountryCodes.alpha2)
            var countryField = "report[\(r)]/issuer/country"
            if country == nil, let (code, erasmus) = erasmusCountry(issuer) {
                country = code
                countryField = "report[\(r)]/issuer/identifier[@type='erasmus'] (\(erasmus))"
                reading.warnings.append(
                    "report \(r): the issuer has no <country>; \(code) is taken from its Erasmus code '\(erasmus)'")
            }
            for (i, spec) in report.children("learningOpportunitySpecification").enumerated() {
                collect(
                    spec, path: "report[\(r)]/learningOpportunitySpecification[\(i)]", topLevel: true,
                    body: (body, "report[\(r)]/issuer/title"), country: (country, countryField), into: &reading,
                    file: tree.file)
            }
        }
        if reading.credentials.isEmpty {
            reading.warnings.append("no passed achievement with a title was found in the file")
        }
        return reading
    }

    private static func collect(
        _ spec: XMLNode, path: String, topLevel: Bool, body: (String?, String), country: (String?, String),
        into reading: inout DocumentReading, file: String
    ) {
        let instance = spec.child("specifies")?.child("learningOpportunityInstance")
        let instancePath = "\(path)/specifies/learningOpportunityInstance"
        // Levels are the instance's (v1.x), or the specification's own in older files.
        let levels =
            (instance?.children("level") ?? []).map { ($0, "\(instancePath)/level") }
            + spec.children("level").map { ($0, "\(path)/level") }
        let level = Self.level(levels, file: file, into: &reading)
        let title = spec.preferred("title")
        if topLevel || level != nil {
            let status = instance?.text("status")?.lowercased()
            if let status, status != "passed" {
                reading.warnings.append(
                    "\(file):\(spec.line): \(path) '\(title ?? "untitled")' has status '\(status)': only passed achievements count; not read"
                )
            } else if let title {
                if status == nil {
                    reading.warnings.append(
                        "\(file):\(spec.line): \(path) '\(title)' has no <status>: counted as passed, as an ELMO report lists achievements"
                    )
                }
                var fields: [String: String] = ["title": "\(path)/title"]
                var credential = Credential(
                    title: title, awardingBody: body.0, country: country.0 ?? "", evidence: .transcript)
                if body.0 != nil { fields["awardingBody"] = body.1 }
                if country.0 != nil { fields["country"] = country.1 }
                if let level {
                    credential.framework = level.framework; credential.level = level.value
                    fields["framework"] = level.field; fields["level"] = level.field
                }
                if let isced = spec.text("iscedCode") {
                    if isced.count == 4, isced.allSatisfy(\.isNumber) {
                        credential.isced = Credential.Isced(field: isced); fields["isced.field"] = "\(path)/iscedCode"
                    } else {
                        reading.warnings.append(
                            "\(file):\(spec.line): iscedCode '\(isced)' is not a 4-digit ISCED-F 2013 field: not used")
                    }
                }
                let credit =
                    instance?.child("credit").map { ($0, "\(instancePath)/credit") }
                    ?? spec.child("credit").map { ($0, "\(path)/credit") }
                if let (node, at) = credit, let scheme = node.text("scheme"),
                    let value = node.text("value").flatMap(Double.init), value > 0, value.isFinite
                {
                    credential.credits = Credential.Credits(system: scheme, value: value)
                    fields["credits"] = at
                }
                if let date = DocumentText.date(instance?.text("date")) {
                    credential.awarded = date; fields["awarded"] = "\(instancePath)/date"
                }
                credential.source = Credential.Source(format: DocumentFormat.elmo.rawValue, document: file, field: path)
                reading.credentials.append(credential)
                reading.fields.append(fields)
            } else {
                reading.warnings.append("\(file):\(spec.line): \(path) has no title: not read")
            }
        }
        for (p, part) in (spec.child("hasPart")?.children("learningOpportunitySpecification") ?? []).enumerated() {
            collect(
                part, path: "\(path)/hasPart/learningOpportunitySpecification[\(p)]", topLevel: false, body: body,
                country: country, into: &reading, file: file)
        }
    }

    /// The last level of type EQF with a value from 1 to 8; every other level is a warning.
    private static func level(
        _ levels: [(XMLNode, String)], file: String, into reading: inout DocumentReading
    ) -> (framework: String, value: String, field: String)? {
        var level: (framework: String, value: String, field: String)?
        for (l, where_) in levels {
            guard let type = l.text("type") ?? l.attribute("type") else {
                if let text = l.text, l.children.isEmpty {
                    reading.warnings.append(
                        "\(file):\(l.line): \(where_) '\(text)' has no type (EQF or NQF): not used as a level")
                }
                continue
            }
            guard let value = l.text("value") else {
                reading.warnings.append("\(file):\(l.line): \(where_) of type \(type) has no <value>: no level read")
                continue
            }
            if type.uppercased() == "EQF", let eqf = DocumentText.eqfLevel(value) {
                level = ("eqf", eqf, where_ + "[type=EQF]/value")
            } else if type.uppercased() == "EQF" {
                reading.warnings.append("\(file):\(l.line): EQF level '\(value)' is not 1 to 8: not used")
            } else {
                reading.warnings.append(
                    "\(file):\(l.line): \(type) level '\(value)' (\(l.text("description") ?? "no description")) cannot be resolved to a framework: an ELMO NQF level names no framework; not used"
                )
            }
        }
        return level
    }

    /// The shipped schema, older dialects moved into its namespace first.
    private static func validate(_ tree: XMLTree, ns: String?, schema path: String) -> [String] {
        let schema: XMLSchema
        do { schema = try ElmoSchemaCache.schema(path) } catch {
            return ["the ELMO schema \(path) could not be read (\(error)); the file was not validated"]
        }
        if ns != namespace { tree.renamespace(from: ns, to: namespace) }
        let problems = tree.problems(against: schema)
        guard !problems.isEmpty else { return [] }
        let shown = problems.prefix(8).map { "schema: \($0)" }
        return shown + (problems.count > 8 ? ["schema: and \(problems.count - 8) more problem(s)"] : [])
    }

    /// Erasmus institution codes begin with the country's Erasmus code ("SF TAMPERE01").
    private static func erasmusCountry(_ issuer: XMLNode?) -> (String, String)? {
        guard
            let code = issuer?.children("identifier").first(where: { $0.attribute("type")?.lowercased() == "erasmus" })?
                .text,
            let prefix = code.split(separator: " ").first
        else { return nil }
        let erasmus: [String: String] = [
            "A": "AT", "B": "BE", "D": "DE", "E": "ES", "F": "FR", "G": "GR", "I": "IT", "IRL": "IE", "L": "LU",
            "N": "NO", "P": "PT", "S": "SE", "SF": "FI", "UK": "GB",
        ]
        let upper = prefix.uppercased()
        if let mapped = erasmus[upper] { return (mapped, code) }
        if upper.count == 2, let iso = CountryCodes.alpha2(upper) { return (iso, code) }
        return nil
    }
}

/// The compiled ELMO schema, once per path, with the XML catalog beside it.
enum ElmoSchemaCache {
    private static let schemas = Mutex<[String: XMLSchema]>([:])

    static func schema(_ path: String) throws(FrameworkFileError) -> XMLSchema {
        try schemas.withLock { (schemas) throws(FrameworkFileError) -> XMLSchema in
            if let schema = schemas[path] { return schema }
            let schema = try XMLSchema(
                path: path, catalog: (path as NSString).deletingLastPathComponent + "/catalog.xml")
            schemas[path] = schema
            return schema
        }
    }
}
