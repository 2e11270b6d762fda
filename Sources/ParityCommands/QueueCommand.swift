public import ArgumentParser
import Foundation
import ParityDocuments
import ParityMessages
import ParityService
public import ParitySpool
import ParityStore

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List, inspect, requeue and purge spool messages (contents only when asked).",
        subcommands: [List.self, Show.self, Requeue.self, Purge.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Messages by state: name, size, age, and the reason code of rejected ones.")
        @Option(help: "incoming, active, done or rejected (repeatable; default: all but done).") var state:
            [Spool.State] = []
        @Flag(help: "Print the list as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Item: Encodable {
            var state: String; var name: String; var size: Int; var ageSeconds: Int; var reason: String?
        }

        func run() async throws {
            try reporting {
                let spool = Spool(root: try options.load().paths.spool)
                let now = Spool.now()
                var items: [Item] = []
                do {
                    for s in state.isEmpty ? [.incoming, .active, .rejected] : state {
                        for entry in try spool.entries(s) {
                            items.append(
                                Item(
                                    state: s.rawValue, name: entry.name, size: entry.size,
                                    ageSeconds: Int(max(0, now - entry.modified)),
                                    reason: s == .rejected ? spool.reason(entry.name)?.reason.code.rawValue : nil))
                        }
                    }
                } catch { throw Failure(lines: ["\(error)"], code: 1) }
                if json { printJSON(items); return }
                for item in items {
                    say(
                        "\(item.state.padding(toLength: 9, withPad: " ", startingAt: 0)) \(item.name)  \(item.size) B  \(StatusCommand.age(item.ageSeconds))\(item.reason.map { "  \($0)" } ?? "")"
                    )
                }
                if items.isEmpty { say("no messages") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One message: where it is, its kind and id, owner, reason or outputs.")
        @Argument(help: "The message's file name.") var name: String
        @Flag(help: "Also print the message's content (it may hold personal data).") var content = false
        @Flag(help: "Print as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Details: Encodable {
            var name: String; var state: String; var path: String; var size: Int; var owner: UInt32; var group: UInt32
            var modified: String; var kind: String?; var id: String?; var reason: RejectionRecord?;
            var outputs: [String]?
        }

        func run() async throws {
            try reporting {
                let configuration = try options.load()
                let spool = Spool(root: configuration.paths.spool)
                guard
                    let entry = Spool.State.allCases.lazy.compactMap({ s in
                        (try? spool.entries(s))?.first { $0.name == self.name }
                    }).first
                else {
                    throw Failure(
                        lines: ["no message named '\(name)' in \(spool.root) (see `parity queue list`)"], code: 1)
                }
                let path = spool.directory(entry.state) + "/" + name
                let bytes = FileManager.default.contents(atPath: path).map(Array.init) ?? []
                let envelope = try? MessageEnvelope.read(
                    bytes, source: name, maximumDepth: configuration.spool.maxJSONDepth, documents: DocumentReader())
                var details = Details(
                    name: name, state: entry.state.rawValue, path: path, size: entry.size, owner: entry.owner,
                    group: entry.group,
                    modified: ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: entry.modified)),
                    kind: envelope?.kind, id: envelope?.id, reason: entry.state == .rejected ? spool.reason(name) : nil,
                    outputs: nil)
                if let id = envelope?.id, configuration.storeExists {
                    // The entry kept under this file name: another service may use the same id.
                    let entries = (try? configuration.openStore().ledgerEntries(id: id)) ?? []
                    details.outputs = entries.first { $0.file == name }?.outputs
                }
                if json {
                    printJSON(details)
                } else {
                    say(
                        "\(details.name)\n  state     \(details.state) (\(details.path))\n  size      \(details.size) B, owner uid \(details.owner), group gid \(details.group)"
                    )
                    say(
                        "  modified  \(details.modified)\n  kind      \(details.kind ?? "-")\n  id        \(details.id ?? "-")"
                    )
                    if let r = details.reason?.reason {
                        say(
                            "  rejected  \(r.code.rawValue)\n  where     \(r.location)\n  what      \(r.found)\n  expected  \(r.expected)"
                        )
                    }
                    for output in details.outputs ?? [] { say("  output    \(spool.root)/\(output)") }
                }
                if content { Console.current.out(bytes); say() }
            }
        }
    }

    struct Requeue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send rejected (or done) messages through again, e.g. after fixing the data or upgrading.",
            aliases: ["retry"])
        @Argument(help: "Message file names.") var names: [String]
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let spool = Spool(root: try options.load().paths.spool)
                var missing: [String] = []
                for name in names {
                    do {
                        if try spool.requeue(name, from: .rejected) || spool.requeue(name, from: .done) {
                            say("requeued \(name)")
                        } else {
                            missing.append(name)
                        }
                    } catch { throw Failure(lines: ["\(error)"], code: 1) }
                }
                if !missing.isEmpty {
                    throw Failure(lines: missing.map { "no rejected or done message named '\($0)'" }, code: 1)
                }
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove done or rejected originals now (parityd removes them after spool.retention_days).")
        @Option(help: "done or rejected.") var state: Spool.State
        @Option(name: .customLong("older-than"), help: "Only those older than DAYS (0: all).") var days: Double
        @OptionGroup var options: ConfigOptions

        func validate() throws {
            guard state == .done || state == .rejected else {
                throw ValidationError("--state must be done or rejected; incoming and active messages are never purged")
            }
            guard days >= 0 else { throw ValidationError("--older-than must be 0 or more days") }
        }

        func run() async throws {
            try reporting {
                let spool = Spool(root: try options.load().paths.spool)
                do {
                    let removed = try spool.purge(state, modifiedBefore: Spool.now() - days * 86400)
                    say("removed \(removed) \(state.rawValue) message(s)")
                } catch { throw Failure(lines: ["\(error)"], code: 1) }
            }
        }
    }
}

extension Spool.State: ExpressibleByArgument {}
