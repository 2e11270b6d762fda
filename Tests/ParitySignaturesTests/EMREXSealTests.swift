import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing
import X509

@testable import ParitySignatures

/// An ELMO's XML-DSig seal is trusted through the key its provider registered with EMREX, not
/// the EU lists. No signed ELMO published anywhere still verifies (SOURCES.md), so the test
/// signs one here as an EMREX data provider does: xmlsec1, enveloped, C14N 1.0, RSA-SHA256.
@Suite struct EMREXSealTests {
    let dir = TempDirectory()

    /// A fresh provider key and self-signed certificate (as EMREX providers register them).
    func provider(_ name: String) throws -> (key: String, certificate: String) {
        try TestKeys.selfSigned(commonName: "\(name) EMREX data provider", file: name, in: dir.path)
    }

    /// The published ELMO sample, its broken seal removed and a new one made with `provider`.
    func signedELMO(_ provider: (key: String, certificate: String)) throws -> [UInt8] {
        let unsigned = try Unsigned.xml(contentsOf: JAdESSampleTests.fixtures + "elmo/" + Self.sample)
        let template = """
            <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>\
            <CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>\
            <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\
            <Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
            </Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference>\
            </SignedInfo><SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature>
            """
        let document = unsigned.replacingOccurrences(of: "</elmo>", with: template + "</elmo>")
        let input = dir.write("elmo-template.xml", document), output = dir.path + "/elmo-signed.xml"
        let signed = try Tool.run(
            "/usr/bin/xmlsec1",
            ["--sign", "--privkey-pem", provider.key + "," + provider.certificate, "--output", output, input])
        #expect(signed.status == 0, "\(signed.err)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    static let sample = "emilbaek_dk-emrex__elmo-tomcat-signed-beautified.xml"

    /// An EMREG export naming `certificate` for a provider.
    func registry(_ certificate: String, acronym: String) throws -> [EMREXProvider] {
        let pem = try String(contentsOfFile: certificate, encoding: .utf8)
        let export = try JSONSerialization.data(withJSONObject: [
            "ncps": [["acronym": acronym, "countryCode": "DK", "url": "https://ncp.example.dk/", "pubKey": pem]]
        ])
        return try EMREXRegistry.read(Array(export), file: "emreg.json", today: "2026-12-05")
    }

    func verify(_ bytes: [UInt8], providers: [EMREXProvider]) throws -> Authenticity {
        let tree = try XMLTree(bytes: bytes, file: "elmo-signed.xml")
        return try #require(XMLSealVerifier.verify(bytes, tree: tree, trust: TrustStore(emrex: providers)))
    }

    @Test func anELMOSealedWithARegisteredProvidersKeyIsVerified() throws {
        let key = try provider("DK")
        let a = try verify(try signedELMO(key), providers: try registry(key.certificate, acronym: "DK-NCP"))
        #expect(a.verdict == .verified, "\(a.steps)")
        #expect(
            a.trustAnchor == Authenticity.TrustAnchor(list: "EMREX registry", service: "DK-NCP", status: "registered"))
        let chain = try #require(JAdESSampleTests.step(a, .chain))
        #expect(chain.detail.contains("registered with EMREX for DK-NCP, DK"), "\(chain.detail)")
    }

    @Test func anELMOSealedWithAnotherKeyIsNotEstablished() throws {
        let signer = try provider("DK"), other = try provider("FI")
        let a = try verify(try signedELMO(signer), providers: try registry(other.certificate, acronym: "FI-NCP"))
        #expect(a.verdict == .indeterminate)
        let chain = try #require(JAdESSampleTests.step(a, .chain))
        #expect(chain.status == .skipped && chain.detail.contains("none of the 1 EMREX provider keys"), "\(chain)")
        let none = try verify(try signedELMO(signer), providers: [])
        #expect(JAdESSampleTests.step(none, .chain)?.detail.contains("no EMREX provider keys are imported") == true)
    }

    @Test func oneChangedCharacterInARegisteredProvidersELMOFailsIt() throws {
        let key = try provider("DK")
        let text = String(decoding: try signedELMO(key), as: UTF8.self)
        let changed = text.replacingOccurrences(of: "<givenNames>Jens<", with: "<givenNames>Hans<")
        #expect(changed != text)
        let a = try verify(Array(changed.utf8), providers: try registry(key.certificate, acronym: "DK-NCP"))
        #expect(a.verdict == .failed, "\(a.steps)")
        #expect(JAdESSampleTests.step(a, .seal)?.status == .error)
    }

    @Test(arguments: [
        (#"{"ncps": [{"acronym": "X", "pubKey": "not a certificate"}]}"#, "ncps[0].pubKey"),
        (#"{"providers": []}"#, "has an 'ncps' array"),
        ("<xml/>", "neither a PEM certificate nor an EMREG export"),
    ])
    func aBadRegistryExportIsRefusedWithWhatIsWrong(text: String, expected: String) {
        #expect {
            try EMREXRegistry.read(Array(text.utf8), file: "emreg.json", today: "2026-12-05")
        } throws: { error in
            "\(error)".contains("emreg.json: ") && "\(error)".contains(expected)
        }
    }

    @Test func theKeptRegistryReadsBackWithItsImportDate() throws {
        let key = try provider("DK")
        let providers = try registry(key.certificate, acronym: "DK-NCP")
        let again = try EMREXRegistry.read(EMREXRegistry.export(providers), file: "emrex.json", today: "2030-01-01")
        #expect(again.map(\.acronym) == ["DK-NCP"] && again.first?.imported == "2026-12-05")
        #expect(again.first?.certificate == providers.first?.certificate)
    }
}
