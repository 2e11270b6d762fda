import Glibc
import ParitySpool
import ServiceLifecycle

/// This node among the others, a Service: `NodeService`'s loop (heartbeat, takeover of dead
/// nodes, the pool's change log) on a thread of its own. A node that another one fenced
/// throws `NodeFenced` out of `run`, which ends the group; `parityd` exits 75 for it, and
/// systemd starts it again fresh.
final class NodeHeartbeatService: Service, Sendable {
    let node: NodeService

    init(node: NodeService) { self.node = node }

    func run() async throws {
        let end = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await offThePool("parity-node") { self.node.run() }
            } onGracefulShutdown: {
                self.node.requestStop()
            }
        } onCancel: {
            self.node.requestStop()
        }
        if end == .fenced { throw NodeFenced(node: node.spool.node) }
    }
}

/// Another node declared this one dead and took its messages over.
public struct NodeFenced: Error, CustomStringConvertible {
    public var node: String
    public var description: String { "node \(node) was declared dead by another node, which took its messages over" }
    /// EX_TEMPFAIL: the unit's `Restart=on-failure` starts the node again, fresh.
    public static let exitCode: Int32 = 75

    /// A node cut off from the database fences itself: it exits at once, as if killed (which
    /// every node survives), without the graceful stop, whose workers may be stuck in calls to
    /// the unreachable server and must not finish anything now.
    static func exitNow() -> Never {
        _exit(exitCode)
    }
}
