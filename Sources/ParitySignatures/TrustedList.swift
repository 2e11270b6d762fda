public import Foundation
public import ParityXML
import SwiftASN1
public import X509

/// An ETSI TS 119 612 trusted list, as Parity uses it offline: the EU list of the lists (LOTL),
/// whose pointers name each Member State's list and the certificates that may sign it; or a
/// Member State's list (TL), whose trust services (CAs issuing qualified certificates, timestamp
/// authorities) carry their certificates and the history of their status.
public struct TrustedList: Sendable {
    public struct Pointer: Sendable {
        public var territory: String
        public var location: String
        /// DER of the certificates allowed to sign that territory's list.
        public var signers: [[UInt8]]
    }

    public struct Service: Sendable {
        public var name: String
        /// `http://uri.etsi.org/TrstSvc/Svctype/CA/QC`, `.../TSA/QTST`, ...
        public var type: String
        public var certificates: [Certificate]
        /// Each status and when it started, latest first (the current one, then the history).
        public var statuses: [(status: String, since: Date)]

        /// The status in force at `time`, if the service existed then.
        public func status(at time: Date) -> String? {
            statuses.first { $0.since <= time }?.status
        }
    }

    public var territory: String
    public var sequence: Int
    public var issued: String
    public var nextUpdate: Date?
    public var isListOfLists: Bool
    public var pointers: [Pointer]
    public var services: [Service]

    /// What the list says about its freshness at `now`.
    public func isStale(at now: Date) -> Bool { nextUpdate.map { $0 < now } ?? true }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static let statusPrefix = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/"
    /// Statuses under which a service's output counts (granted, and the pre-eIDAS words for it).
    static let inGoodStanding: Set<String> = ["granted", "undersupervision", "accredited", "supervisionincessation"]

    static func read(_ bytes: [UInt8], file: String) throws(Unreadable) -> TrustedList {
        let tree: XMLTree
        do { tree = try XMLTree(bytes: bytes, file: file) } catch {
            throw Unreadable(description: "\(file): not well-formed XML: \(error)")
        }
        let root = tree.root
        guard root.name == "TrustServiceStatusList", let scheme = root.child("SchemeInformation") else {
            throw Unreadable(
                description: "\(file): not a trusted list (expected <TrustServiceStatusList>, ETSI TS 119 612)")
        }
        guard let territory = scheme.text("SchemeTerritory"),
            let sequence = scheme.text("TSLSequenceNumber").flatMap({ Int($0) }),
            let issued = scheme.text("ListIssueDateTime")
        else {
            throw Unreadable(
                description: "\(file): SchemeInformation lacks SchemeTerritory, TSLSequenceNumber or ListIssueDateTime")
        }
        let type = scheme.text("TSLType") ?? ""
        var pointers: [Pointer] = []
        for pointer in scheme.child("PointersToOtherTSL")?.children("OtherTSLPointer") ?? [] {
            let info = pointer.child("AdditionalInformation")?.children("OtherInformation") ?? []
            guard let to = info.lazy.compactMap({ $0.text("SchemeTerritory") }).first else { continue }
            let mime = info.lazy.compactMap { $0.text("MimeType") }.first ?? ""
            guard mime.isEmpty || mime.contains("xml") else { continue }
            pointers.append(
                Pointer(
                    territory: to, location: pointer.text("TSLLocation") ?? "",
                    signers: der(pointer.child("ServiceDigitalIdentities"))))
        }
        var services: [Service] = []
        for provider in root.child("TrustServiceProviderList")?.children("TrustServiceProvider") ?? [] {
            for service in provider.child("TSPServices")?.children("TSPService") ?? [] {
                guard let information = service.child("ServiceInformation") else { continue }
                var statuses = [entry(information)].compactMap { $0 }
                for past in service.child("ServiceHistory")?.children("ServiceHistoryInstance") ?? [] {
                    if let e = entry(past) { statuses.append(e) }
                }
                services.append(
                    Service(
                        name: information.child("ServiceName")?.children("Name").first?.text ?? "",
                        type: information.text("ServiceTypeIdentifier") ?? "",
                        certificates: der(information.child("ServiceDigitalIdentity")).compactMap {
                            try? Certificate(derEncoded: $0)
                        },
                        statuses: statuses.sorted { $0.since > $1.since }))
            }
        }
        return TrustedList(
            territory: territory, sequence: sequence, issued: issued,
            nextUpdate: scheme.child("NextUpdate")?.text("dateTime").flatMap(date),
            isListOfLists: type.hasSuffix("listofthelists"),
            pointers: pointers, services: services)
    }

    private static func entry(_ node: XMLNode) -> (status: String, since: Date)? {
        guard let status = node.text("ServiceStatus"), let since = node.text("StatusStartingTime").flatMap(date) else {
            return nil
        }
        return (status.hasPrefix(statusPrefix) ? String(status.dropFirst(statusPrefix.count)) : status, since)
    }

    /// The DER of every `X509Certificate` under `node`.
    static func der(_ node: XMLNode?) -> [[UInt8]] {
        guard let node else { return [] }
        var found: [[UInt8]] = []
        func walk(_ n: XMLNode) {
            if n.name == "X509Certificate", let text = n.text,
                let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters)
            {
                found.append(Array(data))
            }
            n.children.forEach(walk)
        }
        walk(node)
        return found
    }

    static func date(_ text: String) -> Date? {
        Validity.date(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
