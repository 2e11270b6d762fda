import ParityCore

/// Assembles a `Taxonomy` from the element events of a `<taxonomy>` document.
struct TaxonomyBuilder {
    private var taxonomy: Taxonomy
    private var groupCode: String?
    private var skill: Skill?
    private var occupation: Occupation?

    init(attributes a: AttributeView, location: SourcePosition) {
        taxonomy = Taxonomy(
            id: a["id"] ?? "", version: a["version"] ?? "", date: a["date"] ?? "", attribution: "", location: location)
    }

    mutating func start(_ element: FrameworkElement, _ a: AttributeView) {
        switch element {
        case .iscoGroup: groupCode = a["code"]
        case .skill:
            skill = Skill(uri: a["uri"] ?? "", kind: Skill.Kind(rawValue: a["type"] ?? "") ?? .skill, label: "")
        case .occupation:
            occupation = Occupation(uri: a["uri"] ?? "", label: "", isco: a["isco"])
        case .essentialSkill:
            if let uri = a["uri"] { occupation?.essentialSkills.append(uri) }
        default: break
        }
    }

    mutating func end(_ element: FrameworkElement, parent: FrameworkElement?, text: String) {
        switch (element, parent) {
        case (.attribution, _): taxonomy.attribution = text
        case (.label, .iscoGroup?):
            if let code = groupCode { taxonomy.iscoGroups.append(IscoGroup(code: code, label: text)) }
        case (.label, .skill?): skill?.label = text
        case (.label, .occupation?): occupation?.label = text
        case (.altLabel, .skill?): skill?.altLabels.append(text)
        case (.altLabel, .occupation?): occupation?.altLabels.append(text)
        case (.iscoGroup, _): groupCode = nil
        case (.skill, _):
            if let s = skill { taxonomy.skills.append(s) }
            skill = nil
        case (.occupation, _):
            if let o = occupation { taxonomy.occupations.append(o) }
            occupation = nil
        default: break
        }
    }

    func result() -> Taxonomy { taxonomy }
}
