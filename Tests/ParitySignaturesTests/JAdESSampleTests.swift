import Foundation
import ParityCore
import ParityTestSupport
import Testing

@testable import ParitySignatures

/// Every JAdES file of ../shared/data/signatures (copied in Fixtures with SOURCES.md) and the
/// signed ELM v3 sample reach the conclusion SOURCES.md gives for them. Without trusted lists
/// no seal is `verified`: an intact one is `indeterminate`, and says why.
@Suite struct JAdESSampleTests {
    static let fixtures = Repo.root.path + "/Tests/ParitySignaturesTests/Fixtures/"
    /// "Now" as SOURCES.md means it.
    static let now = ISO8601DateFormatter().date(from: "2026-12-04T12:00:00Z") ?? Date()

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + name)))
    }

    static func verify(_ bytes: [UInt8]) throws -> Authenticity {
        try #require(JAdESVerifier.verify(bytes, now: now)).authenticity
    }

    static func step(_ a: Authenticity, _ name: Authenticity.StepName) -> Authenticity.Step? {
        a.steps.first { $0.step == name }
    }

    @Test(arguments: [
        ("jades/json_sealed_advanced.json", "Nombre Servicio Sellado TEST", "2022-07-25T14:36:56Z"),
        ("jades/json_to_seal-signed-jades-baseline-lta.json", "Nombre Servicio Sellado TEST", "2022-08-19"),
        ("jades/MyNextID_edc-dc-signed.jsonld", "VELOCERT", "2026-01-12T08:58:28Z"),
        ("jades/jades-lta.json", "good-user", "2021-01-25T10:20:02Z"),
        ("elm/ELMv3_Sample-MC-Annex1-signed.jsonld", "TEST SEAL", "2023-09-27T11:54:17Z"),
    ])
    func anIntactSealIsIndeterminateWithoutTrustedListsAndNamesItsSigner(
        file: String, signer: String, signedAt: String
    ) throws {
        let a = try Self.verify(try Self.bytes(file))
        #expect(a.verdict == .indeterminate, "\(a.steps)")
        #expect(Self.step(a, .format)?.status == .ok && Self.step(a, .seal)?.status == .ok, "\(a.steps)")
        #expect(Self.step(a, .expiry)?.status == .ok, "valid at the signing time: \(a.steps)")
        #expect(Self.step(a, .chain)?.status == .skipped && Self.step(a, .revocation)?.status != .error)
        #expect(a.signer?.subject.contains(signer) == true, "\(String(describing: a.signer))")
        #expect(a.signedAt?.hasPrefix(signedAt) == true, "\(String(describing: a.signedAt))")
    }

    @Test func anExpiredSignerValidAtTheSigningTimeIsNotBroken() throws {
        let a = try Self.verify(try Self.bytes("jades/json_sealed_advanced.json"))
        let expiry = try #require(Self.step(a, .expiry))
        #expect(expiry.detail.contains("valid at the signing time 2022-07-25T14:36:56Z"))
        #expect(expiry.detail.contains("expired since 2023-05-05"), "\(expiry.detail)")
    }

    /// SOURCES.md: the adoTst, sigTst and arcTst imprints of the LTA samples match.
    @Test(arguments: [
        "jades/json_to_seal-signed-jades-baseline-lta.json", "jades/json_sealed_advanced.json",
        "elm/ELMv3_Sample-MC-Annex1-signed.jsonld", "jades/jades-lta.json",
    ])
    func theLTATimestampsCoverWhatTheyShould(file: String) throws {
        let a = try Self.verify(try Self.bytes(file))
        let time = try #require(Self.step(a, .signingTime))
        #expect(time.status == .skipped, "covered, but no authority is trusted: \(time.detail)")
        #expect(time.detail.contains("sigTst of") && time.detail.contains("arcTst of"), "\(time.detail)")
        #expect(!time.detail.contains("not read") && !time.detail.contains("does not cover"), "\(time.detail)")
    }

    @Test func anArchiveTimestampOverOtherBytesIsNoProofOfTime() throws {
        // The sample's etsiU with its entries reversed: the arcTst now precedes what it stamped.
        let text = String(decoding: try Self.bytes("jades/json_to_seal-signed-jades-baseline-lta.json"), as: UTF8.self)
        var jws = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var signatures = try #require(jws["signatures"] as? [[String: Any]])
        var header = try #require(signatures[0]["header"] as? [String: Any])
        header["etsiU"] = Array(try #require(header["etsiU"] as? [String]).reversed())
        signatures[0]["header"] = header
        jws["signatures"] = signatures
        let a = try Self.verify(Array(try JSONSerialization.data(withJSONObject: jws)))
        let time = try #require(Self.step(a, .signingTime))
        #expect(time.status == .error && time.detail.contains("arcTst") && time.detail.contains("does not cover"))
        #expect(Self.step(a, .seal)?.status == .ok)
    }

    @Test func aSignatureTimestampThatCoversSomethingElseIsNoProofOfTimeButNoBrokenSeal() throws {
        let a = try Self.verify(try Self.bytes("jades/jades-flattened-BpT-broken-sigTst.json"))
        #expect(Self.step(a, .seal)?.status == .ok)
        let time = try #require(Self.step(a, .signingTime))
        #expect(time.status == .error && time.detail.contains("sigTst") && time.detail.contains("does not cover it"))
        #expect(a.verdict == .indeterminate)
    }

    @Test func anAlteredPayloadBreaksTheSeal() throws {
        let a = try Self.verify(try Self.bytes("jades/altered-jws.json"))
        #expect(a.verdict == .failed && Self.step(a, .seal)?.status == .error, "\(a.steps)")
    }

    @Test(arguments: [
        ("jades/jades-wrong-x5c-header.json", "x5c"), ("jades/jades-with-crit-string-type.json", "crit"),
    ])
    func aHeaderOfTheWrongJSONTypeFailsTheFormatEvenWhereTheValueVerifies(file: String, member: String) throws {
        let a = try Self.verify(try Self.bytes(file))
        #expect(a.verdict == .failed)
        let format = try #require(Self.step(a, .format))
        #expect(format.status == .error && format.detail.contains("'\(member)'"), "\(format.detail)")
    }

    /// The issue's forgery: the title changed in the payload, the seal kept.
    @Test func aTitleChangedInTheSealedCredentialFails() throws {
        let original = String(decoding: try Self.bytes("elm/ELMv3_Sample-MC-Annex1-signed.jsonld"), as: UTF8.self)
        #expect(original.contains("Digital micro-credential creation"))
        let forged = original.replacingOccurrences(
            of: "Digital micro-credential creation", with: "Master of Medicine")
        let result = try #require(JAdESVerifier.verify(Array(forged.utf8), now: Self.now))
        #expect(result.authenticity.verdict == .failed)
        #expect(Self.step(result.authenticity, .seal)?.detail.contains("changed after sealing") == true)
        #expect(result.payload.map { String(decoding: $0, as: UTF8.self).contains("Master of Medicine") } == true)
    }

    @Test func aPlainJSONCredentialIsNoJWS() {
        #expect(JAdESVerifier.verify(Array(#"{"credentialSubject": {}}"#.utf8), now: Self.now) == nil)
    }
}
