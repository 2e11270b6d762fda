import ParityCore

/// One line of `parity frameworks list`: the fields operators and scripts rely on.
struct FrameworkSummary: Encodable {
    var id: String
    var name: String
    var kind: String
    var country: [String]?
    var region: String?
    var version: String
    var date: String
    var status: String
    var levels: Int
    var bridges: Int
    var contentHash: String

    init(_ f: Framework, hash: String) {
        id = f.id; name = f.name; kind = f.kind.rawValue
        country = f.countries.isEmpty ? nil : f.countries
        region = f.region
        version = f.version; date = f.date; status = f.status.rawValue
        levels = f.levels.count; bridges = f.bridges.count; contentHash = hash
    }

    var place: String { country?.joined(separator: ",") ?? region ?? "" }

    static func table(_ items: [FrameworkSummary]) -> String {
        let header = ["ID", "KIND", "WHERE", "LEVELS", "BRIDGES", "VERSION", "NAME"]
        let rows = items.map {
            [
                $0.id, $0.kind, $0.place, "\($0.levels)", "\($0.bridges)",
                $0.version + ($0.status == "unconfirmed" ? " (unconfirmed)" : ""), $0.name,
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// `parity frameworks show ID`: everything the file says, in a stable JSON shape.
struct FrameworkDetail: Encodable {
    struct LevelView: Encodable {
        var id: String
        var order: Int
        var name: String
        var status: String
        var legacyLabels: [String]
        var isced: [Int]
        var qualificationTypes: [String]
    }
    struct BridgeView: Encodable {
        var level: String
        var toFramework: String
        var toLevel: String?
        var noAgreedLevel: Bool
        var kind: String
        var status: String
        var source: String
        var note: String?
    }
    struct AgreementView: Encodable {
        var id: String
        var name: String
        var kind: String
        var parties: [String]
        var occupations: [String]
        var conditions: [String]
        var status: String
    }
    struct ProfessionView: Encodable {
        var isco: String
        var title: String
        var jurisdiction: String
        var authority: String
        var status: String
    }

    var summary: FrameworkSummary
    var file: String
    var sources: [String]
    var notes: [String]
    var levels: [LevelView]
    var bridges: [BridgeView]
    var agreements: [AgreementView]
    var regulatedProfessions: [ProfessionView]

    init(_ f: Framework, hash: String, file: String) {
        summary = FrameworkSummary(f, hash: hash)
        self.file = file
        sources = f.sources
        notes = f.notes
        levels = f.levels.sorted { $0.order < $1.order }.map {
            LevelView(
                id: $0.id, order: $0.order, name: $0.name, status: $0.status.rawValue, legacyLabels: $0.legacyLabels,
                isced: $0.isced.map(\.level), qualificationTypes: $0.qualificationTypes.map(\.title))
        }
        bridges = f.bridges.map { b in
            var toLevel: String?
            var none = false
            switch b.target {
            case .level(let ref): toLevel = ref.level
            case .noAgreedLevel: none = true
            }
            return BridgeView(
                level: b.from.level, toFramework: b.target.framework, toLevel: toLevel, noAgreedLevel: none,
                kind: b.kind.rawValue, status: b.provenance.status.rawValue, source: b.provenance.source, note: b.note)
        }
        agreements = f.agreements.map {
            AgreementView(
                id: $0.id, name: $0.name, kind: $0.kind.rawValue, parties: $0.parties, occupations: $0.occupations,
                conditions: $0.conditions, status: $0.provenance.status.rawValue)
        }
        regulatedProfessions = f.regulatedProfessions.map {
            ProfessionView(
                isco: $0.isco, title: $0.title, jurisdiction: $0.jurisdiction, authority: $0.authority,
                status: $0.provenance.status.rawValue)
        }
    }

    var text: String {
        var out = [
            "\(summary.name) (\(summary.id))",
            "  \(summary.kind), \(summary.place), version \(summary.version), data of \(summary.date)\(summary.status == "unconfirmed" ? ", UNCONFIRMED" : "")",
            "  file \(file) sha256 \(summary.contentHash)",
        ]
        for note in notes { out.append("  note: \(note)") }
        out.append("Levels:")
        for l in levels {
            var line = "  \(l.id.padding(toLength: 8)) \(l.name)"
            if !l.isced.isEmpty { line += " [ISCED \(l.isced.map(String.init).joined(separator: ","))]" }
            if !l.legacyLabels.isEmpty { line += " [formerly \(l.legacyLabels.joined(separator: ", "))]" }
            if l.status == "unconfirmed" { line += " (unconfirmed)" }
            if !l.qualificationTypes.isEmpty { line += ": " + l.qualificationTypes.joined(separator: "; ") }
            out.append(line)
        }
        if !bridges.isEmpty {
            out.append("Bridges:")
            for b in bridges {
                let target =
                    b.noAgreedLevel ? "\(b.toFramework): no agreed level" : "\(b.toFramework) \(b.toLevel ?? "")"
                out.append(
                    "  \(b.level.padding(toLength: 8)) -> \(target)  [\(b.kind), \(b.status)]"
                        + (b.note.map { " \($0)" } ?? ""))
            }
        }
        if !agreements.isEmpty {
            out.append("Agreements:")
            for a in agreements {
                out.append(
                    "  \(a.id): \(a.name); ISCO \(a.occupations.joined(separator: ", ")); \(a.conditions.joined(separator: " "))"
                )
            }
        }
        if !regulatedProfessions.isEmpty {
            out.append("Regulated professions:")
            for p in regulatedProfessions {
                out.append("  ISCO \(p.isco) \(p.title) (\(p.jurisdiction)): \(p.authority)")
            }
        }
        if !sources.isEmpty {
            out.append("Sources:")
            for s in sources { out.append("  \(s)") }
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
