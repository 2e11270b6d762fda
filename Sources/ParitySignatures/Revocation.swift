import Foundation
import ParityCore
import ParityXMLSecGlue
import SwiftASN1
import X509

/// Whether the signer's certificate was revoked when it signed, from the OCSP responses and CRLs
/// the signature carries (JAdES `rVals`, XAdES RevocationValues). An OCSP response is read with
/// swift-asn1 and its signature checked by swift-certificates (`OCSPResponse`); its responder
/// must be the signer's issuer, or a certificate that issuer delegated OCSP signing to (RFC
/// 6960 §4.2.2.2). A CRL is read and checked by OpenSSL (ParityXMLSecGlue; swift-certificates
/// has no CRLs): it must be the issuer's own (indirect CRLs are not read) and signed with its key.
enum Revocation {
    struct Values {
        var ocsp: [[UInt8]] = []
        var crls: [[UInt8]] = []
        var isEmpty: Bool { ocsp.isEmpty && crls.isEmpty }
    }

    /// What one OCSP response or CRL says of the signer.
    struct Answer {
        enum Status {
            case good
            case revoked(Date)
            case unknown
        }
        var status: Status
        var issued: Date
        var source: Source

        enum Source: String {
            case ocsp = "the OCSP response"
            case crl = "the CRL"
        }
    }

    static func step(
        signer: Certificate, issuer: Certificate?, values: Values, signingTime: String?, proven: Bool
    ) -> Authenticity.Step {
        guard !values.isEmpty else {
            return Authenticity.Step(
                .revocation, .skipped, "revocation not established: the signature carries no OCSP response or CRL")
        }
        guard let issuer else {
            return Authenticity.Step(
                .revocation, .skipped,
                "revocation not established: the signer's issuer is not among the certificates the signature carries, "
                    + "so its OCSP responses and CRLs cannot be matched")
        }
        // The DER OpenSSL needs for a CRL, made only if a CRL is read.
        var ders: (signer: [UInt8], issuer: [UInt8])?
        var problems: [String] = []
        // OCSP first, then CRLs, each read only until one decides: a CRL (often large) is not
        // parsed when an OCSP answer already settles it.
        var judged: [Authenticity.Step] = []
        for (index, bytes) in (values.ocsp + values.crls).enumerated() {
            let answer: Answer?
            if index < values.ocsp.count {
                answer = ocsp(bytes, signer: signer, issuer: issuer, problems: &problems)
            } else {
                let der = ders ?? (TrustStore.der(signer), TrustStore.der(issuer))
                ders = der
                answer = crl(bytes, der, problems: &problems)
            }
            guard let answer else { continue }
            let step = judge(answer, signingTime: signingTime, proven: proven)
            if step.status != .skipped { return step }
            judged.append(step)
        }
        if let first = judged.first { return first }
        let what =
            problems.isEmpty
            ? "no OCSP response or CRL it carries answers for the signer" : problems.joined(separator: "; ")
        return Authenticity.Step(.revocation, .skipped, "revocation not established: \(what)")
    }

    private static func ocsp(
        _ response: [UInt8], signer: Certificate, issuer: Certificate, problems: inout [String]
    ) -> Answer? {
        let answer: OCSPResponse.Answer
        do {
            guard let found = try OCSPResponse(response).answer(for: signer, issuer: issuer) else { return nil }
            answer = found
        } catch {
            problems.append("an OCSP response: \(error.description)")
            return nil
        }
        guard authorised(answer.responder, for: issuer) else {
            problems.append(
                "the OCSP response answering for the signer is signed by \(answer.responder.subject), whom its issuer did not authorise (RFC 6960 §4.2.2.2)"
            )
            return nil
        }
        return Answer(status: answer.status, issued: answer.thisUpdate, source: .ocsp)
    }

    private static func crl(
        _ list: [UInt8], _ der: (signer: [UInt8], issuer: [UInt8]), problems: inout [String]
    ) -> Answer? {
        let signerDER = der.signer, issuerDER = der.issuer
        var result = parity_crl_result()
        let ok = list.withUnsafeBufferPointer { l in
            signerDER.withUnsafeBufferPointer { s in
                issuerDER.withUnsafeBufferPointer { i in
                    parity_crl_check(l.baseAddress, l.count, s.baseAddress, s.count, i.baseAddress, i.count, &result)
                }
            }
        }
        guard ok == 1 else {
            if result.other_issuer == 0 { problems.append("a CRL: \(text(&result.error))") }
            return nil
        }
        return Answer(
            status: result.revoked == 1 ? .revoked(date(result.revoked_at)) : .good, issued: date(result.this_update),
            source: .crl)
    }

    private static func judge(_ answer: Answer, signingTime: String?, proven: Bool) -> Authenticity.Step {
        let signed = signingTime.flatMap(Validity.date)
        let at = Validity.day(answer.issued)
        switch answer.status {
        case .good:
            guard let signed, answer.issued >= signed else {
                return Authenticity.Step(
                    .revocation, .skipped,
                    "\(answer.source.rawValue) (\(at)) does not list it as revoked, but predates the signing time")
            }
            let says = answer.source == .crl ? "does not list it" : "says good"
            return Authenticity.Step(
                .revocation, .ok, "not revoked: \(answer.source.rawValue) of \(at), after the signing time, \(says)")
        case .revoked(let revoked):
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
                "the signer's certificate was revoked on \(Validity.day(revoked)), before it signed (\(answer.source.rawValue) of \(at))"
            )
        case .unknown:
            return Authenticity.Step(.revocation, .skipped, "the OCSP responder does not know the signer's certificate")
        }
    }

    private static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    private static func text<T>(_ buffer: inout T) -> String {
        withUnsafeBytes(of: &buffer) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The signer's issuer: the next certificate on its chain, else one the signature carries
    /// whose key signed it (a self-issued signer is its own).
    static func issuer(of signer: Certificate, _ path: [Certificate], _ carried: [Certificate]) -> Certificate? {
        if path.count > 1 { return path[1] }
        return (carried + [signer]).first {
            $0.subject == signer.issuer && CertificateCache.shared.signed(signer, with: $0.publicKey)
        }
    }

    /// The issuer itself, or a certificate it issued for OCSP signing (RFC 6960 §4.2.2.2).
    static func authorised(_ responder: Certificate, for issuer: Certificate) -> Bool {
        if responder == issuer { return true }
        guard responder.issuer == issuer.subject,
            CertificateCache.shared.signed(responder, with: issuer.publicKey),
            let usage = try? responder.extensions.extendedKeyUsage
        else { return false }
        return usage.contains(.ocspSigning)
    }
}
