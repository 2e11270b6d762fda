import Crypto
import Foundation
import ParityCore
import SwiftASN1
import Testing
import X509
import _CryptoExtras

@testable import ParitySignatures

/// One changed byte anywhere a seal covers fails it; seals this test makes itself (its own
/// keys and certificates, made now with swift-crypto and swift-certificates) give the verdict
/// and the step each case must.
@Suite struct JAdESForgeryTests {
    static let sample = "jades/json_sealed_advanced.json"

    /// The sample's general JSON form, with one part of its first signature changed by `change`.
    static func altered(_ part: String, _ change: (String) -> String) throws -> [UInt8] {
        let bytes = try JAdESSampleTests.bytes(sample)
        guard var root = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            var signatures = root["signatures"] as? [[String: Any]]
        else { throw CocoaError(.fileReadCorruptFile) }
        if part == "payload" {
            root["payload"] = change(root["payload"] as? String ?? "")
        } else {
            signatures[0][part] = change(signatures[0][part] as? String ?? "")
            root["signatures"] = signatures
        }
        return Array(try JSONSerialization.data(withJSONObject: root))
    }

    /// Changes one character in the middle of a base64url text to another of the alphabet.
    static func flipped(_ text: String) -> String {
        var chars = Array(text)
        let i = chars.count / 2
        chars[i] = chars[i] == "A" ? "B" : "A"
        return String(chars)
    }

    @Test(arguments: ["payload", "protected", "signature"])
    func oneChangedCharacterInAnyPartTheSealCoversFailsIt(part: String) throws {
        let forged = try Self.altered(part) {
            part == "payload" ? $0.replacingOccurrences(of: "a", with: "b") : Self.flipped($0)
        }
        let a = try JAdESSampleTests.verify(forged)
        #expect(a.verdict == .failed, "\(part): \(a.steps)")
    }

    @Test func aChangedCertificateInTheHeaderNoLongerIdentifiesTheSigner() throws {
        // x5c sits inside the protected header: re-encode it with one byte of the leaf changed.
        let forged = try Self.altered("protected") { protected in
            guard let bytes = Base64.decodeURL(protected),
                var header = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                var x5c = header["x5c"] as? [String], var der = Base64.decode(x5c[0])
            else { return protected }
            der[der.count - 40] ^= 0x01
            x5c[0] = Data(der).base64EncodedString()
            header["x5c"] = x5c
            return Base64.encodeURL(Array((try? JSONSerialization.data(withJSONObject: header)) ?? Data()))
        }
        let a = try JAdESSampleTests.verify(forged)
        #expect(a.verdict == .failed)
        #expect(JAdESSampleTests.step(a, .seal)?.status == .error, "\(a.steps)")
    }

    // MARK: Seals made here

    enum Key {
        case rsa(_RSA.Signing.PrivateKey, pss: Bool)
        case p256(P256.Signing.PrivateKey)

        var alg: String {
            switch self {
            case .rsa(_, let pss): pss ? "PS256" : "RS256"
            case .p256: "ES256"
            }
        }

        var certificateKey: Certificate.PrivateKey {
            switch self {
            case .rsa(let k, _): Certificate.PrivateKey(k)
            case .p256(let k): Certificate.PrivateKey(k)
            }
        }

        func sign(_ input: [UInt8]) throws -> [UInt8] {
            switch self {
            case .rsa(let k, let pss):
                Array(
                    try k.signature(for: SHA256.hash(data: input), padding: pss ? .PSS : .insecurePKCS1v1_5)
                        .rawRepresentation)
            case .p256(let k): Array(try k.signature(for: SHA256.hash(data: input)).rawRepresentation)
            }
        }
    }

    /// A self-signed seal certificate valid over `validity`.
    static func certificate(_ key: Key, validity: ClosedRange<Date>) throws -> [UInt8] {
        let name = try DistinguishedName {
            CountryName("IE")
            OrganizationName("Parity test PKI")
            CommonName("Parity test seal")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.certificateKey.publicKey,
            notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound, issuer: name, subject: name,
            signatureAlgorithm: key.alg == "ES256" ? .ecdsaWithSHA256 : .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: key.certificateKey)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// A flattened JAdES with an unencoded payload, as EDC seals it.
    static func seal(
        _ payload: String, key: Key, certificate: [UInt8], signedAt: String, extraCritical: [String: Any] = [:]
    ) throws -> [UInt8] {
        var header: [String: Any] = [
            "alg": key.alg, "b64": false, "sigT": signedAt, "x5c": [Data(certificate).base64EncodedString()],
            "x5t#S256": Base64.encodeURL(Array(SHA256.hash(data: certificate))),
            "crit": ["b64", "sigT"] + extraCritical.keys.sorted(),
        ]
        header.merge(extraCritical) { a, _ in a }
        let protected = Base64.encodeURL(
            Array(try JSONSerialization.data(withJSONObject: header, options: .sortedKeys)))
        let signature = try key.sign(Array((protected + "." + payload).utf8))
        let jws: [String: Any] = ["payload": payload, "protected": protected, "signature": Base64.encodeURL(signature)]
        return Array(try JSONSerialization.data(withJSONObject: jws))
    }

    static let payload = #"{"credentialSubject": {"fullName": "Amina Yusuf"}}"#
    static let year2025 = Date(timeIntervalSince1970: 1_735_689_600)...Date(timeIntervalSince1970: 1_767_225_599)

    @Test(arguments: ["RS256", "PS256", "ES256"])
    func aSealOfEachAlgorithmIsIntactAndChangingItFails(alg: String) throws {
        let key: Key =
            switch alg {
            case "ES256": .p256(P256.Signing.PrivateKey())
            default: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048), pss: alg == "PS256")
            }
        let certificate = try Self.certificate(key, validity: Self.year2025)
        let sealed = try Self.seal(Self.payload, key: key, certificate: certificate, signedAt: "2025-06-01T10:00:00Z")
        let a = try JAdESSampleTests.verify(sealed)
        #expect(JAdESSampleTests.step(a, .seal)?.status == .ok, "\(alg): \(a.steps)")
        #expect(a.verdict == .indeterminate && a.signer?.subject.contains("Parity test seal") == true)
        let forged = String(decoding: sealed, as: UTF8.self).replacingOccurrences(of: "Amina", with: "Anima")
        #expect(try JAdESSampleTests.verify(Array(forged.utf8)).verdict == .failed)
    }

    @Test func anUnknownCriticalHeaderFailsAnIntactSeal() throws {
        let key = Key.p256(P256.Signing.PrivateKey())
        let certificate = try Self.certificate(key, validity: Self.year2025)
        let sealed = try Self.seal(
            Self.payload, key: key, certificate: certificate, signedAt: "2025-06-01T10:00:00Z",
            extraCritical: ["exp-policy": "must-understand"])
        let a = try JAdESSampleTests.verify(sealed)
        #expect(a.verdict == .failed)
        #expect(JAdESSampleTests.step(a, .format)?.detail.contains("'exp-policy'") == true, "\(a.steps)")
    }

    @Test func aSignerWhoseCertificateWasNotValidAtTheSigningTimeFails() throws {
        let key = Key.p256(P256.Signing.PrivateKey())
        let certificate = try Self.certificate(key, validity: Self.year2025)
        let sealed = try Self.seal(Self.payload, key: key, certificate: certificate, signedAt: "2026-03-01T10:00:00Z")
        let a = try JAdESSampleTests.verify(sealed)
        #expect(a.verdict == .failed)
        let expiry = try #require(JAdESSampleTests.step(a, .expiry))
        #expect(expiry.status == .error && expiry.detail.contains("not valid at the signing time"), "\(expiry.detail)")
    }
}
