import ParityCore
import ParityTestSupport
import Testing

/// The engine on the shipped frameworks reproduces the tables of
/// ../shared/reference/frameworks-more.md (sections 2.14 to 2.45): at least two levels of each
/// confirmed framework, its no-counterpart level where it has one; and nothing unconfirmed ever
/// gives `comparable`.
@Suite struct MoreFrameworksTablesTests {
    func expectComparable(
        _ title: String, _ country: String, _ level: String, to destination: String, _ expected: String,
        framework: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let r = try Shipped.recognise(
            Credential(title: title, country: country, framework: framework, level: level), destination)
        #expect(
            r.outcome == .comparable, "\(title) \(country) \(level) → \(destination): \(r.outcome) \(r.basis)",
            sourceLocation: sourceLocation)
        #expect(Shipped.top(r).first == expected, "\(Shipped.top(r))", sourceLocation: sourceLocation)
    }

    func outcome(
        _ country: String, _ level: String, _ destination: String, framework: String? = nil
    ) throws -> EquivalenceResult {
        try Shipped.recognise(
            Credential(title: "Qualification", country: country, framework: framework, level: level), destination)
    }

    @Test func italyQNQ() throws {  // 2.14: one-to-one with the EQF
        try expectComparable("Diploma di Tecnico Superiore (ITS)", "IT", "5", to: "DE", "de-dqr 5")
        try expectComparable("Laurea magistrale", "IT", "7", to: "IE", "ie-nfq 9")
    }

    @Test func polandPQF() throws {  // 2.16
        try expectComparable("Świadectwo dojrzałości (matura)", "PL", "4", to: "DE", "de-dqr 4")
        try expectComparable("First-cycle diploma (licencjat, inżynier)", "PL", "6", to: "NL", "nl-nlqf 6")
    }

    @Test func netherlandsNLQFWithItsEntryLevelAnd4Plus() throws {  // 2.17
        try expectComparable("VWO", "NL", "4+", to: "DE", "de-dqr 4")  // many-to-one: 4 and 4+ → EQF 4
        try expectComparable("Associate degree", "NL", "5", to: "AT", "at-nqr 5")
        let entry = try outcome("NL", "entry", "DE")
        #expect(entry.outcome == .noMapping && entry.equivalents.isEmpty)
        #expect(
            entry.basis.contains {
                $0.contains("agreed no comparable level: The NLQF entry level exists, but no EQF level is given")
            })
    }

    @Test func austriaNQR() throws {  // 2.19
        try expectComparable("Meisterqualifikation (Meisterprüfung)", "AT", "6", to: "DE", "de-dqr 6")
        try expectComparable(
            "Berufsbildende höhere Schule (HTL, HAK, HLW and others, incl. Kollegs)", "AT", "5", to: "IE", "ie-nfq 6")
    }

    @Test func flandersVKSAndBelgiumsChoiceOfFramework() throws {  // 2.20, 2.21
        try expectComparable(
            "Diploma van gegradueerde (formerly HBO5)", "BE", "5", to: "NL", "nl-nlqf 5", framework: "be-fl-vks")
        try expectComparable("Master", "BE", "7", to: "DE", "de-dqr 7", framework: "be-fl-vks")
        let unnamed = try outcome("BE", "6", "DE")
        #expect(unnamed.outcome == .insufficientInformation)
        #expect(unnamed.basis.first?.contains("be-fl-vks (Vlaamse kwalificatiestructuur") == true)
        #expect(unnamed.basis.first?.contains("be-fr-cfc (Cadre francophone des certifications") == true)
        // The French Community's framework is shipped unconfirmed: indicative, never comparable.
        #expect(try outcome("BE", "III", "DE", framework: "be-fr-cfc").outcome == .indicative)
    }

    @Test func theUKAsAWholeIsRefusedWithItsFrameworks() throws {
        let r = try outcome("GB", "6", "DE")
        #expect(r.outcome == .insufficientInformation)
        #expect(["gb-rqf", "gb-sct-scqf", "gb-wls-cqfw"].allSatisfy { id in r.basis.first?.contains(id) == true })
    }

    @Test func greeceHQF() throws {  // 2.27
        try expectComparable("Lower secondary certificate (Apolytirio Gymnasiou)", "GR", "2", to: "DE", "de-dqr 2")
        try expectComparable("Bachelor degree", "GR", "6", to: "PL", "pl-pqf 6")
    }

    @Test func switzerlandNQFVPQ() throws {  // 2.28
        try expectComparable(
            "Eidgenössisches Diplom (advanced federal professional examination, incl. Meister)", "CH", "6", to: "DE",
            "de-dqr 6")
        try expectComparable("Eidgenössisches Fähigkeitszeugnis (EFZ, 3-4 year VET)", "CH", "4", to: "AT", "at-nqr 4")
    }

    @Test func norwayNKRWithItsEmptyLevelAndPartlyConfirmedLinks() throws {  // 2.24
        try expectComparable("Fagbrev (craft certificate)", "NO", "4", to: "DE", "de-dqr 4")
        try expectComparable("Fagskole 2 (tertiary vocational)", "NO", "5.2", to: "DE", "de-dqr 5")
        let empty = try outcome("NO", "1", "DE")
        #expect(
            empty.outcome == .noMapping
                && empty.basis.contains { $0.contains("No qualifications are placed at NKR level 1") })
        // Levels 6-8: the one-to-one numbering is inferred, so only indicative.
        #expect(try outcome("NO", "7", "DE").outcome == .indicative)
        // A bare "5" is 5.1 or 5.2: both are considered, both are EQF 5.
        let five = try outcome("NO", "5", "DE")
        #expect(Shipped.top(five).first == "de-dqr 5" && five.basis.contains { $0.contains("5-1 and 5-2") })
    }

    @Test func czechiaReferencedStraightToTheEQF() throws {  // 2.25
        try expectComparable("Výuční list (3-year programme)", "CZ", "3", to: "DE", "de-dqr 3")
        try expectComparable(
            // DiS. is 6, not 5
            "Diplomovaný specialista (DiS., VOŠ, incl. conservatoire)", "CZ", "6", to: "DE", "de-dqr 6")
    }

    @Test func sriLankaAndVietnamHaveNoBridgeSoNoEquivalenceIsStated() throws {  // 2.39, 2.36
        for (country, level) in [("LK", "4"), ("VN", "6")] {
            let r = try outcome(country, level, "DE")
            #expect(r.outcome == .noMapping && r.equivalents.isEmpty, "\(country): \(r.outcome)")
        }
    }

    @Test func theNotEndorsedUAENewZealandComparisonNeverGivesAnEquivalence() throws {  // 2.31
        let r = try outcome("AE", "7", "NZ")
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty)
        #expect(r.basis.contains { $0.contains("not endorsed") })
        let back = try Shipped.recognise(Credential(title: "Bachelor", country: "NZ", level: "7"), "AE")
        #expect(back.outcome == .noMapping && back.equivalents.isEmpty)
    }

    /// Every level of every framework shipped as unconfirmed, and every level whose only bridges are
    /// unconfirmed, towards every destination country: never comparable. And no confirmed origin
    /// is comparable into an unconfirmed framework.
    @Test func nothingUnconfirmedEverGivesComparable() throws {
        let set = Shipped.set
        let destinations = Array(Set(set.sortedFrameworks.filter { $0.kind == .national }.flatMap(\.countries)))
            .sorted()
        var checked = 0
        for framework in set.sortedFrameworks where framework.kind == .national {
            for level in framework.levels {
                let bridges = framework.bridges.filter { $0.from.level == level.id }
                let onlyUnconfirmed = !bridges.isEmpty && bridges.allSatisfy { $0.provenance.status == .unconfirmed }
                guard framework.status == .unconfirmed || level.status == .unconfirmed || onlyUnconfirmed else {
                    continue
                }
                for destination in destinations where !framework.countries.contains(destination) {
                    let r = try outcome(framework.countries[0], level.id, destination, framework: framework.id)
                    #expect(
                        r.outcome != .comparable && r.outcome != .comparableWithConditions,
                        "\(framework.id) \(level.id) → \(destination): \(r.outcome)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
        for destination in ["ES", "PT", "SE", "TR", "UA"] {
            let r = try Shipped.recognise(Credential(title: "Bachelor", country: "DE", level: "6"), destination)
            #expect(
                r.outcome != .comparable && r.outcome != .comparableWithConditions,
                "de-dqr 6 → \(destination): \(r.outcome)")
        }
    }
}
