import ArgumentParser
import Foundation
import ParityService
import ParitySignatures
import SwiftASN1
import X509

/// `parity trust`: the trusted lists a seal's signer is checked against, offline (DESIGN.md
/// §8c): the EU LOTL, checked against the LOTL signing certificates the EU publishes in the
/// Official Journal (pinned here), and Member State lists, each checked against the
/// certificates the LOTL names for it; and the EMREX providers' keys, which vouch for ELMO
/// seals. Kept under `paths.state/trust`.
struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract:
            "The EU trusted lists and EMREX provider keys that seals of credentials are checked against (under paths.state/trust).",
        subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check and keep a LOTL and Member State trusted lists (ETSI TS 119 612 XML), and EMREX provider keys.",
            discussion: """
                The LOTL is kept only if it is signed by one of the pinned LOTL signing certificates (--pinned, PEM files
                as the EU publishes them in the Official Journal; pinned once, kept). A Member State list is kept only if it
                is signed by a certificate the LOTL names for its territory, so import the LOTL first (or in the same
                command: lists of lists are checked first). A list older than the one kept (by sequence number) is refused.
                EMREX provider keys (--emrex: an EMREG export, JSON with 'ncps', or a provider's PEM certificate) vouch
                for ELMO seals instead of the EU lists; a provider of the same acronym and URL is replaced. parityd reads
                all of it at start and at SIGHUP.
                """)
        @Option(name: .long, parsing: .upToNextOption, help: "LOTL signing certificates to pin (PEM).")
        var pinned: [String] = []
        @Option(
            name: .long, parsing: .upToNextOption, help: "EMREX provider keys: an EMREG export (JSON) or PEM files.")
        var emrex: [String] = []
        @Argument(help: "The trusted list files (XML).") var files: [String] = []
        @OptionGroup var options: ConfigOptions

        /// Reads the EMREX providers of `emrex` and keeps them with those already kept.
        func importEMREX(into store: inout TrustStore, directory: String) throws {
            guard !emrex.isEmpty else { return }
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            var added: [EMREXProvider] = []
            for file in emrex {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw Failure(lines: ["\(file): cannot be read"], code: 66)
                }
                do { added += try EMREXRegistry.read(Array(data), file: file, today: today) } catch {
                    throw Failure(lines: [error.description], code: 65)
                }
            }
            store.emrex = EMREXRegistry.merge(store.emrex, added)
            try Data(EMREXRegistry.export(store.emrex)).write(
                to: URL(fileURLWithPath: directory + "/emrex.json"), options: .atomic)
            for provider in added { say("kept EMREX provider \(provider.acronym): \(provider.certificate.subject)") }
        }

        func run() async throws {
            try reporting {
                let directory = try options.load().trustDirectory
                var store = try loaded(directory)
                let fm = FileManager.default
                try fm.createDirectory(atPath: directory + "/tl", withIntermediateDirectories: true)
                try fm.createDirectory(atPath: directory + "/pinned", withIntermediateDirectories: true)
                for file in pinned {
                    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                        let certificate = try? Certificate(pemEncoded: text)
                    else { throw Failure(lines: ["\(file): not a PEM certificate"], code: 65) }
                    let name = (file as NSString).lastPathComponent
                    try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/pinned/" + name), options: .atomic)
                    store.pinned.append(certificate)
                    say("pinned \(name): \(certificate.subject)")
                }
                try importEMREX(into: &store, directory: directory)
                var read: [(file: String, bytes: [UInt8])] = []
                for file in files {
                    guard let data = fm.contents(atPath: file) else {
                        throw Failure(lines: ["\(file): cannot be read"], code: 66)
                    }
                    read.append((file, Array(data)))
                }
                // Lists of lists first: they name who may sign the others.
                func isLOTL(_ item: (file: String, bytes: [UInt8])) -> Bool {
                    String(decoding: item.bytes.prefix(4096), as: UTF8.self).contains("listofthelists")
                }
                read = read.filter(isLOTL) + read.filter { !isLOTL($0) }
                var problems: [String] = []
                for (file, bytes) in read {
                    do {
                        let list = try store.check(bytes, file: file)
                        let kept =
                            list.isListOfLists ? store.lotl : store.lists.first { $0.territory == list.territory }
                        if let kept, kept.sequence > list.sequence {
                            problems.append(
                                "\(file): sequence \(list.sequence) is older than the kept \(kept.sequence)")
                            continue
                        }
                        let target =
                            list.isListOfLists ? directory + "/lotl.xml" : directory + "/tl/\(list.territory).xml"
                        try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
                        if list.isListOfLists {
                            store.lotl = list
                        } else {
                            store.lists.removeAll { $0.territory == list.territory }
                            store.lists.append(list)
                        }
                        say("kept \(file) as \(target): \(summary(list))")
                    } catch {
                        problems.append("\(error)")
                    }
                }
                if !problems.isEmpty { throw Failure(lines: problems, code: 1) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The trusted lists kept, with their freshness.")
        @Flag(help: "Print the lists as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Entry: Encodable {
            var territory: String; var kind: String; var sequence: Int; var issued: String; var nextUpdate: String?
            var stale: Bool; var services: Int; var name: String? = nil
        }

        func run() async throws {
            try reporting {
                let store = try loaded(try options.load().trustDirectory)
                let entries = ([store.lotl].compactMap { $0 } + store.lists).map {
                    Entry(
                        territory: $0.territory, kind: $0.isListOfLists ? "LOTL" : "TL", sequence: $0.sequence,
                        issued: $0.issued, nextUpdate: $0.nextUpdate.map { ISO8601DateFormatter().string(from: $0) },
                        stale: $0.isStale(at: Date()), services: $0.services.count)
                }
                let providers = store.emrex.map {
                    Entry(
                        territory: $0.country, kind: "EMREX", sequence: 0, issued: $0.imported, nextUpdate: nil,
                        stale: false, services: 1, name: $0.acronym)
                }
                if json { printJSON(entries + providers); return }
                say(
                    "\(store.pinned.count) pinned LOTL signing certificate(s), \(store.emrex.count) EMREX provider key(s)"
                )
                if entries.isEmpty {
                    say("no trusted lists kept: 'parity trust import --pinned CERT... LOTL.xml TL.xml...'")
                }
                for list in [store.lotl].compactMap({ $0 }) + store.lists { say(summary(list)) }
                for provider in store.emrex {
                    say(
                        "EMREX \(provider.acronym) \(provider.country) \(provider.url), imported \(provider.imported): "
                            + "\(provider.certificate.subject)")
                }
            }
        }
    }
}

private func loaded(_ directory: String) throws -> TrustStore {
    do { return try TrustStore.load(directory) } catch { throw Failure(lines: [error.description], code: 65) }
}

private func summary(_ list: TrustedList) -> String {
    let next = list.nextUpdate.map { ISO8601DateFormatter().string(from: $0) } ?? "none"
    let stale = list.isStale(at: Date()) ? " (past it: the list may be out of date; import a newer one)" : ""
    let what = list.isListOfLists ? "LOTL, \(list.pointers.count) pointers" : "\(list.services.count) services"
    return "\(list.territory) \(what), sequence \(list.sequence), issued \(list.issued), next update \(next)\(stale)"
}
