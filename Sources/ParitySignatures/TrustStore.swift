public import Foundation
import SwiftASN1
public import X509

/// The trust material an operator imports (`parity trust import`) and Parity uses offline: the
/// EU's LOTL signing certificates, pinned (published in the Official Journal); the LOTL, whose
/// signature must be by one of them; and Member State lists, each signed by a certificate the
/// LOTL names for its territory. Kept under `paths.state/trust/` (`pinned/`, `lotl.xml`,
/// `tl/<territory>.xml`); every list's signature is checked again when it is loaded. Beside
/// them, the EMREX providers' keys (`emrex.json`), which vouch for ELMO seals.
public struct TrustStore: Sendable {
    public var pinned: [Certificate]
    public var lotl: TrustedList?
    public var lists: [TrustedList]
    public var emrex: [EMREXProvider]

    public init(
        pinned: [Certificate] = [], lotl: TrustedList? = nil, lists: [TrustedList] = [], emrex: [EMREXProvider] = []
    ) {
        self.pinned = pinned; self.lotl = lotl; self.lists = lists; self.emrex = emrex
    }

    public var isEmpty: Bool { lists.isEmpty }

    /// A list that cannot be trusted or read: which file, and why.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// Checks `bytes` as a list to add: a LOTL signed by a pinned certificate, or a Member
    /// State list signed by a certificate the LOTL names for its territory. Returns the list.
    public func check(_ bytes: [UInt8], file: String) throws(Problem) -> TrustedList {
        let list: TrustedList
        do { list = try TrustedList.read(bytes, file: file) } catch {
            throw Problem(file: file, reason: error.description)
        }
        let signature = XMLSignatureCheck.verify(bytes)
        guard case .intact = signature.status, let signer = signature.signer else {
            throw Problem(
                file: file,
                reason: "its XML signature does not verify (\(signature.status)): the list was changed or is not signed"
            )
        }
        if list.isListOfLists {
            guard !pinned.isEmpty else {
                throw Problem(
                    file: file,
                    reason:
                        "no LOTL signing certificates are pinned: give the ones the EU published (OJEU) with --pinned")
            }
            guard pinned.contains(where: { Self.der($0) == signer }) else {
                throw Problem(
                    file: file,
                    reason: "it is not signed by one of the \(pinned.count) pinned LOTL signing certificates")
            }
            return list
        }
        guard let lotl else {
            throw Problem(file: file, reason: "import the LOTL first: it names who may sign the \(list.territory) list")
        }
        let allowed = lotl.pointers.filter { $0.territory == list.territory }.flatMap(\.signers)
        guard !allowed.isEmpty else {
            throw Problem(
                file: file, reason: "the LOTL (sequence \(lotl.sequence)) has no pointer to a list of \(list.territory)"
            )
        }
        guard allowed.contains(signer) else {
            throw Problem(
                file: file, reason: "it is not signed by a certificate the LOTL names for \(list.territory)")
        }
        return list
    }

    static func der(_ certificate: Certificate) -> [UInt8] {
        var serializer = DER.Serializer()
        try? serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    // MARK: The directory

    /// Loads `directory` (`paths.state/trust`), checking every list again; an absent directory is an empty store.
    public static func load(_ directory: String) throws(Problem) -> TrustStore {
        var store = TrustStore()
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: directory + "/pinned")) ?? []).sorted() {
            let path = directory + "/pinned/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            do { store.pinned.append(try Certificate(pemEncoded: text)) } catch {
                throw Problem(file: path, reason: "not a PEM certificate: \(error)")
            }
        }
        let lotlPath = directory + "/lotl.xml"
        if let data = fm.contents(atPath: lotlPath) { store.lotl = try store.check(Array(data), file: lotlPath) }
        for name in ((try? fm.contentsOfDirectory(atPath: directory + "/tl")) ?? []).sorted()
        where name.hasSuffix(".xml") {
            let path = directory + "/tl/" + name
            guard let data = fm.contents(atPath: path) else { continue }
            store.lists.append(try store.check(Array(data), file: path))
        }
        let emrexPath = directory + "/emrex.json"
        if let data = fm.contents(atPath: emrexPath) {
            store.emrex = try EMREXRegistry.read(Array(data), file: emrexPath, today: "unknown")
        }
        return store
    }
}
