import Foundation
import Logging

/// How the pipeline reports a problem that is not a message's fault (a full disk, a store
/// error): in the STATUS line's last error and as one log line.
struct ProblemReport: Sendable {
    let stats: ProcessingStats
    let logger: Logger

    func report(_ problem: any Error) { report(text: "\(problem)") }

    func report(text: String) {
        stats.error(text)
        logger.error("spool problem", metadata: ["problem": "\(text)"])
    }

    /// `count` messages went back to the queue for a later attempt.
    func retried(_ count: Int) { stats.retried(count) }
}

/// The time stamps the pipeline writes (processed, rejected): UTC, to the millisecond.
enum UTCTimestamp {
    static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var t = now.tv_sec
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
    }
}
