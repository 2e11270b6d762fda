/// The routes an agreement's comparison gives one credential (DESIGN.md §4 step 2, for the
/// bridges an agreement states for some qualifications only, such as the India–UK MoU): one
/// hop from an origin level into the destination, when the agreement covers the credential
/// and does not exclude its field; with what the agreement's purpose means and, for a field
/// it excludes, the exclusion named.
struct AgreementRoutes {
    var strongest: [LevelReference: BridgeGraph.Route] = [:]
    /// Sentences for the basis: the purpose of each agreement used, or why it did not apply.
    var basis: [String] = []
    /// Destination levels reached through an agreement for a credential that names no field:
    /// the agreement's exclusions must still be checked.
    var fieldUnknown: [LevelReference: [Bridge.Scope.ExcludedField]] = [:]

    init(graph: BridgeGraph, origin: OriginLocation, targets: Set<String>, credential: Credential) {
        var said = Set<String>()
        for level in origin.levels {
            let from = LevelReference(framework: origin.framework.id, level: level.id)
            for edge in graph.scoped(from: from) where targets.contains(edge.to.framework) {
                guard let scope = edge.bridge.scope else { continue }
                let name = scope.agreement
                if let excluded = scope.exclusion(of: credential.isced?.field) {
                    if said.insert("x " + name).inserted {
                        basis.append(
                            "\(name) does not cover \(excluded.name) (ISCED-F \(credential.isced?.field ?? excluded.code)): it leaves out that field by name, so it states no equivalence for this credential (\(edge.bridge.provenance.source))."
                        )
                    }
                    continue
                }
                guard
                    scope.covers(
                        title: credential.title, qualification: credential.qualification, reversed: edge.reversed)
                else {
                    if said.insert("c " + name).inserted {
                        basis.append(
                            "\(name) compares only \(scope.words(reversed: edge.reversed).joined(separator: ", ")) at \(from): '\(credential.title)' is none of them."
                        )
                    }
                    continue
                }
                let confidence = BridgeGraph.factor(edge.bridge.kind, edge.bridge.provenance.status)
                guard confidence > (strongest[edge.to]?.confidence ?? 0) else { continue }
                let step = PathStep(
                    from: from, to: edge.to, kind: edge.bridge.kind, status: edge.bridge.provenance.status,
                    source: edge.bridge.provenance.source, reversed: edge.reversed)
                strongest[edge.to] = BridgeGraph.Route(steps: [step], confidence: confidence)
                if credential.isced?.field == nil, !scope.excluded.isEmpty { fieldUnknown[edge.to] = scope.excluded }
                if said.insert("p " + name).inserted { basis.append(Self.purpose(scope, name)) }
                if let note = edge.bridge.note, said.insert("n " + note).inserted { basis.append("\(name): \(note)") }
            }
        }
    }

    static func purpose(_ scope: Bridge.Scope, _ name: String) -> String {
        switch scope.purpose {
        case .academic:
            "\(name) compares qualifications for admission and further study (academic purpose): it grants no right to practise a profession, which the competent authority decides."
        case .employment:
            "\(name) compares qualifications for employment: a regulated profession is still decided by its competent authority."
        case .professionalRegistration:
            "\(name) compares qualifications for professional registration with the competent authority named."
        }
    }

    /// The condition for a credential that names no field when the agreement excludes some.
    static func unknownField(_ excluded: [Bridge.Scope.ExcludedField]) -> Condition {
        Condition(
            difference:
                "The credential names no field (ISCED-F): the agreement does not cover \(excluded.map(\.name).joined(separator: ", ")); confirm the field before relying on this equivalence.",
            measure: .documentVerification)
    }
}
