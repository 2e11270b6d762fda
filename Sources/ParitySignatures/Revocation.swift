import Foundation
import ParityCore
import ParityXMLSecGlue
import SwiftASN1
import X509

/// Whether the signer's certificate was revoked when it signed, from the OCSP responses and CRLs
/// the signature carries (JAdES `rVals`, XAdES RevocationValues). OpenSSL reads each and checks
/// its signature (ParityXMLSecGlue): an OCSP responder must be the signer's issuer, or a
/// certificate that issuer delegated OCSP signing to (RFC 6960 §4.2.2.2); a CRL must be the
/// issuer's own (indirect CRLs are not read) and signed with its key.
enum Revocation {
    struct Values {
        var ocsp: [[UInt8]] = []
        var crls: [[UInt8]] = []
        var isEmpty: Bool { ocsp.isEmpty && crls.isEmpty }
    }

    /// What one OCSP response or CRL says of the signer.
    struct Answer {
        enum Status { case good, revoked(Date), unknown }
        var status: Status
        var issued: Date
        var source: String
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
        let signerDER = TrustStore.der(signer), issuerDER = TrustStore.der(issuer)
        var problems: [String] = []
        let answers =
            values.ocsp.compactMap { ocsp($0, signerDER, issuerDER, issuer: issuer, problems: &problems) }
            + values.crls.compactMap { crl($0, signerDER, issuerDER, problems: &problems) }
        let judged = answers.map { judge($0, signingTime: signingTime, proven: proven) }
        if let decided = judged.first(where: { $0.status == .error }) ?? judged.first(where: { $0.status == .ok })
            ?? judged.first
        {
            return decided
        }
        let what =
            problems.isEmpty
            ? "no OCSP response or CRL it carries answers for the signer" : problems.joined(separator: "; ")
        return Authenticity.Step(.revocation, .skipped, "revocation not established: \(what)")
    }

    private static func ocsp(
        _ response: [UInt8], _ signerDER: [UInt8], _ issuerDER: [UInt8], issuer: Certificate,
        problems: inout [String]
    ) -> Answer? {
        var result = parity_ocsp_result()
        let ok = response.withUnsafeBufferPointer { r in
            signerDER.withUnsafeBufferPointer { s in
                issuerDER.withUnsafeBufferPointer { i in
                    parity_ocsp_check(r.baseAddress, r.count, s.baseAddress, s.count, i.baseAddress, i.count, &result)
                }
            }
        }
        defer { free(result.responder) }
        guard ok == 1 else { problems.append("an OCSP response: \(text(&result.error))"); return nil }
        guard result.found == 1 else { return nil }
        let responder = result.responder.flatMap {
            try? Certificate(derEncoded: Array(UnsafeBufferPointer(start: $0, count: result.responder_length)))
        }
        guard let responder, authorised(responder, for: issuer) else {
            problems.append(
                "the OCSP response answering for the signer is signed by \(responder.map { "\($0.subject)" } ?? "an unknown responder"), whom its issuer did not authorise (RFC 6960 §4.2.2.2)"
            )
            return nil
        }
        let status: Answer.Status =
            switch result.status {
            case 0: .good
            case 1: .revoked(date(result.revoked_at))
            default: .unknown
            }
        return Answer(status: status, issued: date(result.this_update), source: "the OCSP response")
    }

    private static func crl(
        _ list: [UInt8], _ signerDER: [UInt8], _ issuerDER: [UInt8], problems: inout [String]
    ) -> Answer? {
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
            source: "the CRL")
    }

    private static func judge(_ answer: Answer, signingTime: String?, proven: Bool) -> Authenticity.Step {
        let signed = signingTime.flatMap(Validity.date)
        let at = Validity.day(answer.issued)
        switch answer.status {
        case .good:
            guard let signed, answer.issued >= signed else {
                return Authenticity.Step(
                    .revocation, .skipped,
                    "\(answer.source) (\(at)) does not list it as revoked, but predates the signing time")
            }
            let says = answer.source == "the CRL" ? "does not list it" : "says good"
            return Authenticity.Step(
                .revocation, .ok, "not revoked: \(answer.source) of \(at), after the signing time, \(says)")
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
                "the signer's certificate was revoked on \(Validity.day(revoked)), before it signed (\(answer.source) of \(at))"
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
