import Crypto
import Foundation
import ParityCore
import ParityTestSupport
import SwiftASN1
import Testing
import X509
import _CryptoExtras

@testable import ParitySignatures

/// A signing time is proven only by a signature timestamp that covers the signature, whose own
/// signature verifies, from a qualified timestamp service of an imported list in good standing
/// when it stamped. The test makes its own seal, its own TSA (OpenSSL's `ts`, RFC 3161) and its
/// own trusted list listing both.
@Suite struct TimestampAuthorityTests {
    let dir = TempDirectory()

    /// A TSA key and certificate, and a token over `data` signed with them.
    func timestamp(_ data: String) throws -> (token: [UInt8], certificate: Certificate) {
        let openssl = "/usr/bin/openssl"
        let d = dir.path
        _ = try Tool.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/tsa.key", "-out", d + "/tsa.pem",
                "-days", "30", "-subj", "/CN=Parity test TSA", "-addext", "extendedKeyUsage=critical,timeStamping",
            ])
        try Data(data.utf8).write(to: URL(fileURLWithPath: d + "/data"))
        try Data("01\n".utf8).write(to: URL(fileURLWithPath: d + "/serial"))
        try Data(
            """
            [tsa]
            default_tsa = tsa1
            [tsa1]
            serial = \(d)/serial
            signer_cert = \(d)/tsa.pem
            signer_key = \(d)/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            ess_cert_id_alg = sha256
            """.utf8
        ).write(to: URL(fileURLWithPath: d + "/tsa.cnf"))
        _ = try Tool.run(openssl, ["ts", "-query", "-data", d + "/data", "-sha256", "-cert", "-out", d + "/req.tsq"])
        let reply = try Tool.run(
            openssl,
            [
                "ts", "-reply", "-config", d + "/tsa.cnf", "-queryfile", d + "/req.tsq", "-token_out", "-out",
                d + "/token.der",
            ])
        #expect(reply.status == 0, "\(reply.err)")
        let token = Array(try Data(contentsOf: URL(fileURLWithPath: d + "/token.der")))
        let certificate = try Certificate(pemEncoded: try String(contentsOfFile: d + "/tsa.pem", encoding: .utf8))
        return (token, certificate)
    }

    /// A flattened JAdES sealed now, with `token` as its sigTst, and the seal's certificate.
    func sealed(stamp: (String) throws -> [UInt8]) throws -> (jws: [UInt8], seal: Certificate) {
        let key = JAdESForgeryTests.Key.p256(P256.Signing.PrivateKey())
        let now = Date()
        let der = try JAdESForgeryTests.certificate(
            key, validity: now.addingTimeInterval(-86_400)...now.addingTimeInterval(86_400 * 365))
        let signedAt = ISO8601DateFormatter().string(from: now.addingTimeInterval(-5))
        let plain = try JAdESForgeryTests.seal(
            JAdESForgeryTests.payload, key: key, certificate: der, signedAt: signedAt)
        var jws = try #require(try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any])
        let token = try stamp(try #require(jws["signature"] as? String))
        let entry = try JSONSerialization.data(
            withJSONObject: ["sigTst": ["tstTokens": [["val": Data(token).base64EncodedString()]]]])
        jws["header"] = ["etsiU": [Base64.encodeURL(Array(entry))]]
        return (Array(try JSONSerialization.data(withJSONObject: jws)), try Certificate(derEncoded: der))
    }

    func list(seal: Certificate, tsa: Certificate?, tsaStatus: String = "granted") -> TrustStore {
        let long = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01
        var services = [
            TrustedList.Service(
                name: "Parity test CA", type: ChainCheck.caQC, certificates: [seal], statuses: [("granted", long)])
        ]
        if let tsa {
            services.append(
                TrustedList.Service(
                    name: "Parity test TSA", type: ChainCheck.qualifiedTimestamps, certificates: [tsa],
                    statuses: [(tsaStatus, long)]))
        }
        return TrustStore(
            lists: [
                TrustedList(
                    territory: "IE", sequence: 1, issued: "2026-01-01T00:00:00Z",
                    nextUpdate: Date().addingTimeInterval(86_400 * 180), isListOfLists: false, pointers: [],
                    services: services)
            ])
    }

    @Test func aTrustedSignatureTimestampProvesTheSigningTime() throws {
        var authority: Certificate?
        let (jws, seal) = try sealed { signature in
            let made = try timestamp(signature)
            authority = made.certificate
            return made.token
        }
        let a = try #require(JAdESVerifier.verify(jws, trust: list(seal: seal, tsa: authority))).authenticity
        let time = try #require(JAdESSampleTests.step(a, .signingTime))
        #expect(time.status == .ok && time.detail.contains("proven by sigTst by 'Parity test TSA'"), "\(time.detail)")
        #expect(JAdESSampleTests.step(a, .chain)?.status == .ok, "\(a.steps)")
        // Revocation is not read yet: still not `verified`, and the step says why.
        #expect(a.verdict == .indeterminate && a.reason?.step == .revocation)
    }

    @Test func aTimestampAuthorityOnNoListOrWithdrawnProvesNothing() throws {
        var authority: Certificate?
        let (jws, seal) = try sealed { signature in
            let made = try timestamp(signature)
            authority = made.certificate
            return made.token
        }
        for store in [list(seal: seal, tsa: nil), list(seal: seal, tsa: authority, tsaStatus: "withdrawn")] {
            let a = try #require(JAdESVerifier.verify(jws, trust: store)).authenticity
            let time = try #require(JAdESSampleTests.step(a, .signingTime))
            #expect(time.status == .skipped && time.detail.contains("is not established"), "\(time.detail)")
        }
    }

    @Test func aTimestampWhoseOwnSignatureIsBrokenIsNoProofOfTime() throws {
        var authority: Certificate?
        let (jws, seal) = try sealed { signature in
            var made = try timestamp(signature)
            authority = made.certificate
            made.token[made.token.count - 10] ^= 0x01  // inside the TSA's signature value, at the end
            return made.token
        }
        let a = try #require(JAdESVerifier.verify(jws, trust: list(seal: seal, tsa: authority))).authenticity
        let time = try #require(JAdESSampleTests.step(a, .signingTime))
        #expect(time.status == .error && time.detail.contains("does not verify"), "\(time.detail)")
        #expect(a.verdict == .indeterminate)
    }
}
