/// ESCO occupation profiles (essential skills) and skill labels from the taxonomies, to
/// measure how much of an occupation's essential skills a credential evidences.
struct SkillProfiles: Sendable {
    private var occupations: [String: Occupation] = [:]
    private var byIsco: [String: [Occupation]] = [:]
    private var uriByLabel: [String: String] = [:]
    private var labelByUri: [String: String] = [:]

    init(_ taxonomies: [Taxonomy]) {
        for taxonomy in taxonomies {
            for o in taxonomy.occupations {
                occupations[o.uri] = o
                if let isco = o.isco { byIsco[isco, default: []].append(o) }
            }
            for skill in taxonomy.skills {
                labelByUri[skill.uri] = skill.label
                for label in [skill.label] + skill.altLabels where uriByLabel[label.lowercased()] == nil {
                    uriByLabel[label.lowercased()] = skill.uri
                }
            }
        }
    }

    /// The occupation profile a credential points at: an ESCO occupation URI, or an ISCO unit
    /// group with exactly one ESCO occupation.
    func profile(for occupation: String?) -> Occupation? {
        guard let occupation else { return nil }
        if let o = occupations[occupation] { return o }
        if let list = byIsco[occupation], list.count == 1 { return list.first }
        return nil
    }

    /// ESCO URIs for skills given as URIs or labels; unknown labels are left out.
    func resolve(_ skills: [String]) -> Set<String> {
        Set(skills.compactMap { $0.hasPrefix("http") ? $0 : uriByLabel[$0.lowercased()] })
    }

    func label(_ uri: String) -> String { labelByUri[uri] ?? uri }

    /// An ESCO skill's URI from one of its labels (any case); nil for an unknown label.
    func uri(forLabel label: String) -> String? { uriByLabel[label.lowercased()] }

    /// The ISCO-08 unit group of an ESCO occupation, where the taxonomy gives it.
    func isco(forOccupation uri: String) -> String? { occupations[uri]?.isco }
}
