import Foundation
public import ParityCore
import ParityJSON
import SwiftASN1
public import X509

/// An EMREX data provider (NCP) whose key an operator pins: EMREX trusts an ELMO's XML-DSig
/// seal when it was made with the key its provider registered in the EMREX registry (EMREG),
/// not through the EU trusted lists. EMREX withdraws a key by removing it from the registry.
public struct EMREXProvider: Sendable {
    public var acronym: String
    public var country: String
    public var url: String
    public var certificate: Certificate
    /// The day the registry entry was imported (`yyyy-MM-dd`): what the seal's steps cite.
    public var imported: String

    public init(acronym: String, country: String, url: String, certificate: Certificate, imported: String) {
        self.acronym = acronym; self.country = country; self.url = url; self.certificate = certificate
        self.imported = imported
    }
}

/// Reads and writes the EMREX providers Parity keeps (`paths.state/trust/emrex.json`, in the
/// EMREG export's own shape: `{"ncps": [{"acronym", "countryCode", "url", "pubKey"}]}`, plus
/// `imported` per provider).
public enum EMREXRegistry {
    static let maximumBytes = 8 << 20

    /// The providers of an EMREG export (JSON, `ncps[].pubKey` a PEM or base64 DER certificate),
    /// or of one PEM certificate (named by its subject); `today` marks those without `imported`.
    public static func read(
        _ bytes: [UInt8], file: String, today: String
    ) throws(TrustStore.Problem)
        -> [EMREXProvider]
    {
        guard bytes.count <= maximumBytes else {
            throw TrustStore.Problem(file: file, reason: "larger than \(maximumBytes >> 20) MiB: not an EMREG export")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN CERTIFICATE-----"), !text.contains("\"ncps\"") {
            guard let certificate = try? Certificate(pemEncoded: text) else {
                throw TrustStore.Problem(file: file, reason: "its PEM certificate cannot be read")
            }
            let name = certificate.subject.description
            return [EMREXProvider(acronym: name, country: "", url: "", certificate: certificate, imported: today)]
        }
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch {
            throw TrustStore.Problem(
                file: file, reason: "neither a PEM certificate nor an EMREG export (JSON): \(error)")
        }
        guard let ncps = root["ncps"], case .array(let entries) = ncps else {
            throw TrustStore.Problem(file: file, reason: "an EMREG export has an 'ncps' array; this has none")
        }
        var providers: [EMREXProvider] = []
        for (index, entry) in entries.enumerated() {
            let at = "ncps[\(index)]"
            guard let key = entry["pubKey"]?.string, let certificate = certificate(key) else {
                throw TrustStore.Problem(
                    file: file, reason: "\(at).pubKey: expected the provider's certificate (PEM or base64 DER)")
            }
            guard let acronym = entry["acronym"]?.string, !acronym.isEmpty, acronym.count <= 200 else {
                throw TrustStore.Problem(file: file, reason: "\(at).acronym: expected the provider's name")
            }
            providers.append(
                EMREXProvider(
                    acronym: acronym, country: String((entry["countryCode"]?.string ?? "").prefix(8)),
                    url: String((entry["url"]?.string ?? "").prefix(500)), certificate: certificate,
                    imported: entry["imported"]?.string ?? today))
        }
        return providers
    }

    private static func certificate(_ text: String) -> Certificate? {
        if text.contains("-----BEGIN") { return try? Certificate(pemEncoded: text) }
        guard let der = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
        return try? Certificate(derEncoded: Array(der))
    }

    /// The providers as Parity keeps them: an EMREG-shaped export.
    public static func export(_ providers: [EMREXProvider]) -> [UInt8] {
        let ncps: [[String: String]] = providers.map {
            [
                "acronym": $0.acronym, "countryCode": $0.country, "url": $0.url,
                "pubKey": (try? $0.certificate.serializeAsPEM().pemString) ?? "", "imported": $0.imported,
            ]
        }
        let data = try? JSONSerialization.data(
            withJSONObject: ["ncps": ncps], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return Array(data ?? Data())
    }

    /// The steps of an XML-DSig seal that EMREX vouches for: its signer's key is a registered
    /// provider's (chain), the registry still lists it (revocation: EMREX withdraws a key by
    /// removing it), and no signing time is needed (EMREX trusts a registered key whenever it
    /// signed). nil when no imported provider has the signer's key.
    static func vouch(
        for signer: Certificate, in providers: [EMREXProvider]
    ) -> (
        steps: [Authenticity.Step], anchor: Authenticity.TrustAnchor
    )? {
        guard let provider = providers.first(where: { $0.certificate.publicKey == signer.publicKey }) else {
            return nil
        }
        let who = [provider.acronym, provider.country, provider.url].filter { !$0.isEmpty }.joined(separator: ", ")
        return (
            [
                Authenticity.Step(
                    .chain, .ok,
                    "the signer's key is the one registered with EMREX for \(who) (registry imported \(provider.imported))"
                ),
                Authenticity.Step(
                    .revocation, .ok,
                    "EMREX withdraws a provider's key by removing it from the registry; the registry imported \(provider.imported) lists it"
                ),
                Authenticity.Step(
                    .signingTime, .ok,
                    "not needed: EMREX trusts a registered provider's key for whatever it signed while it is registered"
                ),
            ],
            Authenticity.TrustAnchor(list: "EMREX registry", service: provider.acronym, status: "registered")
        )
    }

    /// `kept` with `added` merged in: a provider of the same acronym and URL is replaced.
    public static func merge(_ kept: [EMREXProvider], _ added: [EMREXProvider]) -> [EMREXProvider] {
        kept.filter { old in !added.contains { $0.acronym == old.acronym && $0.url == old.url } } + added
    }
}
