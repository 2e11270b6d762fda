/// The checks on a set of framework documents that an XML schema cannot express.
/// Pure: it sees parsed documents and their source positions, never files.
enum FrameworkSetValidator {
    static func issues(in documents: [SourceDocument]) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var seen: [String: SourcePosition] = [:]
        var frameworks: [String: Framework] = [:]
        for document in documents {
            let location: SourcePosition
            switch document.content {
            case .framework(let f): location = f.location; frameworks[f.id] = frameworks[f.id] ?? f
            case .taxonomy(let t): location = t.location
            case .requirements(let r): location = r.location
            }
            if let first = seen[document.id] {
                issues.append(
                    SemanticIssue(
                        location: location,
                        message:
                            "document id '\(document.id)' is already used at \(first); each framework, taxonomy and requirements file needs its own id"
                    ))
            } else {
                seen[document.id] = location
            }
        }
        for document in documents {
            switch document.content {
            case .framework(let f):
                issues += levelIssues(f)
                issues += bridgeIssues(f, known: frameworks)
            case .taxonomy(let t):
                issues += taxonomyIssues(t)
            case .requirements(let r):
                issues += RequirementChecks.issues(r)
            }
        }
        issues += qdrIssues(frameworks.values.sorted { $0.id < $1.id })
        issues += editionIssues(frameworks)
        return issues
    }

    /// A family names a framework's editions: given with an edition, never a framework's own id.
    private static func editionIssues(_ frameworks: [String: Framework]) -> [SemanticIssue] {
        frameworks.values.sorted { $0.id < $1.id }.compactMap { f in
            if (f.family == nil) != (f.edition == nil) {
                return SemanticIssue(
                    location: f.location,
                    message: "framework '\(f.id)': 'family' and 'edition' go together; give both or neither")
            }
            if let family = f.family, frameworks[family] != nil {
                return SemanticIssue(
                    location: f.location,
                    message:
                        "framework '\(f.id)': family '\(family)' is also a framework's id; a family names editions only"
                )
            }
            return nil
        }
    }

    /// A QDR level URI names one level of one framework: a second use is an error in the data
    /// (the XSD already checks the URI's form).
    private static func qdrIssues(_ frameworks: [Framework]) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var seen: [String: String] = [:]
        for f in frameworks {
            for level in f.levels {
                guard let qdr = level.qdr else { continue }
                if let first = seen[qdr] {
                    issues.append(
                        SemanticIssue(
                            location: level.location,
                            message:
                                "\(f.id) level \(level.id): QDR URI \(qdr) already names \(first); each QDR level is one framework's level"
                        ))
                } else {
                    seen[qdr] = "\(f.id) level \(level.id)"
                }
            }
        }
        return issues
    }

    private static func levelIssues(_ f: Framework) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var ids: [String: SourcePosition] = [:]
        var orders: [Int: String] = [:]
        for level in f.levels {
            if let first = ids[level.id] {
                issues.append(
                    SemanticIssue(
                        location: level.location,
                        message:
                            "framework '\(f.id)' lists level '\(level.id)' twice (first at line \(first.line)); level ids must be unique"
                    ))
            } else {
                ids[level.id] = level.location
            }
            if let other = orders[level.order], other != level.id {
                issues.append(
                    SemanticIssue(
                        location: level.location,
                        message:
                            "framework '\(f.id)': level '\(level.id)' has order \(level.order), already used by level '\(other)'; orders must be distinct"
                    ))
            } else {
                orders[level.order] = level.id
            }
            var typeIds = Set<String>()
            for q in level.qualificationTypes {
                guard let id = q.id else { continue }
                if !typeIds.insert(id).inserted {
                    issues.append(
                        SemanticIssue(
                            location: level.location,
                            message:
                                "framework '\(f.id)' level '\(level.id)': qualification type id '\(id)' appears twice"))
                }
            }
        }
        return issues
    }

    private static func bridgeIssues(_ f: Framework, known: [String: Framework]) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var seenFrom: [LevelReference: Set<Bridge.Target>] = [:]
        for bridge in f.bridges {
            if f.level(bridge.from.level) == nil {
                issues.append(
                    SemanticIssue(
                        location: bridge.location,
                        message:
                            "bridge from level '\(bridge.from.level)': framework '\(f.id)' has no such level (levels: \(f.levels.map(\.id).joined(separator: ", ")))"
                    ))
            }
            let targetFramework = bridge.target.framework
            if targetFramework == f.id {
                issues.append(
                    SemanticIssue(
                        location: bridge.location,
                        message:
                            "bridge from '\(f.id)' level '\(bridge.from.level)' points to its own framework; a bridge links two different frameworks"
                    ))
                continue
            }
            guard let other = known[targetFramework] else {
                issues.append(
                    SemanticIssue(
                        location: bridge.location,
                        message:
                            "bridge from '\(f.id)' level '\(bridge.from.level)' points to unknown framework '\(targetFramework)'; expected one of: \(known.keys.sorted().joined(separator: ", "))"
                    ))
                continue
            }
            if case .level(let ref) = bridge.target, other.level(ref.level) == nil {
                issues.append(
                    SemanticIssue(
                        location: bridge.location,
                        message:
                            "bridge from '\(f.id)' level '\(bridge.from.level)' points to level '\(ref.level)' of '\(other.id)', which has no such level (levels: \(other.levels.map(\.id).joined(separator: ", ")))"
                    ))
            }
            if !seenFrom[bridge.from, default: []].insert(bridge.target).inserted {
                issues.append(
                    SemanticIssue(
                        location: bridge.location,
                        message:
                            "bridge from '\(f.id)' level '\(bridge.from.level)' to \(describe(bridge.target)) is listed twice"
                    ))
            }
        }
        var byLevel: [String: [Bridge]] = [:]
        for bridge in f.bridges {
            byLevel[bridge.from.level + "\u{0}" + bridge.target.framework, default: []].append(bridge)
        }
        for (_, bridges) in byLevel.sorted(by: { $0.key < $1.key }) {
            let explicitNone = bridges.filter { if case .noAgreedLevel = $0.target { true } else { false } }
            if !explicitNone.isEmpty && bridges.count > explicitNone.count, let first = explicitNone.first {
                issues.append(
                    SemanticIssue(
                        location: first.location,
                        message:
                            "level '\(first.from.level)' of '\(f.id)' says there is no agreed level in '\(first.target.framework)' but also bridges to a level there; keep one"
                    ))
            }
        }
        return issues
    }

    private static func describe(_ target: Bridge.Target) -> String {
        switch target {
        case .level(let ref): "'\(ref.framework)' level '\(ref.level)'"
        case .noAgreedLevel(let framework): "'\(framework)' (no agreed level)"
        }
    }

    private static func taxonomyIssues(_ t: Taxonomy) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var codes = Set<String>()
        for group in t.iscoGroups where !codes.insert(group.code).inserted {
            issues.append(
                SemanticIssue(
                    location: t.location, message: "taxonomy '\(t.id)': ISCO group \(group.code) is listed twice"))
        }
        for group in t.iscoGroups {
            if let parent = group.parentCode, !codes.contains(parent) {
                issues.append(
                    SemanticIssue(
                        location: t.location,
                        message: "taxonomy '\(t.id)': ISCO group \(group.code) has no parent group \(parent)"))
            }
        }
        var skills = Set<String>()
        for skill in t.skills where !skills.insert(skill.uri).inserted {
            issues.append(
                SemanticIssue(location: t.location, message: "taxonomy '\(t.id)': skill \(skill.uri) is listed twice"))
        }
        var occupations = Set<String>()
        for occupation in t.occupations {
            if !occupations.insert(occupation.uri).inserted {
                issues.append(
                    SemanticIssue(
                        location: t.location,
                        message: "taxonomy '\(t.id)': occupation \(occupation.uri) is listed twice"))
            }
            if let isco = occupation.isco, !codes.isEmpty, !codes.contains(isco) {
                issues.append(
                    SemanticIssue(
                        location: t.location,
                        message:
                            "taxonomy '\(t.id)': occupation \(occupation.uri) names ISCO group \(isco), which is not in the taxonomy"
                    ))
            }
        }
        return issues
    }
}
