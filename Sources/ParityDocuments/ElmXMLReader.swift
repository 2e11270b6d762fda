import ParityCore
import ParityXML

/// European Digital Credentials in the older ELM v2 XML (a `verifiablePresentation` or a bare
/// credential): achievements under `credentialSubject/achievements`, linked by `idref` to
/// their specifications (`qualification`, `learningSpecification`) and awarding processes
/// elsewhere in the file. Texts are `<text lang="...">` lists. The XAdES signature is not
/// verified, and the reading says so.
enum ElmXMLReader {
    static func read(_ tree: XMLTree, qdr: (String) -> LevelReference?) throws(DocumentError) -> DocumentReading {
        var reading = DocumentReading(
            format: .elm, dialect: "European Digital Credential, ELM v2 XML (\(tree.root.name))")
        guard let subject = tree.root.first("credentialSubject") else {
            throw DocumentError(
                .unmappable, at: "\(tree.file):\(tree.root.line):1", "an ELM v2 document with no <credentialSubject>")
        }
        var index: [String: XMLNode] = [:]
        func collect(_ node: XMLNode) {
            if let id = node.attribute("id"), index[id] == nil { index[id] = node }
            node.children.forEach(collect)
        }
        collect(tree.root)
        func resolve(_ node: XMLNode?) -> XMLNode? {
            guard let node else { return nil }
            if let ref = node.attribute("idref") { return index[ref] }
            return node
        }
        reading.holder =
            text(subject.child("fullName"))
            ?? [text(subject.child("givenNames")), text(subject.child("familyName"))].compactMap { $0 }.joined(
                separator: " "
            ).nonEmpty
        let achievements = subject.child("achievements")?.children("learningAchievement") ?? []
        for (i, a) in achievements.enumerated() {
            achievement(
                a, path: "credentialSubject/achievements/learningAchievement[\(i)]", topLevel: true, resolve: resolve,
                qdr: qdr, tree: tree, into: &reading)
        }
        if reading.credentials.isEmpty { reading.warnings.append("no learningAchievement with a title was found") }
        return reading
    }

    private static func achievement(
        _ a: XMLNode, path: String, topLevel: Bool, resolve: (XMLNode?) -> XMLNode?, qdr: (String) -> LevelReference?,
        tree: XMLTree,
        into reading: inout DocumentReading
    ) {
        let spec = resolve(a.child("specifiedBy"))
        let eqf = spec?.child("eqfLevel")?.attribute("uri").flatMap(DocumentText.eqfLevel)
        let nqfNode = spec?.child("nqfLevel") ?? spec?.child("hasNQFLevel")
        let nqf = nqfNode?.attribute("uri").flatMap(qdr)
        defer {
            for (p, part) in (a.child("hasPart")?.children("learningAchievement") ?? []).enumerated() {
                achievement(
                    part, path: "\(path)/hasPart/learningAchievement[\(p)]", topLevel: false, resolve: resolve,
                    qdr: qdr, tree: tree, into: &reading)
            }
        }
        guard topLevel || eqf != nil || nqf != nil else { return }
        guard let title = text(a.child("title")) ?? text(spec?.child("title")) else {
            reading.warnings.append("\(tree.file):\(a.line): \(path) has no title: not read")
            return
        }
        var fields: [String: String] = ["title": "\(path)/title"]
        var credential = Credential(title: title, country: "", evidence: .diploma)
        let process = resolve(a.child("wasAwardedBy"))
        let body = resolve(process?.child("awardingBody"))
        if let name = text(body?.child("prefLabel")) ?? text(body?.child("legalName")) {
            credential.awardingBody = name; fields["awardingBody"] = "\(path)/wasAwardedBy → awardingBody/prefLabel"
        }
        if let uri = body?.first("hasLocation")?.first("country")?.attribute("uri"), let code = CountryCodes.alpha2(uri)
        {
            credential.country = code;
            fields["country"] = "\(path)/wasAwardedBy → awardingBody/hasLocation/hasAddress/country"
        }
        if let eqf {
            credential.framework = "eqf"; credential.level = eqf;
            fields["framework"] = "\(path)/specifiedBy → eqfLevel"; fields["level"] = fields["framework"]
        }
        if let nqf {
            credential.framework = nqf.framework; credential.level = nqf.level
            fields["framework"] = "\(path)/specifiedBy → nqfLevel (QDR)"; fields["level"] = fields["framework"]
        } else if let node = nqfNode {
            reading.warnings.append(
                "\(tree.file):\(node.line): NQF level \(node.attribute("uri") ?? "?") is a QDR level no installed framework carries: not used"
            )
        }
        if let uri = spec?.child("hasISCED-FCode")?.attribute("uri") {
            let code = String(uri.split(separator: "/").last ?? "")
            if code.count == 4 {
                credential.isced = Credential.Isced(field: code);
                fields["isced.field"] = "\(path)/specifiedBy → hasISCED-FCode"
            } else {
                reading.warnings.append(
                    "\(path): ISCED-F '\(code)' is a broad or narrow field, not a 4-digit detailed one: not used")
            }
        }
        if let ects = spec?.text("hasECTSCreditPoints").flatMap(Double.init), ects > 0, ects.isFinite {
            credential.credits = Credential.Credits(system: "ECTS", value: ects);
            fields["credits"] = "\(path)/specifiedBy → hasECTSCreditPoints"
        }
        if let date = DocumentText.date(process?.text("awardingDate") ?? a.text("issuedDate")) {
            credential.awarded = date; fields["awarded"] = "\(path)/wasAwardedBy → awardingDate"
        }
        var skills: [String] = []
        for outcome in spec?.children("learningOutcome") ?? [] {
            if let uri = outcome.first("relatedESCOSkill")?.attribute("uri"), !skills.contains(uri) {
                skills.append(uri)
            }
        }
        if !skills.isEmpty {
            credential.skills = skills; fields["skills"] = "\(path)/specifiedBy → learningOutcome/relatedESCOSkill"
        }
        credential.source = Credential.Source(format: DocumentFormat.elm.rawValue, document: tree.file, field: path)
        reading.credentials.append(credential)
        reading.fields.append(fields)
    }

    /// `<x><text lang="en">...</text>...</x>`: the English text, else the first.
    static func text(_ node: XMLNode?) -> String? {
        guard let node else { return nil }
        let texts = node.children("text")
        if texts.isEmpty { return node.text }
        return texts.first { ($0.attribute("lang") ?? "").hasPrefix("en") && $0.text != nil }?.text
            ?? texts.lazy.compactMap(\.text).first
    }
}
