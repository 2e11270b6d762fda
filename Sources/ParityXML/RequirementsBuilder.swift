import ParityCore

/// Assembles a `RequirementCatalogue` from the element events of a `<requirements>` document.
/// Like the other builders it never traps: the XSD reports wrong structure.
struct RequirementsBuilder {
    private var catalogue: RequirementCatalogue
    private var requirement: DestinationRequirement?

    init(attributes a: AttributeView, location: SourcePosition) {
        catalogue = RequirementCatalogue(
            id: a["id"] ?? "", version: a["version"] ?? "", date: a["date"] ?? "", location: location)
    }

    mutating func start(_ element: FrameworkElement, _ a: AttributeView, at location: SourcePosition) {
        switch element {
        case .requirement:
            requirement = DestinationRequirement(
                id: a["id"] ?? "", kind: DestinationRequirement.Kind(rawValue: a["kind"] ?? "") ?? .registration,
                destination: catalogue.destination, since: a["since"], until: a["until"],
                provenance: Provenance(
                    status: Provenance.Status(rawValue: a["status"] ?? "") ?? .unconfirmed, source: a["source"] ?? ""),
                location: location)
        case .origin:
            if let country = a["country"] { requirement?.origins.append(country) }
        case .occupation:
            if let isco = a["isco"] {
                requirement?.occupations.append(.init(isco: isco, title: a["title"], mappedBy: a["mappedBy"]))
            }
        default: break
        }
    }

    mutating func end(_ element: FrameworkElement, parent: FrameworkElement?, text: String) {
        switch (element, parent) {
        case (.name, .requirements?): catalogue.name = text
        case (.country, .requirements?): catalogue.destination = text
        case (.source, .requirements?): catalogue.sources.append(text)
        case (.note, .requirements?): catalogue.notes.append(text)
        case (.note, .requirement?): requirement?.notes.append(text)
        case (.authority, _): requirement?.authority = text
        case (.what, _): requirement?.what = text
        case (.place, _): requirement?.place = text
        case (.check, _): requirement?.check = text
        case (.paidBy, _): requirement?.paidBy = text
        case (.requirement, _):
            if let r = requirement { catalogue.requirements.append(r) }
            requirement = nil
        default: break
        }
    }

    func result() -> RequirementCatalogue { catalogue }
}
