/// The checks on a requirements document that its XSD cannot express.
enum RequirementChecks {
    static func issues(_ catalogue: RequirementCatalogue) -> [SemanticIssue] {
        var issues: [SemanticIssue] = []
        var seen: [String: SourcePosition] = [:]
        for r in catalogue.requirements {
            let name = "requirement '\(r.id)'"
            if let first = seen[r.id] {
                issues.append(SemanticIssue(location: r.location, message: "\(name) is already defined at \(first)"))
            }
            seen[r.id] = seen[r.id] ?? r.location
            if r.destination != catalogue.destination {
                issues.append(
                    SemanticIssue(
                        location: r.location,
                        message:
                            "\(name) is for \(r.destination) but the file holds the requirements of \(catalogue.destination); put it in that destination's file"
                    ))
            }
            for (label, text, day) in [("since", r.sinceText, r.since), ("until", r.untilText, r.until)] {
                if let text, day == nil {
                    issues.append(
                        SemanticIssue(
                            location: r.location,
                            message: "\(name): \(label)='\(text)' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"))
                }
            }
            if let since = r.since, let until = r.until, until < since {
                issues.append(
                    SemanticIssue(
                        location: r.location,
                        message: "\(name): until (\(r.untilText ?? "")) is before since (\(r.sinceText ?? ""))"))
            }
            if r.origins.contains(r.destination) {
                issues.append(
                    SemanticIssue(
                        location: r.location,
                        message:
                            "\(name): origin \(r.destination) is its own destination; list the countries workers come from"
                    ))
            }
        }
        return issues
    }
}
