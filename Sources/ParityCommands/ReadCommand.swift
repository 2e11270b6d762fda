import ArgumentParser
import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import ParityService
import ParityXML

/// `parity read FILE...`: what Parity understands of an exchange document.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Tell the format of exchange documents (ELMO, ELM, HR-XML) and print what Parity reads from them.",
        discussion: """
            For each file: its format and dialect, the credentials (or the job opening) in Parity's own form with the
            element or property each field came from, and every warning. ELMO transcripts are checked against the
            shipped ELMO schema (Frameworks/schema/elmo/, through its XML catalog; nothing is fetched): problems are
            warnings, as most real files have some.
            Exit status: 0 when something was read from every file; 65 when a file is not a document Parity reads,
            or is not well-formed (file:line:column); 66 when a file cannot be read.
            """)

    @Argument(
        help: "ELMO (XML, or EMREX's base64 of gzip), ELM (v3 JSON-LD, JAdES, v2 XML) or HR-XML PositionOpening files.")
    var files: [String]
    @Flag(help: "Print the readings as JSON.") var json = false
    @Option(
        help:
            "The ELMO schema to check transcripts against (default: beside the configuration's framework XSD, else installed)."
    ) var elmoSchema: String?
    @OptionGroup var options: ConfigOptions

    struct Job: Encodable {
        var id: String; var title: String; var occupations: [String]; var skills: [String]; var education: String?
        var country: String?; var startDate: String?; var validThrough: String?; var monthsOfExperience: Int?;
        var salary: String?
    }
    struct Report: Encodable {
        var file: String; var format: String; var dialect: String; var holder: String?
        var credentials: [Credential]; var fields: [[String: String]]; var job: Job?; var jobFields: [String: String]?
        var occupationURIs: [String]; var requirements: [String]; var warnings: [String]
        var authenticity: Authenticity
    }

    func run() async throws {
        try reporting {
            // NQF levels named by QDR URI resolve through the installed frameworks, when the configuration loads.
            let configuration = try? options.load()
            let installed = try? configuration?.frameworkDirectory.load()
            let schema =
                elmoSchema
                ?? DocumentSchemas.elmo(
                    besideFrameworkSchema: configuration?.paths.schema ?? "Frameworks/schema/parity-framework-1.xsd")
            // The imported trusted lists, when the configuration loads; lists that fail their check stop the command.
            let trust = try configuration.map { c throws in
                do { return try c.trustStore() } catch { throw Failure(lines: ["\(error)"], code: 65) }
            }
            var reports: [Report] = []
            var failures: [String] = []
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw Failure(lines: ["\(file): cannot be read"], code: 66)
                }
                do {
                    let reading = try DocumentReader.read(
                        Array(data), name: file,
                        options: DocumentReader.Options(
                            elmoSchema: schema, qdr: { installed?.level(qdr: $0) }, trust: trust))
                    let job = reading.job.map {
                        Job(
                            id: $0.id, title: $0.title, occupations: $0.occupations, skills: $0.skills,
                            education: $0.education?.description, country: $0.country,
                            startDate: $0.startDate, validThrough: $0.validThrough,
                            monthsOfExperience: $0.monthsOfExperience,
                            salary: $0.salary.map {
                                "\($0.amount) \($0.currency) per \($0.period.rawValue.lowercased())"
                            })
                    }
                    if reading.credentials.isEmpty && reading.job == nil {
                        failures.append(
                            "\(file): \(reading.dialect), but nothing Parity can recognise is in it (see the warnings)")
                    }
                    reports.append(
                        Report(
                            file: file, format: reading.format.rawValue, dialect: reading.dialect,
                            holder: reading.holder, credentials: reading.credentials,
                            fields: reading.fields, job: job, jobFields: reading.job == nil ? nil : reading.jobFields,
                            occupationURIs: reading.occupationURIs, requirements: reading.jobRequirements,
                            warnings: reading.warnings, authenticity: reading.authenticity))
                } catch {
                    failures.append("\(error)")
                }
            }
            if json { printJSON(reports) } else { reports.forEach(Self.show) }
            if !failures.isEmpty { throw Failure(lines: failures, code: 65) }
            let broken = reports.filter { $0.authenticity.verdict == .failed }.map(\.file)
            if !broken.isEmpty {
                throw Failure(
                    lines: broken.map { "\($0): its seal failed: what it says is not what was sealed" }, code: 1)
            }
        }
    }

    static func show(_ r: Report) {
        say("\(r.file): \(r.dialect)")
        showAuthenticity(r.authenticity)
        if let holder = r.holder { say("  holder: \(holder) (only compared with the message's person; never scored)") }
        for (i, c) in r.credentials.enumerated() {
            let f = i < r.fields.count ? r.fields[i] : [:]
            func line(_ label: String, _ value: String?, _ key: String) {
                if let value { say("    \(label): \(value)\(f[key].map { "   ← \($0)" } ?? "")") }
            }
            say("  credential \(i + 1): \(c.title)   ← \(f["title"] ?? "")")
            line("awarding body", c.awardingBody, "awardingBody")
            line("country", c.country.isEmpty ? "none (give \"country\" beside the document)" : c.country, "country")
            line("level", c.level.map { "\(c.framework ?? "") \($0)" }, "level")
            line("ISCED-F field", c.isced?.field, "isced.field")
            line("credits", c.credits.map { "\($0.value) \($0.system)" }, "credits")
            line("awarded", c.awarded, "awarded")
            line("skills (ESCO)", c.skills.isEmpty ? nil : c.skills.joined(separator: ", "), "skills")
            line("mode", c.mode == .formal ? nil : c.mode.rawValue, "mode")
        }
        if let j = r.job {
            let f = r.jobFields ?? [:]
            func line(_ label: String, _ value: String?, _ key: String) {
                if let value { say("    \(label): \(value)\(f[key].map { "   ← \($0)" } ?? "")") }
            }
            say("  job opening \(j.id): \(j.title)")
            line(
                "occupations (ISCO-08)", j.occupations.isEmpty ? nil : j.occupations.joined(separator: ", "),
                "occupations")
            line(
                "occupations (ESCO, mapped to ISCO-08 when matched)",
                r.occupationURIs.isEmpty ? nil : r.occupationURIs.joined(separator: ", "), "occupations")
            line("skills (ESCO)", j.skills.isEmpty ? nil : j.skills.joined(separator: ", "), "skills")
            line("education", j.education, "education")
            line("country", j.country, "country")
            line("start", j.startDate, "startDate")
            line("closes", j.validThrough, "validThrough")
            line("experience (months)", j.monthsOfExperience.map(String.init), "monthsOfExperience")
            line("salary", j.salary, "salary")
        }
        for requirement in r.requirements { say("  shown, not scored: \(requirement)") }
        for warning in r.warnings { say("  warning: \(warning)") }
    }

    /// The seal's verdict, its steps, the signer and the anchor (`unsigned`: one line).
    static func showAuthenticity(_ a: Authenticity) {
        guard a.verdict != .unsigned else {
            say("  authenticity: unsigned (the document carries no signature)")
            return
        }
        let marker = a.verdict == .failed ? "  FAILED: what follows is not what was sealed" : ""
        say("  authenticity: \(a.verdict.rawValue)\(marker)")
        for step in a.steps { say("    \(step.step.rawValue): \(step.status.rawValue): \(step.detail)") }
        if let s = a.signer { say("    signer: \(s.subject) (issuer \(s.issuer), serial \(s.serial))") }
        if let t = a.signedAt { say("    signed at: \(t) (as the signature claims it)") }
        if let anchor = a.trustAnchor {
            say("    trust anchor: \(anchor.service) in \(anchor.list) (\(anchor.status))")
        }
    }
}
