import ArgumentParser
import Foundation
import ParityService
import ParitySpool
import ParityStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The spool, the ledger and the frameworks in service, without personal data.",
        discussion: "Reads the spool directories and the database directly; parityd need not be running.")

    @Flag(help: "Print the status as JSON.") var json = false
    @OptionGroup var options: ConfigOptions

    struct Report: Encodable {
        struct State: Encodable { var state: String; var messages: Int; var oldestAgeSeconds: Int }
        struct Rejected: Encodable { var message: String; var code: String; var rejectedAt: String }
        var configuration: String
        var spool: String
        var queue: [State]
        var processedByKind: [String: Int]
        var candidates: Int
        var frameworksLoadedAt: String?
        var frameworkDocuments: Int
        var recentRejections: [Rejected]
        var metricsUpdatedSecondsAgo: Int?
        /// The nodes that share the spool and the database, with the age of their last heartbeat.
        struct Node: Encodable { var name: String; var heartbeatSecondsAgo: Double; var claims: Int; var alive: Bool }
        var nodes: [Node] = []
    }

    func run() async throws {
        try reporting {
            let configuration = try options.load()
            let spool = Spool(root: configuration.paths.spool, node: configuration.spool.node)
            let now = Spool.now()
            var report = Report(
                configuration: configuration.file, spool: spool.root, queue: [], processedByKind: [:], candidates: 0,
                frameworksLoadedAt: nil, frameworkDocuments: 0, recentRejections: [], metricsUpdatedSecondsAgo: nil)
            do {
                try spool.check()
                for state in Spool.State.allCases {
                    let depth = try spool.depth(state, now: now)
                    report.queue.append(
                        .init(state: state.rawValue, messages: depth.count, oldestAgeSeconds: Int(depth.oldestAge)))
                }
                report.recentRejections = try spool.entries(.rejected).sorted { $0.modified > $1.modified }.prefix(5)
                    .map { entry in
                        let record = spool.reason(entry.name)
                        return .init(
                            message: entry.name, code: record?.reason.code.rawValue ?? "unknown",
                            rejectedAt: record?.rejectedAt ?? "")
                    }
            } catch {
                throw Failure(
                    lines: [
                        "\(error)",
                        "the spool is not set up: parityd creates it at start (or systemd-tmpfiles --create)",
                    ], code: 1)
            }
            if configuration.storeExists {
                do {
                    let database = try configuration.openStore()
                    report.processedByKind = try database.ledgerCounts()
                    report.candidates = try database.candidateCount()
                    let load = try database.lastFrameworkLoad()
                    report.frameworksLoadedAt = load?.at
                    report.frameworkDocuments = load?.versions.count ?? 0
                    let held = (try? spool.claimedElsewhere()) ?? [:]
                    let own = (try? spool.entries(.active).count) ?? 0
                    report.nodes = try database.nodes().map { node in
                        let claims =
                            node.name == spool.node
                            ? own - held.values.reduce(0) { $0 + $1.count } : held[node.name]?.count ?? 0
                        return .init(
                            name: node.name, heartbeatSecondsAgo: (node.age * 10).rounded() / 10, claims: claims,
                            alive: node.age < configuration.spool.nodeLeaseSeconds)
                    }
                } catch {
                    throw Failure(lines: ["\(error)"], code: 1)
                }
            }
            if let attributes = try? FileManager.default.attributesOfItem(atPath: configuration.metricsFile),
                let modified = attributes[.modificationDate] as? Date
            {
                report.metricsUpdatedSecondsAgo = Int(Date().timeIntervalSince(modified))
            }
            if json { printJSON(report); return }
            Self.show(report)
        }
    }

    /// The report as lines for a person.
    private static func show(_ report: Report) {
        say("configuration  \(report.configuration)")
        say("spool          \(report.spool)")
        for state in report.queue {
            say(
                "  \(state.state.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(state.messages).leftPadded(7)) message(s)"
                    + (state.messages > 0 ? ", oldest \(age(state.oldestAgeSeconds))" : ""))
        }
        let processed = report.processedByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        say("processed      \(processed.isEmpty ? "none yet" : processed.joined(separator: ", "))")
        say("candidates     \(report.candidates) consenting people in the matching pool")
        say(
            "frameworks     \(report.frameworkDocuments) document(s) in service since \(report.frameworksLoadedAt ?? "never (parityd has not started)")"
        )
        say(
            "daemon         "
                + (report.metricsUpdatedSecondsAgo.map { "metrics written \(age($0)) ago" }
                    ?? "no metrics file yet (parityd has not run)"))
        for node in report.nodes {
            say(
                "node           \(node.name): heartbeat \(age(Int(node.heartbeatSecondsAgo))) ago, \(node.claims) claim(s)"
                    + (node.alive ? "" : " (silent past spool.node_lease_seconds: another node returns its claims)")
            )
        }
        for r in report.recentRejections { say("rejected       \(r.message): \(r.code) (\(r.rejectedAt))") }
    }

    static func age(_ seconds: Int) -> String {
        seconds < 120
            ? "\(seconds) s"
            : seconds < 7200
                ? "\(seconds / 60) min" : seconds < 172_800 ? "\(seconds / 3600) h" : "\(seconds / 86400) d"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
