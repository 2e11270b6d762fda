import Foundation
import ParityCore
import SwiftASN1
import X509

/// Whether the signer's certificate chains to a qualified CA of an imported trusted list, at
/// the signing time: a path from the signer through the certificates the signature carries to
/// a certificate a list names for a `CA/QC` service, each link's signature checked by
/// swift-certificates, every certificate valid and every issuer a CA at that time, and the
/// service in good standing then by its status history.
///
/// swift-certificates' RFC 5280 `Verifier` is asynchronous and the document layer is not, so
/// the path is built here from the library's signature checks; name constraints and
/// certificate policies are not checked (the step says so).
enum ChainCheck {
    static let caQC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
    static let qualifiedTimestamps = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"

    struct Outcome {
        var step: Authenticity.Step
        var anchor: Authenticity.TrustAnchor?
        /// The path found, signer first (empty when none).
        var path: [Certificate] = []
    }

    static func check(
        signer: Certificate, carried: () -> [Certificate], claimed: String?, trust: TrustStore?, now: Date,
        service serviceType: String = caQC
    ) -> Outcome {
        let role = serviceType == caQC ? "a qualified seal creator" : "a qualified timestamp authority"
        let kind = serviceType == caQC ? "qualified CA" : "qualified timestamp service"
        guard let trust, !trust.isEmpty else {
            return Outcome(
                step: Authenticity.Step(
                    .chain, .skipped,
                    "the chain to a trusted list was not checked: no trusted lists are imported (parity trust import), "
                        + "so the signer (issued by \(signer.issuer)) cannot be established as \(role)"
                ),
                anchor: nil)
        }
        let time = claimed.flatMap(Validity.date) ?? now
        let when = claimed == nil ? "now" : "at the signing time \(claimed ?? "")"
        var anchors: [(certificate: Certificate, service: TrustedList.Service, list: TrustedList)] = []
        for list in trust.lists {
            for service in list.services where service.type == serviceType {
                for certificate in service.certificates { anchors.append((certificate, service, list)) }
            }
        }
        let territories = trust.lists.map(\.territory).joined(separator: ", ")
        guard let path = path(from: signer, anchors: anchors.map(\.certificate), carried: carried()) else {
            return Outcome(
                step: Authenticity.Step(
                    .chain, .skipped,
                    "the signer's chain reaches no \(kind) of the imported trusted lists (\(territories)): "
                        + "the signer is not established as \(role)"),
                anchor: nil)
        }
        for certificate in path where !(certificate.notValidBefore <= time && time <= certificate.notValidAfter) {
            return Outcome(
                step: Authenticity.Step(
                    .chain, .error, "\(certificate.subject) on the signer's chain was not valid \(when)"),
                anchor: nil)
        }
        for issuer in path.dropFirst() {
            if let constraints = try? issuer.extensions.basicConstraints, case .notCertificateAuthority = constraints {
                return Outcome(
                    step: Authenticity.Step(.chain, .error, "\(issuer.subject) issued a certificate but is not a CA"),
                    anchor: nil)
            }
        }
        // `path` ends at an anchor by construction.
        guard let top = path.last, let found = anchors.first(where: { $0.certificate == top }) else {
            return Outcome(
                step: Authenticity.Step(.chain, .skipped, "the chain's last certificate is on no imported list"),
                anchor: nil)
        }
        let status = found.service.status(at: time) ?? "not yet listed"
        let anchor = Authenticity.TrustAnchor(
            list: "\(found.list.territory) trusted list, sequence \(found.list.sequence)", service: found.service.name,
            status: status)
        let stale =
            found.list.isStale(at: now)
            ? "; the list is past its NextUpdate (\(found.list.nextUpdate.map(Validity.day) ?? "none")): it may be out of date"
            : ""
        let limits = "; name constraints and certificate policies not checked"
        guard TrustedList.inGoodStanding.contains(status) else {
            return Outcome(
                step: Authenticity.Step(
                    .chain, .skipped,
                    "the chain reaches '\(found.service.name)' (\(found.list.territory)), whose status \(when) was \(status)\(stale)"
                ),
                anchor: anchor)
        }
        return Outcome(
            step: Authenticity.Step(
                .chain, .ok,
                "\(path.count) certificate(s) to '\(found.service.name)' in the \(found.list.territory) trusted list, "
                    + "\(status) \(when)\(stale)\(limits)"),
            anchor: anchor, path: path)
    }

    /// The shortest path from `certificate` up to an anchor, each link's signature checked.
    static func path(from certificate: Certificate, anchors: [Certificate], carried: [Certificate]) -> [Certificate]? {
        var queue: [[Certificate]] = [[certificate]]
        while !queue.isEmpty {
            let path = queue.removeFirst()
            guard let last = path.last, path.count <= 8 else { continue }
            if anchors.contains(last) { return path }
            for issuer in anchors + carried
            where issuer.subject == last.issuer && !path.contains(issuer)
                && CertificateCache.shared.signed(last, with: issuer.publicKey)
            {
                queue.append(path + [issuer])
            }
        }
        return nil
    }
}

extension Authenticity.Signer {
    /// Whom a certificate names, who issued it, and its serial number in hex (made once per
    /// certificate: `CertificateCache`).
    init(_ certificate: Certificate) { self = CertificateCache.shared.signer(certificate) }

    init(describing certificate: Certificate) {
        self.init(
            subject: "\(certificate.subject)", issuer: "\(certificate.issuer)",
            serial: certificate.serialNumber.bytes.map { String(format: "%02x", $0) }.joined())
    }
}
