import ParityCore
import ParityTestSupport
import Testing

/// The ASEAN MRAs as conditions, never level bridges (corridors.md 4.4): what a credential
/// means in another member state, reported with every result for the occupation.
@Suite struct ASEANAgreementsTests {
    static func conditions(_ id: String, _ c: Credential, _ destination: String) throws -> [String] {
        try Shipped.recognise(c, destination).agreements.first { $0.id == id }?.conditions ?? []
    }

    @Test func aNurseIsEligibleToApplyAfterThreeYearsPractice() throws {
        let nurse = Credential(title: "Bachelor of Science in Nursing", country: "PH", level: "6", occupation: "2221")
        let conditions = try Self.conditions("asean-mra-nursing", nurse, "MY")
        #expect(
            conditions.contains {
                $0.contains("three consecutive years of practice") && $0.contains("no automatic recognition")
            })
    }

    @Test func anACPEWorksAsRFPEWithAHostEngineer() throws {
        let engineer = Credential(title: "BS Civil Engineering", country: "PH", level: "6", occupation: "2142")
        let conditions = try Self.conditions("asean-mra-engineering", engineer, "MY")
        #expect(
            conditions.contains {
                $0.contains("Registered Foreign Professional Engineer (RFPE)") && $0.contains("in collaboration with")
            })
    }

    /// A tourism competency certificate is an occupational test: no level, eligible for the same
    /// ACCSTP job title only, subject to host law.
    @Test func aTourismCertificateCountsForTheSameJobTitleOnly() throws {
        var receptionist = Credential(
            title: "ACCSTP Receptionist", awardingBody: "TESDA (Tourism Professional Certification Board)",
            country: "PH", occupation: "4224", awarded: "2025-05-02")
        receptionist.type = .occupationalTest
        receptionist.result = .passed
        let r = try Shipped.recognise(receptionist, "MY")
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty)
        let conditions = try Self.conditions("asean-mra-tourism", receptionist, "MY")
        #expect(conditions.contains { $0.contains("for that same job title only") && $0.contains("domestic laws") })
    }

    /// The MRAs are never level bridges: no path runs through an agreement.
    @Test func noMRAIsALevelBridge() throws {
        let aqrf = try #require(Shipped.set.framework("aqrf"))
        #expect(aqrf.bridges.allSatisfy { $0.scope == nil })
        #expect(aqrf.agreements.filter { $0.id.hasPrefix("asean-mra") }.count == 8)
    }
}
