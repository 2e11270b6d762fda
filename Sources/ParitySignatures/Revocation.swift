import Foundation
import ParityCore
import ParityXMLSecGlue
import SwiftASN1
import X509

/// Whether the signer's certificate was revoked when it signed, from the OCSP responses the
/// signature carries (JAdES `rVals`, XAdES RevocationValues): OpenSSL reads each response and
/// checks its signature (ParityXMLSecGlue); the responder must be the signer's issuer, or a
/// certificate that issuer delegated OCSP signing to. CRLs are not read yet (swift-certificates
/// has no CRL support), and the step says so when they are all there is.
enum Revocation {
    struct Values {
        var ocsp: [[UInt8]] = []
        var crls = 0
    }

    static func step(
        signer: Certificate, issuer: Certificate?, values: Values, signingTime: String?, proven: Bool
    ) -> Authenticity.Step {
        let crl = values.crls > 0 ? "; its \(values.crls) CRL(s) are not read (no CRL support yet)" : ""
        guard !values.ocsp.isEmpty else {
            return Authenticity.Step(
                .revocation, .skipped, "revocation not established: the signature carries no OCSP response\(crl)")
        }
        guard let issuer else {
            return Authenticity.Step(
                .revocation, .skipped,
                "revocation not established: the signer's issuer is not among the certificates the signature carries, "
                    + "so its OCSP responses cannot be matched\(crl)")
        }
        let signerDER = TrustStore.der(signer), issuerDER = TrustStore.der(issuer)
        var problems: [String] = []
        for response in values.ocsp {
            var result = parity_ocsp_result()
            let ok = response.withUnsafeBufferPointer { r in
                signerDER.withUnsafeBufferPointer { s in
                    issuerDER.withUnsafeBufferPointer { i in
                        parity_ocsp_check(
                            r.baseAddress, r.count, s.baseAddress, s.count, i.baseAddress, i.count, &result)
                    }
                }
            }
            defer { free(result.responder) }
            let error = withUnsafeBytes(of: &result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard ok == 1 else { problems.append("an OCSP response: \(error)"); continue }
            guard result.found == 1 else { continue }
            let responder = result.responder.flatMap {
                try? Certificate(derEncoded: Array(UnsafeBufferPointer(start: $0, count: result.responder_length)))
            }
            guard let responder, authorised(responder, for: issuer) else {
                problems.append(
                    "the OCSP response answering for the signer is signed by \(responder.map { "\($0.subject)" } ?? "an unknown responder"), whom its issuer did not authorise (RFC 6960 §4.2.2.2)"
                )
                continue
            }
            return judge(result, signingTime: signingTime, proven: proven)
        }
        let what =
            problems.isEmpty ? "no OCSP response it carries answers for the signer" : problems.joined(separator: "; ")
        return Authenticity.Step(.revocation, .skipped, "revocation not established: \(what)\(crl)")
    }

    private static func judge(_ r: parity_ocsp_result, signingTime: String?, proven: Bool) -> Authenticity.Step {
        let checked = Date(timeIntervalSince1970: TimeInterval(r.this_update))
        let signed = signingTime.flatMap(Validity.date)
        let at = Validity.day(checked)
        switch r.status {
        case 0:
            guard let signed, checked >= signed else {
                return Authenticity.Step(
                    .revocation, .skipped, "the OCSP response (\(at)) says good, but predates the signing time")
            }
            return Authenticity.Step(
                .revocation, .ok, "not revoked: the OCSP response of \(at), after the signing time, says good")
        case 1:
            let revoked = Date(timeIntervalSince1970: TimeInterval(r.revoked_at))
            if let signed, revoked > signed {
                return proven
                    ? Authenticity.Step(
                        .revocation, .ok, "revoked on \(Validity.day(revoked)), after the proven signing time")
                    : Authenticity.Step(
                        .revocation, .skipped,
                        "revoked on \(Validity.day(revoked)), after the claimed signing time, which nothing proves")
            }
            return Authenticity.Step(
                .revocation, .error,
                "the signer's certificate was revoked on \(Validity.day(revoked)), before it signed")
        default:
            return Authenticity.Step(.revocation, .skipped, "the OCSP responder does not know the signer's certificate")
        }
    }

    /// The signer's issuer: the next certificate on its chain, else one the signature carries
    /// whose key signed it (a self-issued signer is its own).
    static func issuer(of signer: Certificate, _ path: [Certificate], _ carried: [Certificate]) -> Certificate? {
        if path.count > 1 { return path[1] }
        return (carried + [signer]).first {
            $0.subject == signer.issuer && $0.publicKey.isValidSignature(signer.signature, for: signer)
        }
    }

    /// The issuer itself, or a certificate it issued for OCSP signing (RFC 6960 §4.2.2.2).
    static func authorised(_ responder: Certificate, for issuer: Certificate) -> Bool {
        if responder == issuer { return true }
        guard responder.issuer == issuer.subject,
            issuer.publicKey.isValidSignature(responder.signature, for: responder),
            let usage = try? responder.extensions.extendedKeyUsage
        else { return false }
        return usage.contains(.ocspSigning)
    }
}
