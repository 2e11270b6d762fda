import Crypto
public import Foundation
public import ParityCore
public import ParityXML
import SwiftASN1
import X509

/// Verifies the signature of an XML credential, offline: XAdES (ELM v2 / EDCI, enveloped) and
/// plain XML-DSig (EMREX ELMO). libxmlsec1 checks every reference digest and the signature
/// value (`XMLSignatureCheck`); this adds what XAdES requires beyond XML-DSig: the
/// SignedProperties are signed, SigningCertificate(V2) names the certificate whose key made
/// the signature, SigningTime is when the certificate was valid, and the SignatureTimeStamp
/// covers the SignatureValue.
public enum XMLSealVerifier {
    static let xadesNamespace = "http://uri.etsi.org/01903/v1.3.2#"

    /// nil when the document carries no `ds:Signature`.
    public static func verify(
        _ bytes: [UInt8], tree: XMLTree, now: Date = Date(), trust: TrustStore? = nil
    ) -> Authenticity? {
        let check = XMLSignatureCheck.verify(bytes)
        let properties = tree.root.first("SignedProperties")
        let kind = properties == nil ? "XML-DSig" : "XAdES"
        switch check.status {
        case .unsigned: return nil
        case .unreadable(let why):
            return JAdESVerifier.failedFormat("the \(kind) signature cannot be processed: \(why)")
        case .intact, .broken: break
        }
        var steps: [Authenticity.Step] = []
        var format = "\(kind), \(check.references.count) reference(s)"
        if check.signatures > 1 { format += "; only the first of its \(check.signatures) signatures is checked" }
        // A broken seal stops libxmlsec1 at the first reference that fails: the list is then partial.
        if let properties, check.status == .intact {
            let id = properties.attribute("Id").map { "#" + $0 }
            guard
                check.references.contains(where: {
                    $0.type == XMLSignatureCheck.signedPropertiesType || ($0.uri == id && id != nil)
                })
            else {
                steps.append(
                    Authenticity.Step(.format, .error, "the XAdES SignedProperties are not among the signed references")
                )
                return Authenticity(verdict: .failed, steps: steps)
            }
        }
        steps.append(Authenticity.Step(.format, .ok, format))
        guard let der = check.signer, let certificate = try? Certificate(derEncoded: der) else {
            steps.append(seal(check, kind: kind))
            steps.append(Authenticity.Step(.chain, .skipped, "the signature does not carry its signer's certificate"))
            return Authenticity(verdict: Authenticity.verdict(of: steps, inconclusive: [.signingTime]), steps: steps)
        }
        var sealStep = seal(check, kind: kind)
        if sealStep.status == .ok, let properties, let mismatch = SigningCertificate.mismatch(properties, der) {
            sealStep = Authenticity.Step(.seal, .error, mismatch)
        }
        steps.append(sealStep)
        let claimed = properties?.first("SigningTime")?.text
        let time = timestamps(tree.root.first("QualifyingProperties"), check: check, trust: trust, now: now)
        // The best signing time: one a trusted signature timestamp proves, else the one claimed.
        let signingTime = time.proven?.time ?? claimed
        steps.append(Validity.expiry(certificate, claimed: signingTime, now: now))
        steps.append(time.step(claimed: claimed))
        var trusted: (steps: [Authenticity.Step], anchor: Authenticity.TrustAnchor?)
        if kind == "XML-DSig", let vouched = EMREXRegistry.vouch(for: certificate, in: trust?.emrex ?? []) {
            steps.removeAll { $0.step == .signingTime }
            trusted = (vouched.steps, vouched.anchor)
        } else {
            trusted = trustSteps(
                certificate, kind: kind, tree: tree, signingTime: signingTime, proven: time.proven != nil,
                trust: trust, now: now)
        }
        steps += trusted.steps
        return Authenticity(
            verdict: Authenticity.verdict(of: steps, inconclusive: [.signingTime]), steps: steps,
            signer: Authenticity.Signer(certificate), signedAt: claimed, trustAnchor: trusted.anchor)
    }

    /// The chain (XAdES: to a qualified CA of the imported lists; an ELMO's signer is EMREX's
    /// to vouch for) and revocation, both at the best signing time.
    private static func trustSteps(
        _ certificate: Certificate, kind: String, tree: XMLTree, signingTime: String?, proven: Bool,
        trust: TrustStore?, now: Date
    ) -> (steps: [Authenticity.Step], anchor: Authenticity.TrustAnchor?) {
        // Parsed at most once, and only when the chain or revocation needs them.
        var parsed: [Certificate]?
        func carried() -> [Certificate] {
            if let parsed { return parsed }
            let certificates =
                TrustedList.der(tree.root).compactMap { CertificateCache.shared.certificate($0) } + encapsulated(tree)
            parsed = certificates
            return certificates
        }
        var steps: [Authenticity.Step] = []
        var chain = ChainCheck.Outcome(
            step: Authenticity.Step(
                .chain, .skipped,
                trust?.emrex.isEmpty ?? true
                    ? "an ELMO's signer is trusted by its key registered with EMREX (EMREG), not by the EU lists; "
                        + "no EMREX provider keys are imported ('parity trust import --emrex EMREG.json')"
                    : "the signer's key is none of the \(trust?.emrex.count ?? 0) EMREX provider keys imported"),
            anchor: nil)
        if kind == "XAdES" {
            chain = ChainCheck.check(
                signer: certificate, carried: carried, claimed: signingTime, trust: trust, now: now)
        }
        steps.append(chain.step)
        let values = revocationValues(tree)
        steps.append(
            Revocation.step(
                signer: certificate,
                issuer: values.isEmpty ? nil : Revocation.issuer(of: certificate, chain.path, carried()),
                values: values, signingTime: signingTime, proven: proven))
        return (steps, chain.anchor)
    }

    /// XAdES RevocationValues: the OCSP responses (and CRLs) the signature carries.
    private static func revocationValues(_ tree: XMLTree) -> Revocation.Values {
        let values = tree.root.first("RevocationValues")
        var out = Revocation.Values()
        func decoded(_ list: String, _ item: String) -> [[UInt8]] {
            (values?.first(list)?.children(item) ?? []).compactMap {
                $0.text.flatMap { Data(base64Encoded: $0, options: .ignoreUnknownCharacters) }.map { Array($0) }
            }
        }
        out.ocsp = decoded("OCSPValues", "EncapsulatedOCSPValue")
        out.crls = decoded("CRLValues", "EncapsulatedCRLValue")
        return out
    }

    /// XAdES CertificateValues: the chain's certificates the signature carries.
    private static func encapsulated(_ tree: XMLTree) -> [Certificate] {
        (tree.root.first("CertificateValues")?.children("EncapsulatedX509Certificate") ?? []).compactMap {
            guard let text = $0.text, let der = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                return nil
            }
            return CertificateCache.shared.certificate(Array(der))
        }
    }

    private static func seal(_ check: XMLSignatureCheck, kind: String) -> Authenticity.Step {
        switch check.status {
        case .intact:
            return Authenticity.Step(
                .seal, .ok, "\(kind) signature intact: every reference's digest and the signature value verify")
        default:
            let changed = check.references.filter { !$0.digestMatches }.map {
                $0.uri.isEmpty ? "the document" : "'\($0.uri.prefix(60))'"
            }
            let what =
                changed.isEmpty
                ? "the signature value does not verify: the signed references (SignedInfo) were changed after sealing"
                : "\(changed.joined(separator: ", ")) does not match its signed digest: it was changed after sealing"
            return Authenticity.Step(.seal, .error, what)
        }
    }

    /// The SignatureTimeStamp(s) of the unsigned properties: each must cover the SignatureValue,
    /// canonicalised as the timestamp says (inclusive C14N 1.0 when it does not).
    private static func timestamps(
        _ qualifying: XMLNode?, check: XMLSignatureCheck, trust: TrustStore?, now: Date
    ) -> TimeEvidence {
        var evidence = TimeEvidence(trust: trust, now: now)
        for stamp in qualifying?.first("UnsignedProperties")?.first("UnsignedSignatureProperties")?.children(
            "SignatureTimeStamp") ?? []
        {
            let method = stamp.child("CanonicalizationMethod")?.attribute("Algorithm") ?? ""
            let value = method.contains("exc-c14n") ? check.signatureValue.exclusive : check.signatureValue.inclusive
            guard let text = stamp.child("EncapsulatedTimeStamp")?.text,
                let der = Data(base64Encoded: text, options: .ignoreUnknownCharacters), let value
            else {
                evidence.broken.append("SignatureTimeStamp cannot be read")
                continue
            }
            evidence.check("SignatureTimeStamp", [Array(der)], over: value, signing: true)
        }
        return evidence
    }
}

/// XAdES `SigningCertificateV2` (or `SigningCertificate`): the digest of the certificate the
/// signer says it signed with, which must be that of the certificate whose key verified.
enum SigningCertificate {
    static func mismatch(_ properties: XMLNode, _ der: [UInt8]) -> String? {
        guard
            let signing = properties.first("SigningCertificateV2") ?? properties.first("SigningCertificate"),
            let digest = signing.first("CertDigest")
        else { return "the XAdES SignedProperties name no SigningCertificate: the signer is not identified" }
        let algorithm = digest.child("DigestMethod")?.attribute("Algorithm") ?? ""
        guard let value = digest.child("DigestValue")?.text,
            let expected = Data(base64Encoded: value, options: .ignoreUnknownCharacters)
        else { return "SigningCertificate's DigestValue cannot be read" }
        let actual: [UInt8]
        switch algorithm.split(separator: "#").last ?? "" {
        case "sha1": actual = Array(Insecure.SHA1.hash(data: der))
        case "sha256": actual = Array(SHA256.hash(data: der))
        case "sha384": actual = Array(SHA384.hash(data: der))
        case "sha512": actual = Array(SHA512.hash(data: der))
        default: return "SigningCertificate's digest method '\(algorithm.prefix(80))' is not one Parity checks"
        }
        return Array(expected) == actual
            ? nil
            : "the signed SigningCertificate names another certificate than the one whose key made the signature"
    }
}
