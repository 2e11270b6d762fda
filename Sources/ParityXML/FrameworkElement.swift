/// The elements of the framework schema (urn:parity:framework:1), as the reader sees them.
enum FrameworkElement: String, CaseIterable {
    case framework, taxonomy, requirements
    case name, country, region, source, note
    case levels, level, legacyLabel, descriptor, isced, qualificationType, title, credits, duration, field, assessment
    case bridges, bridge, to, noAgreedLevel, covers, excludes
    case agreements, agreement, party, occupation, condition
    case regulatedProfessions, profession, authority
    case requirement, what
    case place = "where"
    case check, paidBy, origin
    case attribution, iscoGroup, label, skill, altLabel, essentialSkill
    case unknown

    /// Whether a builder reads this element's text (the others' text is dropped unread).
    var keepsText: Bool {
        switch self {
        case .name, .country, .region, .source, .note, .legacyLabel, .descriptor, .title, .field,
            .party, .condition, .authority, .attribution, .label, .altLabel, .assessment, .what, .place, .check,
            .paidBy:
            true
        default: false
        }
    }
}
