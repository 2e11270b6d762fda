import Foundation
import ParityCore
import ParityJSON
import ParitySignatures

/// European Digital Credentials in ELM v3 JSON-LD, plain or JAdES-signed (a JWS whose payload
/// is the credential; its seal is verified by `JAdESVerifier`, and a document whose seal failed
/// is still read, so that it can be shown for what it claims, marked as failed). Every
/// property may be one value or a list, and texts are language maps. Each
/// `LearningAchievement` claimed for the subject is a credential; a part of one is a credential
/// of its own only when it carries its own EQF level.
enum ElmJSONReader {
    static func read(
        _ bytes: [UInt8], name: String, qdr: (String) -> LevelReference?, trust: TrustStore? = nil
    ) throws(DocumentError) -> DocumentReading {
        var reading = DocumentReading(format: .elm, dialect: "European Digital Credential, ELM v3 JSON-LD")
        var root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch {
            throw DocumentError(.malformed, at: name, "not valid JSON: \(error.description)")
        }
        if let sealed = JAdESVerifier.verify(root, trust: trust) {
            reading.dialect += ", JAdES-signed"
            reading.authenticity = sealed.authenticity
            guard let payload = sealed.payload else {
                throw DocumentError(
                    .malformed, at: name,
                    "a JAdES document whose signature cannot be read: \(sealed.authenticity.reason?.detail ?? "")")
            }
            do { root = try JSONValue.parse(payload) } catch {
                throw DocumentError(.malformed, at: name, "the JAdES payload is not valid JSON: \(error.description)")
            }
        }
        guard case .object = root else {
            throw DocumentError(.unmappable, at: name, "expected a JSON object: a credential or a JAdES document")
        }
        guard root["credentialSubject"] != nil else {
            throw DocumentError(
                .unrecognised, at: name,
                "not a European Digital Credential: expected a JSON-LD object with 'credentialSubject'")
        }
        let subject = root["credentialSubject"] ?? .null
        reading.holder =
            subject["fullName"]?.text
            ?? [subject["givenName"]?.text, subject["familyName"]?.text].compactMap { $0 }.joined(separator: " ")
            .nonEmpty
        let issued = DocumentText.date(
            root["issuanceDate"]?.string ?? root["validFrom"]?.string ?? root["issued"]?.string)
        let issuerCountry = country(root["issuer"])
        for (i, claim) in (subject["hasClaim"]?.list ?? []).enumerated() {
            let path = "credentialSubject.hasClaim[\(i)]"
            guard claim.isType("LearningAchievement") else {
                reading.warnings.append(
                    "\(path) is a \(claim["type"]?.list.compactMap(\.string).joined(separator: ", ") ?? "claim of no type"), not a LearningAchievement: not read as a credential"
                )
                continue
            }
            achievement(
                claim, path: path, topLevel: true, issued: issued, issuerCountry: issuerCountry, name: name, qdr: qdr,
                into: &reading)
        }
        if reading.credentials.isEmpty { reading.warnings.append("no LearningAchievement with a title was found") }
        return reading
    }

    private static func achievement(
        _ a: JSONValue, path: String, topLevel: Bool, issued: String?, issuerCountry: (String, String)?, name: String,
        qdr: (String) -> LevelReference?, into reading: inout DocumentReading
    ) {
        let spec = a["specifiedBy"]?.list.first ?? .null
        let specPath = path + ".specifiedBy"
        let eqf = spec["eqfLevel"]?.list.first?.id.flatMap(DocumentText.eqfLevel)
        let nqf = (spec["nqfLevel"]?.list ?? []).compactMap { $0.id.flatMap(qdr) }.first
        defer {
            for (p, part) in (a["hasPart"]?.list ?? []).enumerated() {
                achievement(
                    part, path: "\(path).hasPart[\(p)]", topLevel: false, issued: issued, issuerCountry: issuerCountry,
                    name: name, qdr: qdr, into: &reading)
            }
        }
        guard topLevel || eqf != nil || nqf != nil else { return }
        guard let title = a["title"]?.text ?? spec["title"]?.text else {
            reading.warnings.append("\(path) has no title: not read")
            return
        }
        var fields: [String: String] = ["title": a["title"]?.text != nil ? "\(path).title" : "\(specPath).title"]
        var credential = Credential(title: title, country: "", evidence: .diploma)
        let awarding = a["awardedBy"]?.list.first ?? .null
        let body = awarding["awardingBody"]?.list.first ?? .null
        if let legal = body["legalName"]?.text ?? body["prefLabel"]?.text {
            credential.awardingBody = legal; fields["awardingBody"] = "\(path).awardedBy.awardingBody.legalName"
        }
        if let (code, at) = country(body).map({ ($0.0, "\(path).awardedBy.awardingBody.\($0.1)") })
            ?? issuerCountry.map({ ($0.0, "issuer.\($0.1)") })
        {
            credential.country = code; fields["country"] = at
        }
        levels(eqf: eqf, nqf: nqf, spec: spec, specPath: specPath, &credential, &fields, &reading)
        specification(spec, specPath: specPath, achievement: a, &credential, &fields, &reading)
        if let date = DocumentText.date(awarding["awardingDate"]?.string) ?? issued {
            credential.awarded = date;
            fields["awarded"] = awarding["awardingDate"] != nil ? "\(path).awardedBy.awardingDate" : "issuanceDate"
        }
        credential.source = Credential.Source(format: DocumentFormat.elm.rawValue, document: name, field: path)
        reading.credentials.append(credential)
        reading.fields.append(fields)
    }

    /// The EQF level, and the national level through its QDR URI (the more precise, so the one matched).
    private static func levels(
        eqf: String?, nqf: LevelReference?, spec: JSONValue, specPath: String, _ credential: inout Credential,
        _ fields: inout [String: String], _ reading: inout DocumentReading
    ) {
        if let eqf {
            credential.framework = "eqf"; credential.level = eqf; fields["framework"] = "\(specPath).eqfLevel";
            fields["level"] = "\(specPath).eqfLevel"
        } else if let raw = spec["eqfLevel"]?.list.first?.id {
            reading.warnings.append(
                "\(specPath).eqfLevel '\(raw)' is not an EQF level URI (http://data.europa.eu/snb/eqf/1 to 8): not used"
            )
        }
        if let nqf {
            // The national level is the more precise: it is the one matched, through the framework's own bridges.
            credential.framework = nqf.framework; credential.level = nqf.level
            fields["framework"] = "\(specPath).nqfLevel (QDR)"; fields["level"] = fields["framework"]
        } else {
            for level in spec["nqfLevel"]?.list ?? [] {
                reading.warnings.append(
                    "\(specPath).nqfLevel \(level.id ?? "?") ('\(level["prefLabel"]?.text ?? "no label")') is a QDR level no installed framework carries: not used\(eqf != nil ? "; the EQF level is" : "")"
                )
            }
        }
    }

    /// What the specification says besides its levels: field, credits, volume, skills, learning setting.
    private static func specification(
        _ spec: JSONValue, specPath: String, achievement a: JSONValue, _ credential: inout Credential,
        _ fields: inout [String: String], _ reading: inout DocumentReading
    ) {
        for area in spec["thematicArea"]?.list ?? [] {
            guard let id = area.id, id.contains("/isced-f/") else { continue }
            let code = String(id.split(separator: "/").last ?? "")
            if code.count == 4, credential.isced == nil {
                credential.isced = Credential.Isced(field: code); fields["isced.field"] = "\(specPath).thematicArea"
            } else if code.count != 4 {
                reading.warnings.append(
                    "\(specPath).thematicArea ISCED-F '\(code)' (\(area["prefLabel"]?.text ?? "")) is a broad or narrow field, not a 4-digit detailed one: not used"
                )
            }
        }
        if let credit = spec["creditPoint"]?.list.first, let point = credit["point"]?.number, point > 0, point.isFinite
        {
            let framework =
                credit["framework"]?["prefLabel"]?.text
                ?? (credit["framework"]?.id?.hasSuffix("6fcec5c5af") == true ? "ECTS" : nil)
            let ects =
                framework.map { $0.contains("ECTS") || $0.lowercased().contains("european credit transfer") } ?? true
            credential.credits = Credential.Credits(system: ects ? "ECTS" : framework ?? "ECTS", value: point)
            fields["credits"] = "\(specPath).creditPoint"
            if framework == nil {
                reading.warnings.append("\(specPath).creditPoint names no credit framework: read as ECTS")
            }
        }
        if let volume = spec["volumeOfLearning"]?.string, let hours = isoHours(volume) {
            reading.warnings.append(
                "\(specPath).volumeOfLearning \(volume) (\(hours) hours of learning): shown, not scored")
        }
        var skills: [String] = []
        for outcome in (spec["learningOutcome"]?.list ?? []) + (a["learningOutcome"]?.list ?? []) {
            for skill in outcome["relatedESCOSkill"]?.list ?? []
            where skill.id?.hasPrefix("http://data.europa.eu/esco/skill/") == true {
                if let id = skill.id, !skills.contains(id) { skills.append(id) }
            }
        }
        if !skills.isEmpty {
            credential.skills = skills; fields["skills"] = "\(specPath).learningOutcome[].relatedESCOSkill"
        }
        if let setting = spec["learningSetting"]?["prefLabel"]?.text?.lowercased() {
            credential.mode =
                setting.contains("non-formal") ? .nonFormal : setting.contains("informal") ? .informal : .formal
            fields["mode"] = "\(specPath).learningSetting"
        }
    }

    /// An organisation's country: its location's address country code (an EU authority URI).
    private static func country(_ organisation: JSONValue?) -> (String, String)? {
        guard let organisation else { return nil }
        for place in organisation["location"]?.list ?? [] {
            for address in place["address"]?.list ?? [] {
                if let id = address["countryCode"]?.id, let code = CountryCodes.alpha2(id) {
                    return (code, "location.address.countryCode")
                }
            }
        }
        return nil
    }

    /// A JWS payload: JSON text as it is, or base64url of it.
    /// "PT60H", "P2D" to hours (days as 24 hours is not what learning volume means, so only
    /// hours and minutes are read).
    private static func isoHours(_ duration: String) -> Int? {
        guard duration.hasPrefix("PT"), duration.hasSuffix("H"), let hours = Int(duration.dropFirst(2).dropLast())
        else { return nil }
        return hours
    }
}
