public import ParityCore

/// A `job-opening` message (or a bare schema.org `JobPosting`) read into a `JobOpening`.
/// schema.org lets most properties be text, a structured value, or a list; what can be used is
/// used, and everything else is named in `notes` (never a crash, never a silent drop):
/// - `occupationalCategory` (also inside `relevantOccupation`): ISCO-08 codes, or ESCO
///   occupation URIs mapped through the taxonomy; other classifications (O*NET-SOC...) are noted.
/// - `skills`: ESCO URIs, or labels resolved against the taxonomy once, here.
/// - `experienceRequirements.monthsOfExperience`; as free text it is noted and not scored.
/// - `baseSalary`: a MonetaryAmount whose value is a number or a QuantitativeValue with
///   `unitText` (HOUR, DAY, WEEK, MONTH, YEAR); without a unit it is noted and not compared.
/// - `jobLocation[].address.addressCountry` (a code or a Country with a name that is a code).
/// - `educationRequirements`: a framework level ("EQF 6") and/or a credential category, read
///   by the matcher in the destination's framework; free text is noted and not scored.
/// - `jobStartDate`: candidates available only later are not listed.
public enum JobPostingDecoder {
    public struct Decoded: Sendable {
        public var job: JobOpening
        public var notes: [String]
    }

    /// `occupation`: an ESCO occupation URI to its ISCO code; `skill`: a label to an ESCO URI.
    public static func decode(
        _ envelope: MessageEnvelope, occupation: (String) -> String?, skill: (String) -> String?
    ) throws(MessageError) -> Decoded {
        if let reading = envelope.positionOpening, let job = reading.job {
            return positionOpening(job, reading, occupation: occupation)
        }
        let root = envelope.fields
        if let xml = try root.optional("positionOpening") { return try embedded(xml, envelope, occupation: occupation) }
        let bare = try root.optional("kind") == nil
        let posting = bare ? root : try root.required("posting")
        if !bare {
            guard let type = try posting.optional("@type"), try type.string() == "JobPosting" else {
                throw posting.fail("expected a schema.org JobPosting (\"@type\": \"JobPosting\")")
            }
        }
        var notes: [String] = []
        let title = try posting.first("title", "name")?.string() ?? ""
        if title.isEmpty { notes.append("The posting has no title.") }
        let occupations = try Self.occupations(posting, occupation: occupation, notes: &notes)
        let skills = try Self.skills(posting, skill: skill, notes: &notes)
        var months: Int?
        if let experience = try posting.optional("experienceRequirements") {
            if experience.isObject, let value = try experience.optional("monthsOfExperience") {
                months = try value.months()
            } else {
                notes.append("experienceRequirements is free text: experience is not scored.")
            }
        }
        var education: JobOpening.Education?
        if let requirements = try posting.optional("educationRequirements") {
            education = try Self.education(requirements, notes: &notes)
        }
        var startDate: String?
        if let start = try posting.optional("jobStartDate") {
            if let text = try? start.string(), ISODate.day(text) != nil {
                startDate = text
            } else {
                notes.append("jobStartDate is not an ISO 8601 date: availability is not checked.")
            }
        }
        var salary: JobOpening.Salary?
        if let base = try posting.optional("baseSalary") {
            salary = try Self.salary(base, currency: posting.optional("salaryCurrency")?.string(), notes: &notes)
        }
        let country = try Self.country(posting)
        if country == nil {
            notes.append("The posting gives no jobLocation country: credentials are not recognised for it.")
        }
        var recruitment = JobOpening.Recruitment()
        if !bare, let r = try root.optional("recruitment") { recruitment = try Self.recruitment(r) }
        let job = JobOpening(
            id: envelope.id, title: title, occupations: occupations, skills: skills, monthsOfExperience: months,
            education: education, startDate: startDate, salary: salary,
            country: country, validThrough: try posting.optional("validThrough")?.string(), recruitment: recruitment)
        return Decoded(job: job, notes: notes)
    }

    /// A job-opening message carrying an HR-XML 3.2 PositionOpening as text (`positionOpening`).
    private static func embedded(
        _ xml: MessageFields, _ envelope: MessageEnvelope, occupation: (String) -> String?
    ) throws(MessageError) -> Decoded {
        let root = envelope.fields
        let text = try xml.string()
        let reading: DocumentReading
        do {
            reading = try envelope.documents.read(
                Array(text.utf8), name: "\(root.source): positionOpening", expected: .hrxml)
        } catch {
            throw xml.fail(error.description)
        }
        guard var job = reading.job else { throw xml.fail("expected an HR-XML 3.2 PositionOpening") }
        job.id = envelope.id
        if let recruitment = try root.optional("recruitment") {
            job.recruitment = try Self.recruitment(recruitment)
        }
        return positionOpening(job, reading, occupation: occupation)
    }

    /// `occupationalCategory` (and `relevantOccupation`'s): ISCO-08 codes, or ESCO occupations mapped to ISCO.
    private static func occupations(
        _ posting: MessageFields, occupation: (String) -> String?, notes: inout [String]
    ) throws(MessageError) -> [String] {
        var occupations: [String] = []
        var categories = try posting.optional("occupationalCategory")?.oneOrMany() ?? []
        if let relevant = try posting.optional("relevantOccupation"),
            let nested = try relevant.optional("occupationalCategory")
        {
            categories += try nested.oneOrMany()
        }
        for category in categories {
            let code =
                category.isObject ? try category.optional("codeValue")?.string() ?? "" : try category.identifier()
            if code.count <= 4, !code.isEmpty, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                occupations.append(code)
            } else if let isco = occupation(code) {
                occupations.append(isco)
            } else {
                notes.append(
                    "occupationalCategory '\(code.prefix(80))' is neither an ISCO-08 code nor a known ESCO occupation: not used."
                )
            }
        }
        return occupations
    }

    /// `skills`: ESCO URIs, or labels the taxonomy knows; a plain text list is split at commas.
    private static func skills(
        _ posting: MessageFields, skill: (String) -> String?, notes: inout [String]
    ) throws(MessageError) -> [String] {
        var skills: [String] = []
        for item in try posting.optional("skills")?.oneOrMany() ?? [] {
            let text = item.isObject ? try item.first("url", "name")?.string() ?? "" : try item.string()
            // A plain text list ("HTML, CSS, JSON-LD") is split at commas.
            let parts =
                text.hasPrefix("http")
                ? [text] : text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
            for part in parts {
                if part.hasPrefix("http") {
                    skills.append(part)
                } else if let uri = skill(part) {
                    skills.append(uri)
                } else {
                    notes.append("Skill '\(part.prefix(80))' is not an ESCO skill label: not used.")
                }
            }
        }
        return skills
    }

    /// The first `jobLocation` address's country.
    private static func country(_ posting: MessageFields) throws(MessageError) -> String? {
        for place in try posting.optional("jobLocation")?.oneOrMany() ?? [] {
            guard let address = try place.optional("address"), address.isObject,
                let value = try address.optional("addressCountry")
            else { continue }
            if let found = value.isObject ? try value.optional("name")?.string() : try value.string() { return found }
        }
        return nil
    }

    /// The message's `recruitment` block: worker fees, channel, agency, agreement (ILO C181).
    static func recruitment(_ r: MessageFields) throws(MessageError) -> JobOpening.Recruitment {
        var recruitment = JobOpening.Recruitment()
        if let fees = try r.optional("workerFees") {
            recruitment.workerFees = .init(
                amount: try fees.optional("amount")?.nonNegative(), currency: try fees.optional("currency")?.string(),
                what: try fees.optional("what")?.string() ?? "unspecified costs")
        }
        recruitment.channel = try r.optional("channel")?.choice(JobOpening.Recruitment.Channel.self) ?? .active
        if let agency = try r.optional("agency") {
            recruitment.agencyName = try agency.optional("name")?.string()
            recruitment.agencyLicence = try agency.optional("licence")?.string()
        }
        recruitment.agreement = try r.optional("agreement")?.string()
        return recruitment
    }

    /// A PositionOpening's job with its ESCO occupations mapped to ISCO-08; its warnings, and
    /// what is shown but not scored, as notes.
    static func positionOpening(
        _ job: JobOpening, _ reading: DocumentReading, occupation: (String) -> String?
    ) -> Decoded {
        var job = job
        var notes = reading.warnings + reading.jobRequirements.map { "Shown, not scored: \($0)." }
        for uri in reading.occupationURIs {
            if let isco = occupation(uri) {
                job.occupations.append(isco)
            } else {
                notes.append("JobCategoryCode '\(uri)' is not a known ESCO occupation: not used.")
            }
        }
        return Decoded(job: job, notes: notes)
    }

    /// `educationRequirements`: an EducationalOccupationalCredential whose `educationalLevel`
    /// names a framework level ("EQF 6", or a DefinedTerm with `inDefinedTermSet` and
    /// `termCode`) and/or whose `credentialCategory` names a qualification type; or text that
    /// names a framework level. Anything else is noted, and recognition is then shown, not scored.
    static func education(_ value: MessageFields, notes: inout [String]) throws(MessageError) -> JobOpening.Education? {
        let items = try value.oneOrMany()
        if items.count > 1 {
            notes.append("educationRequirements lists \(items.count) credentials: the first is used.")
        }
        guard let first = items.first else { return nil }
        if !first.isObject {
            let text = try first.string()
            if let (framework, level) = frameworkLevel(text) { return .init(framework: framework, level: level) }
            notes.append(
                "educationRequirements '\(text.prefix(80))' is free text, not a framework level such as 'EQF 6': each candidate's recognition is shown, not scored."
            )
            return nil
        }
        var education = JobOpening.Education()
        if let category = try first.optional("credentialCategory") {
            education.category =
                category.isObject ? try category.first("name", "termCode")?.string() : try category.string()
        }
        if let level = try first.optional("educationalLevel") {
            if level.isObject {
                let set = try level.optional("inDefinedTermSet")
                let setName =
                    try set.map { s throws(MessageError) in
                        s.isObject ? try s.optional("name")?.string() : try s.string()
                    } ?? nil
                if let code = try level.first("termCode", "name")?.identifier() {
                    if let setName, !setName.hasPrefix("http") {
                        education.framework = setName; education.level = code
                    } else if let (framework, id) = frameworkLevel(code) {
                        education.framework = framework; education.level = id
                    } else {
                        notes.append(
                            "educationalLevel '\(code.prefix(40))' names no framework (inDefinedTermSet as a name such as 'EQF'): the level is not used."
                        )
                    }
                }
            } else {
                let text = try level.identifier()
                if let (framework, id) = frameworkLevel(text) {
                    education.framework = framework; education.level = id
                } else {
                    notes.append(
                        "educationalLevel '\(text.prefix(80))' is not a framework level such as 'EQF 6': the level is not used."
                    )
                }
            }
        }
        return education.framework == nil && education.category == nil ? nil : education
    }

    /// "EQF 6", "EQF level 6", "eqf-6", "de-dqr 4", "DQR Niveau 4" → (framework, level).
    static func frameworkLevel(_ text: String) -> (String, String)? {
        var words = text.split { $0 == " " || $0 == "\t" }.map(String.init)
        if words.count == 1, let dash = text.lastIndex(of: "-") {
            words = [String(text[..<dash]), String(text[text.index(after: dash)...])]
        }
        guard words.count >= 2, let level = words.last, level.count <= 4,
            level.allSatisfy({ $0.isNumber || "IVXivx".contains($0) })
        else { return nil }
        words.removeLast()
        if ["level", "niveau", "nivel", "stufe"].contains(words.last?.lowercased() ?? "") { words.removeLast() }
        guard words.count == 1, let framework = words.first, framework.contains(where: \.isLetter) else { return nil }
        return (framework, level)
    }

    private static func salary(
        _ base: MessageFields, currency fallback: String?, notes: inout [String]
    ) throws(MessageError) -> JobOpening.Salary? {
        guard base.isObject else {
            notes.append(
                "baseSalary is a bare number without a currency or period: pay is not checked against the floor.")
            return nil
        }
        let currency = try base.optional("currency")?.string() ?? fallback
        guard let value = try base.optional("value") else { notes.append("baseSalary has no value."); return nil }
        var amount: Double?
        var unit: String?
        if value.isObject {
            amount = try value.first("value", "minValue")?.number()
            unit = try value.optional("unitText")?.string()
        } else if value.isNumber {
            amount = try value.number()
        }
        guard let amount, let currency else {
            notes.append("baseSalary lacks an amount or a currency: pay is not checked."); return nil
        }
        guard let unit, let period = JobOpening.Salary.Period(rawValue: unit.uppercased()) else {
            notes.append(
                "baseSalary gives no unitText (HOUR, DAY, WEEK, MONTH or YEAR): pay is not checked against the floor.")
            return nil
        }
        return JobOpening.Salary(amount: amount, currency: currency, period: period)
    }
}
