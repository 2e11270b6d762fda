import Foundation
import ParitySpool

/// The daemon's metrics in the Prometheus text format (0.0.4), written for node_exporter's
/// textfile collector: to a temporary file in the same directory, then renamed, so the
/// collector never reads half a file.
struct MetricsFile: Sendable {
    let path: String

    func render(_ stats: ProcessingStats.Snapshot, depths: [Spool.State: Spool.Depth], frameworks: Int) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for s in samples { out += "\(name)\(s.labels.isEmpty ? "" : "{\(s.labels)}") \(s.value)\n" }
        }
        let states = Spool.State.allCases
        metric(
            "parity_queue_messages", "gauge",
            "Messages in each spool state (done and rejected refreshed every minute).",
            states.map { ("state=\"\($0.rawValue)\"", "\(depths[$0]?.count ?? 0)") })
        metric(
            "parity_queue_oldest_age_seconds", "gauge", "Age of the oldest message waiting or being processed.",
            [Spool.State.incoming, .active].map {
                ("state=\"\($0.rawValue)\"", Self.number(depths[$0]?.oldestAge ?? 0))
            })
        metric(
            "parity_messages_processed_total", "counter", "Messages processed since the daemon started, by kind.",
            stats.processed.sorted { $0.key < $1.key }.map { ("kind=\"\($0.key)\"", "\($0.value)") })
        metric(
            "parity_messages_rejected_total", "counter", "Messages rejected since the daemon started, by reason.",
            stats.rejected.sorted { $0.key < $1.key }.map { ("reason=\"\($0.key)\"", "\($0.value)") })
        metric(
            "parity_messages_duplicate_total", "counter",
            "Messages seen again with the same id and content (no new effect).", [("", "\(stats.duplicates)")])
        metric(
            "parity_messages_retried_total", "counter",
            "Messages put back for a later attempt (full disk, I/O errors).", [("", "\(stats.retried)")])
        var cumulative = 0
        var buckets: [(String, String)] = []
        for (index, bound) in ProcessingStats.buckets.enumerated() {
            cumulative += stats.histogram[index]
            buckets.append(("le=\"\(Self.number(bound))\"", "\(cumulative)"))
        }
        cumulative += stats.histogram[ProcessingStats.buckets.count]
        buckets.append(("le=\"+Inf\"", "\(cumulative)"))
        out +=
            "# HELP parity_message_processing_seconds Time to process one message (read, check, handle, write outputs).\n"
        out += "# TYPE parity_message_processing_seconds histogram\n"
        for (labels, value) in buckets { out += "parity_message_processing_seconds_bucket{\(labels)} \(value)\n" }
        out +=
            "parity_message_processing_seconds_sum \(Self.number(stats.seconds))\nparity_message_processing_seconds_count \(cumulative)\n"
        metric("parity_frameworks_loaded", "gauge", "Framework documents in service.", [("", "\(frameworks)")])
        metric(
            "parity_last_error", "gauge", "1 while the last spool operation failed (see the log and `parity status`).",
            [("", stats.lastError == nil ? "0" : "1")])
        return out
    }

    func write(_ text: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // .atomic writes a temporary file beside it and renames it over the old one.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6g", value)
    }
}
