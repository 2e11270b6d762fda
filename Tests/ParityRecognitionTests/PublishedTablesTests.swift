import ParityCore
import ParityTestSupport
import ParityXML
import Testing

/// The engine on the shipped frameworks reproduces the published referencing tables of
/// ../shared/reference/frameworks.md. (Engine tests need the real data, hence this target.)
enum Shipped {
    static let set: FrameworkSet = {
        do { return try FrameworkDirectory(path: Repo.frameworks, schemaPath: Repo.schema).load() } catch {
            preconditionFailure("the shipped frameworks must load: \(error)")
        }
    }()
    static let engine = RecognitionEngine(set: set)

    static func recognise(_ c: Credential, _ destination: String) throws -> EquivalenceResult {
        try engine.recognise(c, destination: destination)
    }

    static func top(_ r: EquivalenceResult) -> [String] { r.equivalents.map { "\($0.framework) \($0.level)" } }
}

@Suite struct PublishedTablesTests {
    @Test func irishNFQ8IsGermanDQR6() throws {
        let r = try Shipped.recognise(Credential(title: "Honours Bachelor Degree", country: "IE", level: "8"), "DE")
        #expect(r.outcome == .comparable)
        #expect(Shipped.top(r) == ["de-dqr 6"])
        #expect(r.path.map(\.to.description) == ["eqf 6", "de-dqr 6"])
    }

    @Test func germanDQR6IsScottishSCQF9And10RankedByQualificationType() throws {
        let bachelor = try Shipped.recognise(Credential(title: "Bachelor", country: "DE", level: "6"), "GB-SCT")
        #expect(bachelor.outcome == .comparable)
        #expect(Shipped.top(bachelor) == ["gb-sct-scqf 9", "gb-sct-scqf 10"])
        let honours = try Shipped.recognise(
            Credential(title: "Bachelor with Honours Degree", country: "DE", level: "6"), "GB-SCT")
        #expect(Shipped.top(honours) == ["gb-sct-scqf 10", "gb-sct-scqf 9"])
    }

    @Test func irishNFQ8ToScotlandKeepsBothLevels() throws {
        let r = try Shipped.recognise(Credential(title: "Honours Bachelor Degree", country: "IE", level: "8"), "GB-SCT")
        #expect(Set(Shipped.top(r)) == ["gb-sct-scqf 9", "gb-sct-scqf 10"])
        #expect(Shipped.top(r).first == "gb-sct-scqf 10")
    }

    @Test func newZealandNZQF8ToHongKongIsNoMapping() throws {
        let r = try Shipped.recognise(Credential(title: "Bachelor Honours", country: "NZ", level: "8"), "HK")
        #expect(r.outcome == .noMapping)
        #expect(r.equivalents.isEmpty)
        #expect(r.basis.contains { $0.contains("agreed no comparable level") })
    }

    @Test func newZealandNZQF7ToHongKongIsHKQF5() throws {
        let r = try Shipped.recognise(Credential(title: "Bachelor", country: "NZ", level: "7"), "HK")
        #expect(r.outcome == .comparable)
        #expect(Shipped.top(r) == ["hk-hkqf 5"])
    }

    @Test func philippinesPQF6ToGermanyIsNeverComparable() throws {
        let r = try Shipped.recognise(Credential(title: "Baccalaureate", country: "PH", level: "6"), "DE")
        #expect(r.outcome == .indicative)
        #expect(Shipped.top(r) == ["de-dqr 6"])
        #expect(r.path.contains { $0.kind == .classification })
    }

    @Test func anUnconfirmedBridgeGivesAtMostIndicative() throws {
        let r = try Shipped.recognise(Credential(title: "Licence", country: "FR", level: "6"), "DE")
        #expect(r.outcome == .indicative)
        #expect(Shipped.top(r).first == "de-dqr 6")
    }

    @Test func englandLevel4And5BothReachEQF5() throws {
        for level in ["4", "5"] {
            let r = try Shipped.recognise(
                Credential(title: "Higher National Diploma (HND)", country: "GB-ENG", level: level), "eqf")
            #expect(Shipped.top(r) == ["eqf 5"], "RQF \(level)")
        }
    }

    @Test func entryLevelsWithoutAnEQFLevelAreNoMapping() throws {
        let r = try Shipped.recognise(
            Credential(title: "Entry Level Certificate", country: "GB-ENG", level: "entry-1"), "DE")
        #expect(r.outcome == .noMapping)
    }

    @Test func frenchLegacyLevelIIIsReadAsLevel6() throws {
        let r = try Shipped.recognise(Credential(title: "Maîtrise", country: "FR", level: "II"), "eqf")
        #expect(r.origin == LevelReference(framework: "fr-cnc", level: "6"))
        #expect(r.basis.contains { $0.contains("Legacy level 'II'") })
    }

    @Test func aCredentialWithOnlyCountryLevelAndTitleStillMapsWithLowerConfidence() throws {
        let bare = try Shipped.recognise(Credential(title: "Honours Bachelor Degree", country: "IE", level: "8"), "DE")
        let full = try Shipped.recognise(
            Credential(title: "Honours Bachelor Degree", country: "IE", level: "8", evidence: .diploma), "DE")
        let b = try #require(bare.equivalents.first), f = try #require(full.equivalents.first)
        #expect(b.confidence < f.confidence)
        #expect(!b.components.contains { $0.name == "evidence" })
    }

    @Test func aLevelThatCannotBeLocatedIsInsufficientInformation() throws {
        let r = try Shipped.recognise(Credential(title: "Something", country: "IE"), "DE")
        #expect(r.outcome == .insufficientInformation)
        let unknown = try Shipped.recognise(Credential(title: "x", country: "ZZ", level: "3"), "DE")
        #expect(unknown.outcome == .insufficientInformation)
    }

    @Test func aTitleNamingOneQualificationTypeLocatesTheLevel() throws {
        let r = try Shipped.recognise(Credential(title: "Ordinary Bachelor Degree", country: "IE"), "eqf")
        #expect(r.origin == LevelReference(framework: "ie-nfq", level: "7"))
        #expect(Shipped.top(r) == ["eqf 6"])
    }

    @Test func anUnknownDestinationIsAnErrorNotAResult() {
        #expect(throws: RecognitionError.self) {
            try Shipped.recognise(Credential(title: "x", country: "IE", level: "8"), "XX")
        }
    }

    @Test func aRegulatedProfessionNamesTheCompetentAuthority() throws {
        let r = try Shipped.recognise(
            Credential(title: "Honours Bachelor Degree in Nursing", country: "IE", level: "8", occupation: "2221"), "DE"
        )
        #expect(r.outcome == .comparableWithConditions)
        #expect(r.competentAuthorities.map(\.jurisdiction) == ["DE"])
        #expect(r.equivalents.first?.conditions.map(\.measure) == [.competentAuthorityDecision])
    }

    @Test func informalLearningFollowsTheRPLRoute() throws {
        let r = try Shipped.recognise(
            Credential(
                title: "Level 5 Certificate", country: "IE", level: "5", mode: .informal, evidence: .selfDeclared), "DE"
        )
        #expect(r.outcome == .comparableWithConditions)
        let measures = r.equivalents.first?.conditions.map(\.measure) ?? []
        #expect(measures.contains(.rplAssessment))
        #expect(measures.contains(.documentVerification))
        #expect(r.basis.contains { $0.contains("recognition-of-prior-learning") })
    }

    @Test func anASEANNursingCorridorReportsTheMRA() throws {
        let r = try Shipped.recognise(
            Credential(title: "Baccalaureate", country: "PH", level: "6", occupation: "2221"), "MY")
        #expect(r.agreements.map(\.id) == ["asean-mra-nursing"])
        #expect(r.outcome == .indicative)
    }

    @Test func aLowerWorkloadIsASubstantialDifferenceWithABridgingCourse() throws {
        // Build a destination qualification with a workload: a small two-framework set.
        let eqf = Framework(
            id: "eqf", name: "EQF", kind: .meta, scope: .region("EU"), version: "1", date: "2026-01-01",
            levels: [Level(id: "6", order: 6, name: "Level 6")])
        let dest = Framework(
            id: "xx-nqf", name: "XX", kind: .national, scope: .countries(["XX"]), version: "1", date: "2026-01-01",
            levels: [
                Level(
                    id: "6", order: 6, name: "Level 6",
                    qualificationTypes: [
                        QualificationType(title: "Bachelor", workload: .credits(system: "ECTS", value: 240))
                    ])
            ],
            bridges: [
                Bridge(
                    from: LevelReference(framework: "xx-nqf", level: "6"),
                    target: .level(LevelReference(framework: "eqf", level: "6")),
                    kind: .referencing, provenance: Provenance(status: .confirmed, source: "test"))
            ])
        let origin = Framework(
            id: "yy-nqf", name: "YY", kind: .national, scope: .countries(["YY"]), version: "1", date: "2026-01-01",
            levels: [Level(id: "6", order: 6, name: "Level 6")],
            bridges: [
                Bridge(
                    from: LevelReference(framework: "yy-nqf", level: "6"),
                    target: .level(LevelReference(framework: "eqf", level: "6")),
                    kind: .referencing, provenance: Provenance(status: .confirmed, source: "test"))
            ])
        let set = try FrameworkSet(
            documents: [eqf, dest, origin].map {
                SourceDocument(
                    file: "\($0.id).xml", contentHash: String(repeating: "0", count: 64), content: .framework($0))
            })
        let r = try RecognitionEngine(set: set).recognise(
            Credential(title: "Bachelor", country: "YY", level: "6", credits: .init(system: "ECTS", value: 120)),
            destination: "XX")
        #expect(r.outcome == .comparableWithConditions)
        #expect(r.equivalents.first?.conditions.map(\.measure) == [.bridgingCourse])
        #expect(r.equivalents.first?.components.first { $0.name == "workload" }?.value == 0.5)
        let huge = try RecognitionEngine(set: set).recognise(
            Credential(title: "Bachelor", country: "YY", level: "6", credits: .init(system: "ECTS", value: 1e300)),
            destination: "XX")
        #expect(
            huge.equivalents.first?.components.first { $0.name == "workload" }?.explanation.contains(
                "1e+300 ECTS credits") == true)
    }

    @Test func skillsCoverageOfTheESCOProfileIsTheSameOnEveryCandidate() throws {
        let securityAdministrator = "http://data.europa.eu/esco/occupation/0464b062-cea6-4164-b10d-956c61956ae7"
        let r = try Shipped.recognise(
            Credential(
                title: "Bachelor", country: "DE", level: "6", occupation: securityAdministrator,
                skills: [
                    "http://data.europa.eu/esco/skill/f9a6f35b-01a7-40c9-8b61-b6ee46f97272",
                    "http://data.europa.eu/esco/skill/06358891-8424-43c5-891e-d40f226bef40",
                ]), "GB-SCT")
        let skills = r.equivalents.compactMap { $0.components.first { $0.name == "skills" } }
        #expect(skills.count == 2)
        #expect(Set(skills.map(\.explanation)).count == 1)
        #expect(skills.first?.explanation.hasPrefix("2 of ") == true)
        #expect(skills.first?.explanation.contains("essential skills of 'ICT security administrator'") == true)
        #expect(r.versions.data.contains { $0.id == "esco-ict" }, "a result that used the taxonomy names its version")
    }
}

@Suite struct OccupationComponentTests {
    static func set(occupations: [String]) throws -> FrameworkSet {
        let eqf = Framework(
            id: "eqf", name: "EQF", kind: .meta, scope: .region("EU"), version: "1", date: "2026-01-01",
            levels: [Level(id: "6", order: 6, name: "Level 6")])
        func national(_ id: String, _ country: String, types: [QualificationType]) -> Framework {
            Framework(
                id: id, name: id, kind: .national, scope: .countries([country]), version: "1", date: "2026-01-01",
                levels: [Level(id: "6", order: 6, name: "Level 6", qualificationTypes: types)],
                bridges: [
                    Bridge(
                        from: LevelReference(framework: id, level: "6"),
                        target: .level(LevelReference(framework: "eqf", level: "6")),
                        kind: .referencing, provenance: Provenance(status: .confirmed, source: "test"))
                ])
        }
        let frameworks = [
            eqf,
            national(
                "xx-nqf", "XX", types: [QualificationType(title: "Bachelor of Nursing", occupations: occupations)]),
            national("yy-nqf", "YY", types: []),
        ]
        return try FrameworkSet(
            documents: frameworks.map {
                SourceDocument(
                    file: "\($0.id).xml", contentHash: String(repeating: "0", count: 64), content: .framework($0))
            })
    }

    func occupation(_ credential: String, against destination: [String]) throws -> (ScoreComponent?, [Condition]) {
        let r = try RecognitionEngine(set: Self.set(occupations: destination)).recognise(
            Credential(title: "Bachelor of Nursing", country: "YY", level: "6", occupation: credential),
            destination: "XX")
        let e = try #require(r.equivalents.first)
        return (e.components.first { $0.name == "occupation" }, e.conditions)
    }

    @Test func theSameUnitGroupScoresFully() throws {
        let (c, conditions) = try occupation("2221", against: ["2221"])
        #expect(c?.value == 1)
        #expect(conditions.isEmpty)
    }

    @Test func theISCOHierarchyGivesPartialCredit() throws {
        #expect(try occupation("2222", against: ["2221"]).0?.value == 0.75)
        #expect(try occupation("2264", against: ["2221"]).0?.value == 0.5)
    }

    @Test func aDifferentMajorGroupIsASubstantialDifference() throws {
        let (c, conditions) = try occupation("7411", against: ["2221"])
        #expect(c?.value == 0)
        #expect(conditions.map(\.measure) == [.adaptationPeriod])
    }

    @Test func withoutOccupationDataTheComponentIsLeftOutNotCountedAsAMatch() throws {
        #expect(try occupation("2221", against: []).0 == nil)
    }
}
