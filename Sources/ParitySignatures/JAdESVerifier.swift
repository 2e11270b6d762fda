import Crypto
public import Foundation
public import ParityCore
public import ParityJSON
import SwiftASN1
import X509

/// Verifies the JAdES seal of a European Digital Credential (ELM v3 JSON-LD), offline: the
/// form of the JWS and its critical headers, the signature over `ASCII(protected) "." payload`
/// with the key of the signer's certificate (`x5c[0]`, which `x5t#S256` must name), the
/// certificate's validity at the signing time, and what the timestamps cover. What cannot be
/// established offline with what Parity holds is a step `skipped` with its reason, never `ok`.
public enum JAdESVerifier {
    /// What a JAdES document gives: its authenticity, and its payload (the credential) when the
    /// form allowed reading it, so that even a failed document can be shown for what it says.
    public struct Result: Sendable {
        public var authenticity: Authenticity
        public var payload: [UInt8]?
    }

    /// nil when `bytes` is no JWS at all (a plain JSON-LD credential).
    public static func verify(_ bytes: [UInt8], now: Date = Date(), trust: TrustStore? = nil) -> Result? {
        verify(now: now, trust: trust) { () throws(JWS.FormatError) in try JWS.read(bytes) }
    }

    /// The same for a JSON document already parsed (a reader that has parsed it once need not
    /// again): nil when it is no JWS.
    public static func verify(_ root: JSONValue, now: Date = Date(), trust: TrustStore? = nil) -> Result? {
        verify(now: now, trust: trust) { () throws(JWS.FormatError) in try JWS.read(root) }
    }

    private static func verify(
        now: Date, trust: TrustStore?, _ read: () throws(JWS.FormatError) -> JWS?
    ) -> Result? {
        let jws: JWS
        do {
            guard let parsed = try read() else { return nil }
            jws = parsed
        } catch {
            return Result(authenticity: failedFormat(error.description), payload: nil)
        }
        var results: [Result] = []
        for signature in jws.signatures {
            results.append(verify(signature, of: jws, now: now, trust: trust))
        }
        return results.first { $0.authenticity.verdict == .failed } ?? results[0]
    }

    static func failedFormat(_ detail: String) -> Authenticity {
        Authenticity(verdict: .failed, steps: [Authenticity.Step(.format, .error, detail)])
    }

    private static func verify(_ signature: JWS.Signature, of jws: JWS, now: Date, trust: TrustStore?) -> Result {
        let at = signature.path.isEmpty ? "" : signature.path + ": "
        let header: JAdESHeader
        do { header = try JAdESHeader.read(signature.protected) } catch {
            return Result(authenticity: failedFormat(at + error.description), payload: nil)
        }
        let payload = header.unencodedPayload ? Array(jws.payload.utf8) : Base64.decodeURL(jws.payload)
        guard let payload else {
            return Result(
                authenticity: failedFormat(at + "payload: not base64url, as b64 (absent: true) requires"), payload: nil)
        }
        guard SignatureAlgorithm.names.contains(header.algorithm) else {
            let detail =
                "\(at)alg '\(header.algorithm.prefix(20))' is not a signature algorithm for a seal (expected one of \(SignatureAlgorithm.names.sorted().joined(separator: ", ")))"
            return Result(authenticity: failedFormat(detail), payload: payload)
        }
        var steps = [
            Authenticity.Step(
                .format, .ok,
                "JAdES, \(jws.serialisation) serialisation, \(header.algorithm)\(header.unencodedPayload ? ", unencoded payload (b64: false)" : "")"
            )
        ]
        let seal = Seal.check(signature, header: header, payload: jws.payload, at: at)
        steps.append(seal.step)
        guard let certificate = seal.certificate else {
            steps.append(Authenticity.Step(.chain, .skipped, "no signer's certificate to build a chain from"))
            return Result(authenticity: authenticity(steps, header: header, signer: nil), payload: payload)
        }
        // `etsiU` read once for the timestamps, the carried certificates and the revocation values.
        let unsigned = SigningTime.unsigned(signature.header)
        // The best signing time: one a trusted signature timestamp proves, else the one claimed.
        let time = SigningTime.evidence(
            signature, unsigned: unsigned, header: header, payload: Array(jws.payload.utf8), trust: trust, now: now)
        let best = time.proven?.time ?? header.claimedSigningTime
        steps.append(Validity.expiry(certificate, claimed: best, now: now))
        steps.append(time.step(claimed: header.claimedSigningTime, at: at))
        // Parsed at most once, and only when the chain or revocation needs them.
        var parsed: [Certificate]?
        func carriedCertificates() -> [Certificate] {
            if let parsed { return parsed }
            let certificates = carried(header, unsigned)
            parsed = certificates
            return certificates
        }
        let chain = ChainCheck.check(
            signer: certificate, carried: carriedCertificates, claimed: best, trust: trust, now: now)
        steps.append(chain.step)
        let values = revocationValues(unsigned)
        steps.append(
            Revocation.step(
                signer: certificate,
                issuer: values.isEmpty
                    ? nil : Revocation.issuer(of: certificate, chain.path, carriedCertificates()),
                values: values, signingTime: best, proven: time.proven != nil))
        var sealed = authenticity(steps, header: header, signer: certificate)
        sealed.trustAnchor = chain.anchor
        return Result(authenticity: sealed, payload: payload)
    }

    /// `rVals` in the unsigned header: OCSP responses and CRLs, as the signer's issuer or its
    /// responder gave them.
    private static func revocationValues(_ unsigned: [JSONValue]) -> Revocation.Values {
        var values = Revocation.Values()
        for entry in unsigned {
            guard let rVals = entry["rVals"] else { continue }
            for item in rVals["ocspVals"]?.list ?? [] {
                if let text = item["val"]?.string, let der = Base64.decode(text) { values.ocsp.append(der) }
            }
            for item in rVals["crlVals"]?.list ?? [] {
                if let text = item["val"]?.string, let der = Base64.decode(text) { values.crls.append(der) }
            }
        }
        return values
    }

    /// The certificates the signature carries besides the signer's: the rest of `x5c`, and
    /// `xVals` in the unsigned header.
    private static func carried(_ header: JAdESHeader, _ unsigned: [JSONValue]) -> [Certificate] {
        var der = Array(header.certificates.dropFirst())
        for entry in unsigned {
            guard case .array(let values) = entry["xVals"] ?? .null else { continue }
            for value in values {
                if let text = value["x509Cert"]?["val"]?.string, let bytes = Base64.decode(text) { der.append(bytes) }
            }
        }
        return der.compactMap { CertificateCache.shared.certificate($0) }
    }

    private static func authenticity(
        _ steps: [Authenticity.Step], header: JAdESHeader, signer: Certificate?
    ) -> Authenticity {
        Authenticity(
            verdict: Authenticity.verdict(of: steps, inconclusive: [.signingTime]), steps: steps,
            signer: signer.map { Authenticity.Signer($0) },
            signedAt: header.claimedSigningTime)
    }
}

/// The seal proper: the signer's certificate, `x5t#S256`, and the signature value.
enum Seal {
    struct Checked {
        var step: Authenticity.Step
        var certificate: Certificate?
    }

    static func check(_ signature: JWS.Signature, header: JAdESHeader, payload: String, at: String) -> Checked {
        guard let der = header.certificates.first else {
            return Checked(
                step: Authenticity.Step(
                    .seal, .skipped,
                    at + "the signature does not carry its signer's certificate (x5c): it cannot be checked"),
                certificate: nil)
        }
        let certificate: Certificate
        if let known = CertificateCache.shared.certificate(der) {
            certificate = known
        } else {
            do { certificate = try Certificate(derEncoded: der) } catch {
                return Checked(
                    step: Authenticity.Step(.seal, .error, at + "x5c[0] is not an X.509 certificate: \(error)"),
                    certificate: nil)
            }
        }
        if let digest = header.certificateDigest,
            digest != Base64.encodeURL(Array(SHA256.hash(data: der)))
        {
            return Checked(
                step: Authenticity.Step(
                    .seal, .error, at + "x5t#S256 does not name the certificate in x5c[0]: the signer is not identified"
                ),
                certificate: certificate)
        }
        guard let value = Base64.decodeURL(signature.signature) else {
            return Checked(
                step: Authenticity.Step(.seal, .error, at + "the signature value is not base64url"),
                certificate: certificate)
        }
        let input = Array(signature.protected.utf8) + [UInt8(ascii: ".")] + Array(payload.utf8)
        switch SignatureAlgorithm.verify(header.algorithm, signature: value, input: input, key: certificate.publicKey) {
        case .valid:
            return Checked(
                step: Authenticity.Step(
                    .seal, .ok, "\(header.algorithm) signature intact over the protected header and the payload"),
                certificate: certificate)
        case .invalid:
            return Checked(
                step: Authenticity.Step(
                    .seal, .error,
                    at
                        + "the \(header.algorithm) signature does not verify: the payload or the protected header was changed after sealing"
                ), certificate: certificate)
        case .unusableKey(let why):
            return Checked(step: Authenticity.Step(.seal, .error, at + why), certificate: certificate)
        }
    }
}
