import Crypto
import Foundation
import ParityCore
import ParityTestSupport
import SwiftASN1
import Testing
import X509

@testable import ParitySignatures

/// Revocation from the OCSP responses a seal carries, and the whole way to `verified`: a test
/// PKI made here with OpenSSL (a CA on a trusted list, a seal certificate it issued, its OCSP
/// answer, a qualified TSA), so that every step can pass, and a revoked signer fails.
@Suite struct RevocationTests {
    let dir = TempDirectory()
    let openssl = "/usr/bin/openssl"

    func run(_ arguments: [String]) throws {
        let r = try Tool.run(openssl, arguments)
        #expect(r.status == 0, "openssl \(arguments.prefix(2)): \(r.err)")
    }

    /// A CA and a P-256 seal certificate it issued (serial 0x1234).
    func pki() throws -> (ca: Certificate, leaf: [UInt8], key: P256.Signing.PrivateKey) {
        let d = dir.path
        try run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-days",
            "30", "-subj", "/CN=Parity test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
            "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
        ])
        try run(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", d + "/leaf.key"])
        try run(["req", "-new", "-key", d + "/leaf.key", "-out", d + "/leaf.csr", "-subj", "/CN=Parity test seal"])
        try run([
            "x509", "-req", "-in", d + "/leaf.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key", "-set_serial",
            "4660",
            "-days", "30", "-out", d + "/leaf.pem",
        ])
        let ca = try Certificate(pemEncoded: try String(contentsOfFile: d + "/ca.pem", encoding: .utf8))
        let leaf = try Certificate(pemEncoded: try String(contentsOfFile: d + "/leaf.pem", encoding: .utf8))
        let key = try P256.Signing.PrivateKey(
            pemRepresentation: try String(contentsOfFile: d + "/leaf.key", encoding: .utf8))
        return (ca, TrustStore.der(leaf), key)
    }

    /// The CA's OCSP answer, or its CRL, for the seal certificate, given now: good (not listed),
    /// or revoked a day ago.
    func revocation(revoked: Bool, by source: String, tampered: Bool = false) throws -> [UInt8] {
        let d = dir.path
        let format = DateFormatter()
        format.dateFormat = "yyMMddHHmmss'Z'"
        format.timeZone = TimeZone(identifier: "UTC")
        let expiry = format.string(from: Date().addingTimeInterval(86_400 * 30))
        let line =
            revoked
            ? "R\t\(expiry)\t\(format.string(from: Date().addingTimeInterval(-86_400)))\t1234\tunknown\t/CN=Parity test seal\n"
            : "V\t\(expiry)\t\t1234\tunknown\t/CN=Parity test seal\n"
        try Data(line.utf8).write(to: URL(fileURLWithPath: d + "/index.txt"))
        if source == "crl" {
            var der = try crl()
            if tampered, let last = der.indices.last { der[last] ^= 0x01 }  // the signature's last byte
            return der
        }
        try run([
            "ocsp", "-index", d + "/index.txt", "-rsigner", d + "/ca.pem", "-rkey", d + "/ca.key", "-CA", d + "/ca.pem",
            "-issuer", d + "/ca.pem", "-cert", d + "/leaf.pem", "-respout", d + "/ocsp.der", "-ndays", "1",
            "-resp_no_certs",
        ])
        var der = Array(try Data(contentsOf: URL(fileURLWithPath: d + "/ocsp.der")))
        if tampered, let last = der.indices.last { der[last] ^= 0x01 }  // the signature's last byte
        return der
    }

    /// The CA's CRL from the same index (`openssl ca -gencrl`), in DER.
    func crl() throws -> [UInt8] {
        let d = dir.path
        let config = """
            [ca]
            default_ca = test
            [test]
            database = \(d)/index.txt
            crlnumber = \(d)/crlnumber
            default_md = sha256
            default_crl_days = 1
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: d + "/ca.cnf"))
        try Data("01\n".utf8).write(to: URL(fileURLWithPath: d + "/crlnumber"))
        try run([
            "ca", "-gencrl", "-config", d + "/ca.cnf", "-keyfile", d + "/ca.key", "-cert", d + "/ca.pem", "-out",
            d + "/crl.pem",
        ])
        try run(["crl", "-in", d + "/crl.pem", "-outform", "DER", "-out", d + "/crl.der"])
        return Array(try Data(contentsOf: URL(fileURLWithPath: d + "/crl.der")))
    }

    /// A JAdES sealed a few seconds ago with `key`, then given a signature timestamp and the
    /// OCSP answer obtained after it (as a signer's software adds them).
    func sealed(
        key: P256.Signing.PrivateKey, certificate: [UInt8], revoked: Bool, by source: String, tampered: Bool,
        stamp: (String) throws -> [UInt8]
    ) throws -> [UInt8] {
        let signedAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-5))
        let plain = try JAdESForgeryTests.seal(
            JAdESForgeryTests.payload, key: .p256(key), certificate: certificate, signedAt: signedAt)
        var jws = try #require(try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any])
        let token = try stamp(try #require(jws["signature"] as? String))
        let answer = try revocation(revoked: revoked, by: source, tampered: tampered)
        let sigTst = try JSONSerialization.data(
            withJSONObject: ["sigTst": ["tstTokens": [["val": Data(token).base64EncodedString()]]]])
        let rVals = try JSONSerialization.data(
            withJSONObject: ["rVals": [source + "Vals": [["val": Data(answer).base64EncodedString()]]]])
        jws["header"] = ["etsiU": [Base64.encodeURL(Array(sigTst)), Base64.encodeURL(Array(rVals))]]
        return Array(try JSONSerialization.data(withJSONObject: jws))
    }

    func verify(revoked: Bool, by source: String, tampered: Bool = false) throws -> Authenticity {
        let (ca, leaf, key) = try pki()
        let tsa = TimestampAuthorityTests()
        var authority: Certificate?
        let jws = try sealed(key: key, certificate: leaf, revoked: revoked, by: source, tampered: tampered) {
            signature in
            let made = try tsa.timestamp(signature)
            authority = made.certificate
            return made.token
        }
        return try #require(JAdESVerifier.verify(jws, trust: tsa.list(seal: ca, tsa: authority))).authenticity
    }

    @Test(arguments: ["ocsp", "crl"])
    func aSealWhoseEveryStepPassesIsVerified(by source: String) throws {
        let a = try verify(revoked: false, by: source)
        #expect(a.verdict == .verified, "\(a.steps)")
        let revocation = try #require(JAdESSampleTests.step(a, .revocation))
        let says = source == "crl" ? "the CRL of" : "the OCSP response of"
        #expect(revocation.status == .ok && revocation.detail.contains(says), "\(revocation.detail)")
        #expect(a.trustAnchor?.service == "Parity test CA")
    }

    @Test(arguments: ["ocsp", "crl"])
    func aSignerRevokedBeforeItSignedFails(by source: String) throws {
        let a = try verify(revoked: true, by: source)
        #expect(a.verdict == .failed)
        let revocation = try #require(JAdESSampleTests.step(a, .revocation))
        #expect(revocation.status == .error && revocation.detail.contains("before it signed"), "\(revocation.detail)")
    }

    /// A revocation answer whose signature was changed counts for nothing, whatever it says.
    @Test(arguments: ["ocsp", "crl"])
    func aRevocationAnswerWhoseSignatureIsBrokenIsNotBelieved(by source: String) throws {
        let a = try verify(revoked: true, by: source, tampered: true)
        #expect(a.verdict == .indeterminate, "\(a.steps)")
        let revocation = try #require(JAdESSampleTests.step(a, .revocation))
        #expect(revocation.status == .skipped && revocation.detail.contains("does not verify"), "\(revocation.detail)")
    }

    /// The EDC samples carry their CA's OCSP answer, given after they were sealed.
    @Test(arguments: [
        "jades/json_sealed_advanced.json", "jades/json_to_seal-signed-jades-baseline-lta.json",
        "elm/ELMv3_Sample-MC-Annex1-signed.jsonld",
    ])
    func theEDCSamplesCarryAGoodOCSPAnswerFromAfterTheirSealing(file: String) throws {
        let a = try JAdESSampleTests.verify(try JAdESSampleTests.bytes(file))
        let revocation = try #require(JAdESSampleTests.step(a, .revocation))
        #expect(
            revocation.status == .ok && revocation.detail.contains("after the signing time"), "\(revocation.detail)")
    }
}
