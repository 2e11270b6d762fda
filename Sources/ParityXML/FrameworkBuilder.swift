import ParityCore

/// Assembles a `Framework` from the element events of a `<framework>` document. It never traps
/// on unexpected structure: the XSD reports that, and an invalid document's result is discarded.
struct FrameworkBuilder {
    private var framework: Framework
    private var level: Level?
    private var qualification: QualificationType?
    private var bridge:
        (
            kind: String, level: String, provenance: Provenance, target: Bridge.Target?, note: String?,
            scope: Bridge.Scope?, location: SourcePosition
        )?
    private var agreement: Agreement?
    private var profession: RegulatedProfession?
    private var descriptorDomain: Descriptor.Domain?
    private var assessment: (body: String, provenance: Provenance)?
    private(set) var problems: [XMLDiagnostic] = []

    init(attributes a: AttributeView, location: SourcePosition) {
        framework = Framework(
            id: a["id"] ?? "", name: "", kind: Framework.Kind(rawValue: a["kind"] ?? "") ?? .national,
            scope: .countries([]), version: a["version"] ?? "", date: a["date"] ?? "",
            status: Provenance.Status(rawValue: a["status"] ?? "") ?? .confirmed, location: location)
        framework.family = a["family"]
        framework.edition = a["edition"]
    }

    /// The elements whose source line is kept for later (semantic) error messages.
    static func recordsPosition(_ element: FrameworkElement) -> Bool {
        switch element {
        case .framework, .level, .bridge, .agreement, .profession, .requirements, .requirement: true
        default: false
        }
    }

    mutating func start(_ element: FrameworkElement, _ a: AttributeView, at location: SourcePosition) {
        switch element {
        case .level:
            guard let order = a["order"].flatMap({ Int($0) }) else {
                problems.append(
                    XMLDiagnostic(
                        location: location,
                        message: "level '\(a["id"] ?? "?")': attribute 'order' must be a whole number"))
                level = Level(id: a["id"] ?? "", order: 0, name: "", location: location)
                return
            }
            level = Level(
                id: a["id"] ?? "", order: order, name: "",
                status: Provenance.Status(rawValue: a["status"] ?? "") ?? .confirmed, location: location)
            level?.qdr = a["qdr"]
        case .isced:
            guard let value = a["level"].flatMap({ Int($0) }) else { return }
            let assignment = IscedAssignment(level: value, provenance: Self.provenance(a))
            level?.isced.append(assignment)
        case .qualificationType:
            qualification = QualificationType(
                id: a["id"], title: "", status: Provenance.Status(rawValue: a["status"] ?? "") ?? .confirmed)
        case .credits:
            if let value = a["value"].flatMap({ Double($0) }) {
                qualification?.workload = .credits(system: a["system"] ?? "", value: value)
            }
        case .duration:
            if let years = a["years"].flatMap({ Double($0) }) { qualification?.workload = .durationYears(years) }
        case .bridge:
            let scope = a["agreement"].map {
                Bridge.Scope(agreement: $0, purpose: a["purpose"].flatMap(Bridge.Purpose.init) ?? .academic)
            }
            bridge = (a["kind"] ?? "", a["level"] ?? "", Self.provenance(a), nil, nil, scope, location)
        case .covers where bridge?.scope == nil, .excludes where bridge?.scope == nil:
            problems.append(
                XMLDiagnostic(
                    location: bridge?.location ?? location,
                    message:
                        "bridge from level '\(bridge?.level ?? "?")': <\(element.rawValue)> needs the bridge's 'agreement' attribute (the agreement that compares only some qualifications)"
                ))
        case .covers:
            if let word = a["qualification"] {
                bridge?.scope?.covers.append(.init(word, side: a["side"].flatMap(Bridge.Scope.Covered.Side.init)))
            }
        case .excludes:
            if let code = a["field"] { bridge?.scope?.excluded.append(.init(code: code, name: a["name"] ?? code)) }
        case .to:
            bridge?.target = .level(LevelReference(framework: a["framework"] ?? "", level: a["level"] ?? ""))
        case .noAgreedLevel:
            bridge?.target = .noAgreedLevel(framework: a["framework"] ?? "")
        case .agreement:
            agreement = Agreement(
                id: a["id"] ?? "", name: "", kind: Agreement.Kind(rawValue: a["kind"] ?? "") ?? .mutualRecognition,
                parties: [], occupations: [], conditions: [], provenance: Self.provenance(a), location: location)
        case .occupation:
            guard let isco = a["isco"] else { return }
            if qualification != nil {
                qualification?.occupations.append(isco)
            } else {
                agreement?.occupations.append(isco)
            }
        case .descriptor:
            descriptorDomain = a["domain"].flatMap(Descriptor.Domain.init(rawValue:))
        case .assessment:
            assessment = (a["body"] ?? "", Self.provenance(a))
        case .profession:
            profession = RegulatedProfession(
                isco: a["isco"] ?? "", title: "", jurisdiction: a["jurisdiction"] ?? "", authority: "",
                provenance: Self.provenance(a), location: location)
        default:
            break
        }
    }

    /// An element ended; `parent` is the element that contains it, `text` its normalised text.
    mutating func end(_ element: FrameworkElement, parent: FrameworkElement?, text: String) {
        switch (element, parent) {
        case (.name, .framework?): framework.name = text
        case (.name, .level?): level?.name = text
        case (.name, .agreement?): agreement?.name = text
        case (.country, _): framework.scope = .countries(framework.countries + [text])
        case (.region, _): framework.scope = .region(text)
        case (.source, _): framework.sources.append(text)
        case (.note, .framework?): framework.notes.append(text)
        case (.note, .bridge?): bridge?.note = text
        case (.legacyLabel, _): level?.legacyLabels.append(text)
        case (.descriptor, _):
            if let domain = descriptorDomain { level?.descriptors.append(Descriptor(domain: domain, text: text)) }
            descriptorDomain = nil
        case (.title, .qualificationType?): qualification?.title = text
        case (.title, .profession?): profession?.title = text
        case (.field, _): qualification?.field = text
        case (.assessment, _):
            if let (body, provenance) = assessment {
                qualification?.assessments.append(Assessment(body: body, description: text, provenance: provenance))
            }
            assessment = nil
        case (.qualificationType, _):
            if let q = qualification { level?.qualificationTypes.append(q) }
            qualification = nil
        case (.level, _):
            if let l = level { framework.levels.append(l) }
            level = nil
        case (.bridge, _):
            finishBridge()
        case (.party, _): agreement?.parties.append(text)
        case (.condition, _): agreement?.conditions.append(text)
        case (.agreement, _):
            if let a = agreement { framework.agreements.append(a) }
            agreement = nil
        case (.authority, _): profession?.authority = text
        case (.profession, _):
            if let p = profession { framework.regulatedProfessions.append(p) }
            profession = nil
        default:
            break
        }
    }

    private mutating func finishBridge() {
        defer { bridge = nil }
        guard let b = bridge, let target = b.target else { return }
        guard let kind = Bridge.Kind(rawValue: b.kind) else { return }
        framework.bridges.append(
            Bridge(
                from: LevelReference(framework: framework.id, level: b.level),
                target: target, kind: kind, provenance: b.provenance, note: b.note, scope: b.scope,
                location: b.location))
    }

    private static func provenance(_ a: AttributeView) -> Provenance {
        Provenance(status: Provenance.Status(rawValue: a["status"] ?? "") ?? .unconfirmed, source: a["source"] ?? "")
    }

    func result() -> Framework { framework }
}
