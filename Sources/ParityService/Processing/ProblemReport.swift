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
