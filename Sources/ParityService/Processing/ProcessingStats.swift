import Synchronization

/// Counters of the daemon's work since it started, shared by the workers: for the STATUS line
/// systemd shows, the metrics file, and the log.
final class ProcessingStats: Sendable {
    /// Upper bounds (seconds) of the processing-time histogram's buckets.
    static let buckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]

    struct Snapshot: Sendable {
        var processed: [String: Int] = [:]
        /// Rejections by reason code.
        var rejected: [String: Int] = [:]
        var duplicates = 0
        /// Messages put back for a later attempt (out of space, I/O errors).
        var retried = 0
        var lastError: String?
        var histogram = [Int](repeating: 0, count: ProcessingStats.buckets.count + 1)
        var seconds = 0.0
        /// Messages in incoming/new at the last scan.
        var waiting = 0

        var processedTotal: Int { processed.values.reduce(0, +) }
        var rejectedTotal: Int { rejected.values.reduce(0, +) }
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    func processed(kind: String, seconds: Double) {
        state.withLock { s in
            s.processed[kind, default: 0] += 1
            s.histogram[Self.buckets.firstIndex { seconds <= $0 } ?? Self.buckets.count] += 1
            s.seconds += seconds
        }
    }

    func rejected(code: String) { state.withLock { $0.rejected[code, default: 0] += 1 } }
    func duplicate() { state.withLock { $0.duplicates += 1 } }
    func retried(_ count: Int) { state.withLock { $0.retried += count } }
    func waiting(_ count: Int) { state.withLock { $0.waiting = count } }
    func error(_ text: String?) { state.withLock { $0.lastError = text } }
}
