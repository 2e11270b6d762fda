import ParityCore
import ParityXML

/// HR-XML 3.2 `PositionOpening` (namespace `http://www.hr-xml.org/3`, any prefix), as EURES
/// partners exchange vacancies, read into a job opening:
/// - id: `DocumentID`; title: `PositionProfile/PositionTitle`;
/// - occupation: `JobCategoryCode` of list ISCO2008 (or an ESCO occupation URI, through the taxonomy);
/// - education: `EducationRequirement/EducationLevelCode` of list EURES_EQF (scored as the EQF
///   level); an ISCED 2011 level (EURES_ISCEDEducationLevel) is shown, not scored, since an
///   ISCED level is not a framework level;
/// - country `PositionLocation/Address/CountryCode`, start `PositionPeriod/StartDate`,
///   closing date `ApplicationCloseDate`, salary `RemunerationPackage` when given;
/// - competencies: ESCO skill URIs are required skills; languages with their CEFR level are
///   requirements shown to the employer and never scored;
/// - experience: `ExperienceSummary/ExperienceCategory/Measure` in months or years.
enum HRXMLReader {
    static let namespace = "http://www.hr-xml.org/3"

    static func read(_ tree: XMLTree) throws(DocumentError) -> DocumentReading {
        let root = tree.root
        var reading = DocumentReading(
            format: .hrxml,
            dialect:
                "HR-XML \(root.attribute("majorVersionID") ?? "3").\(root.attribute("minorVersionID") ?? "?") PositionOpening"
        )
        if root.namespace != namespace {
            reading.warnings.append(
                "<PositionOpening> is in namespace \(root.namespace ?? "none"), not \(namespace): read all the same")
        }
        guard let id = root.text("DocumentID") else {
            throw DocumentError(
                .unmappable, at: "\(tree.file):\(root.line):1",
                "a PositionOpening with no <DocumentID>: it names the job opening")
        }
        let profile = root.child("PositionProfile")
        var fields: [String: String] = ["id": "DocumentID"]
        let title = profile?.text("PositionTitle") ?? ""
        if title.isEmpty {
            reading.warnings.append("the PositionOpening has no PositionTitle")
        } else {
            fields["title"] = "PositionProfile/PositionTitle"
        }
        var job = JobOpening(id: id, title: title)
        if let status = root.text("PositionOpeningStatusCode"), status.lowercased() != "active" {
            reading.warnings.append("PositionOpeningStatusCode is '\(status)': the vacancy may be closed")
        }
        occupations(profile, tree: tree, into: &job, fields: &fields, reading: &reading)
        if let country = profile?.child("PositionLocation")?.child("Address")?.text("CountryCode") {
            if let code = CountryCodes.alpha2(country) {
                job.country = code; fields["country"] = "PositionProfile/PositionLocation/Address/CountryCode"
            } else {
                reading.warnings.append("CountryCode '\(country)' is not an ISO 3166-1 country: not used")
            }
        }
        if let start = profile?.child("PositionPeriod")?.child("StartDate") {
            let text = start.text("FormattedDateTime") ?? start.text("DateText") ?? start.text
            if let date = DocumentText.date(text) {
                job.startDate = date; fields["startDate"] = "PositionProfile/PositionPeriod/StartDate"
            } else if let text {
                reading.warnings.append("StartDate '\(text)' is not a date: no start date")
            }
        }
        if let close = DocumentText.date(profile?.text("ApplicationCloseDate")) {
            job.validThrough = close; fields["validThrough"] = "PositionProfile/ApplicationCloseDate"
        }
        if let qualifications = profile?.child("PositionQualifications") {
            readQualifications(qualifications, tree: tree, into: &job, fields: &fields, reading: &reading)
        }
        salary(profile?.child("RemunerationPackage"), into: &job, fields: &fields, reading: &reading)
        reading.job = job
        reading.jobFields = fields
        return reading
    }

    /// `JobCategoryCode`s: ISCO-08 codes, or ESCO occupation URIs for the taxonomy to map.
    private static func occupations(
        _ profile: XMLNode?, tree: XMLTree, into job: inout JobOpening, fields: inout [String: String],
        reading: inout DocumentReading
    ) {
        for code in profile?.children("JobCategoryCode") ?? [] {
            guard let value = code.text else { continue }
            let list = (code.attribute("listName") ?? "").uppercased()
            if list.hasPrefix("ISCO"), value.count <= 4, value.allSatisfy(\.isNumber) {
                job.occupations.append(value);
                fields["occupations"] =
                    "PositionProfile/JobCategoryCode[@listName='\(code.attribute("listName") ?? "")']"
            } else if value.hasPrefix("http://data.europa.eu/esco/occupation/") {
                // Mapped to ISCO through the taxonomy by whoever matches the job (JobPostingDecoder).
                reading.occupationURIs.append(value);
                fields["occupations"] = "PositionProfile/JobCategoryCode (ESCO occupation)"
            } else {
                reading.warnings.append(
                    "\(tree.file):\(code.line): JobCategoryCode '\(value)' (list \(list.isEmpty ? "none" : list)) is neither ISCO-08 nor an ESCO occupation: not used"
                )
            }
        }
    }

    /// The base pay and its period, from `RemunerationPackage`.
    private static func salary(
        _ remuneration: XMLNode?, into job: inout JobOpening, fields: inout [String: String],
        reading: inout DocumentReading
    ) {
        if let pay = remuneration?.first("BasePayAmountMin") ?? remuneration?.first("Amount"),
            let amount = pay.text.flatMap(Double.init), amount.isFinite, let currency = pay.attribute("currencyID")
        {
            let interval = (pay.attribute("interval") ?? remuneration?.text("RemunerationTypeCode") ?? "").lowercased()
            let period: JobOpening.Salary.Period? =
                interval.contains("hour")
                ? .hour
                : interval.contains("month")
                    ? .month
                    : interval.contains("year") || interval.contains("annual")
                        ? .year : interval.contains("week") ? .week : interval.contains("day") ? .day : nil
            if let period {
                job.salary = JobOpening.Salary(amount: amount, currency: currency, period: period);
                fields["salary"] = "PositionProfile/RemunerationPackage"
            } else {
                reading.warnings.append(
                    "the salary \(amount) \(currency) has no period (hour, month, year): shown, not compared")
            }
        }
    }

    private static func readQualifications(
        _ q: XMLNode, tree: XMLTree, into job: inout JobOpening, fields: inout [String: String],
        reading: inout DocumentReading
    ) {
        for level in q.children("EducationRequirement").compactMap({ $0.child("EducationLevelCode") }) {
            guard let value = level.text else { continue }
            let list = (level.attribute("listName") ?? "").uppercased()
            if list.contains("EQF"), let eqf = DocumentText.eqfLevel(value) {
                job.education = JobOpening.Education(framework: "EQF", level: eqf);
                fields["education"] =
                    "PositionQualifications/EducationRequirement/EducationLevelCode[@listName='\(level.attribute("listName") ?? "")']"
            } else if list.contains("ISCED") {
                reading.jobRequirements.append("education: ISCED 2011 level \(value)")
                reading.warnings.append(
                    "EducationLevelCode \(value) is an ISCED 2011 level, not a framework level: shown to the employer, not scored"
                )
            } else {
                reading.warnings.append(
                    "EducationLevelCode '\(value)' of list '\(list)' is neither EURES_EQF nor EURES_ISCEDEducationLevel: not used"
                )
            }
        }
        for competency in q.children("PositionCompetency") {
            let id = competency.text("CompetencyID") ?? ""
            let list =
                (competency.child("CompetencyID")?.attribute("schemeName") ?? competency.child("CompetencyID")?
                .attribute("schemeID") ?? "").uppercased()
            if id.hasPrefix("http://data.europa.eu/esco/skill/") {
                job.skills.append(id); fields["skills"] = "PositionQualifications/PositionCompetency/CompetencyID"
            } else if list.contains("639") || list.contains("LANGUAGE") {
                let cefr =
                    competency.first("ProficiencyLevel")?.text ?? competency.first("RequiredProficiencyLevel")?.text
                    ?? "no level given"
                reading.jobRequirements.append("language \(id): \(cefr) (CEFR)")
            } else if !id.isEmpty {
                reading.warnings.append(
                    "\(tree.file):\(competency.line): PositionCompetency '\(id)' is not an ESCO skill URI: not used")
            }
        }
        for category in q.child("ExperienceSummary")?.children("ExperienceCategory") ?? [] {
            guard let measure = category.child("Measure"), let value = measure.text.flatMap(Double.init) else {
                continue
            }
            let unit = (measure.attribute("unitCode") ?? "").lowercased()
            let months = unit.hasPrefix("year") ? value * 12 : unit.hasPrefix("month") ? value : nil
            if let months, !months.isFinite || months < 0 || months > Double(Experience.maximumMonths) {
                // inf, nan, 1e999 and 1e300 reach here as Doubles: refused, never converted.
                reading.warnings.append(
                    "\(tree.file):\(measure.line): experience '\(measure.text ?? "")' \(unit) is not a number of months from 0 to \(Experience.maximumMonths): not used"
                )
            } else if let months {
                job.monthsOfExperience = max(job.monthsOfExperience ?? 0, Int(months));
                fields["monthsOfExperience"] = "PositionQualifications/ExperienceSummary/ExperienceCategory/Measure"
            } else {
                reading.warnings.append("experience \(value) in unit '\(unit)' is neither years nor months: not used")
            }
        }
    }
}
