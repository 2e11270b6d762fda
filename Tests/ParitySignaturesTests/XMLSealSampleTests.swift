import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

@testable import ParitySignatures

/// Every signed XML file of ../shared/data/signatures (XAdES, ELMO) and the signed ELM v2
/// sample reach the conclusion SOURCES.md gives, libxmlsec1 checking the XML-DSig core and
/// Parity the XAdES rules on top.
@Suite struct XMLSealSampleTests {
    static func verify(_ file: String) throws -> Authenticity {
        let bytes = try JAdESSampleTests.bytes(file)
        let tree = try XMLTree(bytes: bytes, file: file)
        return try #require(XMLSealVerifier.verify(bytes, tree: tree, now: JAdESSampleTests.now))
    }

    @Test(arguments: [
        ("xades/credential-QSeal.xml", "2020-01-30T10:39:45Z"),
        ("xades/signedSampleXML-B.badSign.xml", "Enric Sayos"),
        ("xades/ELMv2_EDC_DiplomaSupplement_AA.xml", "2022-08-09T13:53:56Z"),
    ])
    func anIntactXAdESSealIsIndeterminateWithoutTrustedLists(file: String, expected: String) throws {
        let a = try Self.verify(file)
        #expect(a.verdict == .indeterminate, "\(a.steps)")
        #expect(JAdESSampleTests.step(a, .seal)?.status == .ok && JAdESSampleTests.step(a, .expiry)?.status == .ok)
        #expect(a.signedAt == expected || a.signer?.subject.contains(expected) == true, "\(a)")
    }

    @Test func theQSealsSignatureTimestampCoversItsSignatureValue() throws {
        let time = try #require(JAdESSampleTests.step(try Self.verify("xades/credential-QSeal.xml"), .signingTime))
        #expect(
            time.status == .skipped && time.detail.contains("SignatureTimeStamp of")
                && time.detail.contains("covers it"))
    }

    @Test(arguments: [
        "xades/xades-tampered-reference.xml", "xades/dss-signed-altered-signedPropsRemoved.xml",
        "elmo/emilbaek_dk-emrex__elmo-tomcat-signed-beautified.xml",
    ])
    func aChangedSignedDocumentFails(file: String) throws {
        let a = try Self.verify(file)
        #expect(a.verdict == .failed, "\(a.steps)")
    }

    /// XML-DSig is intact here: only the XAdES check of SigningCertificateV2 catches it.
    @Test func aSigningCertificateThatIsNotTheSignersFails() throws {
        let a = try Self.verify("xades/xades-wrong-sign-cert-digest.xml")
        #expect(a.verdict == .failed)
        #expect(
            JAdESSampleTests.step(a, .seal)?.detail.contains("SigningCertificate names another certificate") == true)
    }

    @Test func oneChangedCharacterInTheSealedCredentialFailsIt() throws {
        let file = "xades/credential-QSeal.xml"
        let text = String(decoding: try JAdESSampleTests.bytes(file), as: UTF8.self)
        // A signed element's text (the credential's title or any other) changed by one letter.
        let forged = try #require(text.range(of: "<title")).upperBound
        var changed = text
        let at = try #require(changed[forged...].firstIndex(of: ">")).utf16Offset(in: changed) + 1
        let index = changed.index(changed.startIndex, offsetBy: at)
        changed.replaceSubrange(index...index, with: changed[index] == "X" ? "Y" : "X")
        let bytes = Array(changed.utf8)
        let a = try #require(
            XMLSealVerifier.verify(bytes, tree: try XMLTree(bytes: bytes, file: file), now: JAdESSampleTests.now))
        #expect(
            a.verdict == .failed && JAdESSampleTests.step(a, .seal)?.detail.contains("the document") == true,
            "\(a.steps)")
    }
}
