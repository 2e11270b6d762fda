import Crypto
import ParityCore
import SwiftASN1
import Synchronization
import X509

/// Certificates parsed once per process: the credentials of one issuer carry the same seal,
/// CA and timestamp authority certificates again and again, and parsing them (swift-certificates)
/// is a large part of checking a seal. Keyed by the SHA-256 of the DER, so a different byte is
/// a different certificate; bounded (emptied when full), so hostile input cannot grow it. The names a certificate's signer is shown with, and whether a key signed a
/// certificate, are kept the same way.
final class CertificateCache: Sendable {
    static let shared = CertificateCache(limit: 4096)

    private let entries = Mutex<[SHA256Digest: Certificate]>([:])
    private let signers = Mutex<[SHA256Digest: Authenticity.Signer]>([:])
    private let links = Mutex<[Link: Bool]>([:])
    private let limit: Int

    /// A certificate's signature and the key it is checked with: the same answer every time.
    private struct Link: Hashable {
        var signed: SHA256Digest
        var signature: Certificate.Signature
        var key: Certificate.PublicKey
    }

    init(limit: Int) { self.limit = limit }

    /// The certificate `der` encodes, or nil when it is not one.
    func certificate(_ der: ArraySlice<UInt8>) -> Certificate? {
        let key = SHA256.hash(data: der)
        if let known = entries.withLock({ $0[key] }) { return known }
        guard let parsed = try? Certificate(derEncoded: Array(der)) else { return nil }
        entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = parsed
        }
        return parsed
    }

    /// Whom `certificate` names, who issued it, its serial: made once per certificate.
    func signer(_ certificate: Certificate) -> Authenticity.Signer {
        let key = SHA256.hash(data: certificate.tbsCertificateBytes)
        if let known = signers.withLock({ $0[key] }) { return known }
        let made = Authenticity.Signer(describing: certificate)
        signers.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = made
        }
        return made
    }

    func certificate(_ der: [UInt8]) -> Certificate? { certificate(der[...]) }

    /// Whether `key` made `certificate`'s signature (swift-certificates), checked once per pair.
    func signed(_ certificate: Certificate, with key: Certificate.PublicKey) -> Bool {
        let link = Link(
            signed: SHA256.hash(data: certificate.tbsCertificateBytes), signature: certificate.signature, key: key)
        if let known = links.withLock({ $0[link] }) { return known }
        let valid = key.isValidSignature(certificate.signature, for: certificate)
        links.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[link] = valid
        }
        return valid
    }
}
