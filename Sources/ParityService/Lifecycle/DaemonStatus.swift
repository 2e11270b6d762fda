import ParityCore
import Synchronization

/// The one-line status systemd shows (`systemctl status parityd`), kept from what the parts
/// report: the counters, the framework set, the last reload's outcome and the stuck workers.
/// Every word goes out through the `NotifyChannel`, which never blocks.
final class DaemonStatus: Sendable {
    let stats: ProcessingStats
    let registry: FrameworkRegistry
    let notifier: NotifyChannel
    private let reloads = Mutex(0)
    private let reloadError = Mutex<String?>(nil)
    /// The stuck workers last reported (empty: all progressing).
    private let stuck = Mutex<[String]>([])

    init(stats: ProcessingStats, registry: FrameworkRegistry, notifier: NotifyChannel) {
        self.stats = stats
        self.registry = registry
        self.notifier = notifier
    }

    /// `queue=3 processed=120 rejected=2 duplicates=0 frameworks=5 reloads=0`, and what went wrong.
    var text: String {
        let s = stats.snapshot
        var text =
            "queue=\(s.waiting) processed=\(s.processedTotal) rejected=\(s.rejectedTotal) duplicates=\(s.duplicates)"
        if s.retried > 0 { text += " retried=\(s.retried)" }
        if let error = s.lastError { text += " last-error: \(error)" }
        text += " frameworks=\(registry.current.frameworks.count) reloads=\(reloads.withLock { $0 })"
        if let error = reloadError.withLock({ $0 }) { text += " reload-error: \(error)" }
        let stuck = stuck.withLock { $0 }
        if !stuck.isEmpty { text += " stuck: " + stuck.joined(separator: ", ") }
        return text
    }

    /// The current line to systemd (coalesced with any still waiting).
    func publish() { notifier.status(text) }

    /// A reload began; `reloadFinished` records how it ended (nil: it went through).
    func reloadStarted() { reloads.withLock { $0 += 1 } }
    func reloadFinished(error: String?) { reloadError.withLock { $0 = error } }

    /// Records the stuck workers; true when that changed since the last call.
    func setStuck(_ report: [String]) -> Bool {
        stuck.withLock { last in
            defer { last = report }
            return last != report
        }
    }
}
