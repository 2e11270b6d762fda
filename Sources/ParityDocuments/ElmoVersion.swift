import ParityXML

/// Which ELMO v1 minor version a file's content needs at least. Every v1.x shares the namespace
/// `…/elmo-schemas/tree/v1` and files carry no version number, so the version can only be told
/// from the elements each release introduced (emrex-eu/elmo-schemas, CHANGELOG.md, 1.1.0 to
/// 1.5.0): the answer is a lower bound with the evidence for it. Later releases (1.6 to 2.0)
/// list no new element in that changelog, so no file is ever said to need them.
struct ElmoVersion: Equatable, CustomStringConvertible {
    let minor: Int
    /// What in the file needs this version (element paths), empty for 1.0.
    let evidence: [String]

    var description: String {
        minor == 0
            ? "content of v1.0 or later" : "content of v1.\(minor) or later (\(evidence.joined(separator: ", ")))"
    }

    /// The elements each release added, as (minor version, element path below <elmo>).
    private static let markers: [(minor: Int, path: [String])] = [
        (2, ["report", "gradingScheme"]),
        (2, ["report", "learningOpportunitySpecification", "descriptionHtml"]),
        (2, ["report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance", "level"]),
        (2, ["report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance", "status"]),
        (2, ["report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance", "identifier"]),
        (
            2,
            [
                "report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance",
                "gradingSchemeLocalId",
            ]
        ),
        (3, ["groups"]),
        (3, ["report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance", "attachments"]),
        (
            4,
            [
                "report", "learningOpportunitySpecification", "specifies", "learningOpportunityInstance",
                "diplomaSupplement",
            ]
        ),
        (5, ["learner", "placeOfBirth"]),
        (5, ["learner", "birthName"]),
        (5, ["learner", "currentAddress"]),
        (5, ["learner", "gender"]),
    ]

    /// The least version whose schema has every element found below `elmo`.
    static func detect(_ elmo: XMLNode) -> ElmoVersion {
        var minor = 0
        var evidence: [String] = []
        func note(_ version: Int, _ what: String) {
            if version > minor {
                minor = version; evidence = [what]
            } else if version == minor, !evidence.contains(what) {
                evidence.append(what)
            }
        }
        for marker in markers where marker.minor >= minor && exists(marker.path, below: elmo) {
            note(marker.minor, marker.path.suffix(2).joined(separator: "/"))
        }
        if minor < 1 {
            // 1.1 allowed more than one <description> per specification, and the attachment type "EMREX transcript".
            if elmo.children("report").contains(where: { hasRepeatedDescription(in: $0) }) {
                note(1, "several description in one learningOpportunitySpecification")
            }
            if elmo.children("attachment").contains(where: { $0.text("type") == "EMREX transcript" }) {
                note(1, "attachment type 'EMREX transcript'")
            }
        }
        return ElmoVersion(minor: minor, evidence: evidence)
    }

    private static func exists(_ path: [String], below node: XMLNode) -> Bool {
        guard let first = path.first else { return true }
        let rest = Array(path.dropFirst())
        return node.children(first).contains {
            exists(rest, below: $0) || (first == "learningOpportunitySpecification" && nested($0, rest))
        }
    }

    /// A specification's parts (`…/learningOpportunityInstance/…/hasPart/learningOpportunitySpecification`) count too.
    private static func nested(_ spec: XMLNode, _ rest: [String]) -> Bool {
        spec.children("hasPart").contains { part in exists(["learningOpportunitySpecification"] + rest, below: part) }
    }

    private static func hasRepeatedDescription(in node: XMLNode) -> Bool {
        for spec in node.children("learningOpportunitySpecification") {
            if spec.children("description").count > 1 { return true }
            if spec.children("hasPart").contains(where: hasRepeatedDescription(in:)) { return true }
        }
        return false
    }
}
