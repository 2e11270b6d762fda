import Foundation

/// Network namespaces for the multi-node fault tests (needs root and iproute2): each node gets a
/// namespace of its own with a loopback and one end of a veth pair; the other end stays on the
/// host, where the database listens on its address. A node reaches nothing else, and cutting
/// its link (`setLink(_:up:)`) partitions it from the database while the others carry on.
/// Fixed names, so that a run that crashed leaves nothing a later run trips on: it removes them first.
public final class NetworkNamespaces {
    public struct Node: Sendable {
        /// The namespace (`ip netns exec <namespace>` runs a program in it).
        public var namespace: String
        /// The host's end of the veth pair, and its address: where the node reaches the host.
        public var hostInterface: String
        public var hostAddress: String
        /// The node's own address, inside its namespace.
        public var address: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let nodes: [Node]
    static let ip = "/usr/sbin/ip"

    /// One namespace per name (at most 9), on 10.231.<n>.0/30: the host .1, the node .2.
    public init(_ names: [String]) throws {
        nodes = names.enumerated().map { index, name in
            Node(
                namespace: "parity-fault-\(name)", hostInterface: "pf-\(name)",
                hostAddress: "10.231.\(index + 1).1", address: "10.231.\(index + 1).2")
        }
        remove()
        for node in nodes {
            let inside = node.hostInterface + "-ns"
            try run(["netns", "add", node.namespace])
            try run(["link", "add", node.hostInterface, "type", "veth", "peer", "name", inside])
            try run(["link", "set", inside, "netns", node.namespace])
            try run(["addr", "add", node.hostAddress + "/30", "dev", node.hostInterface])
            try run(["link", "set", node.hostInterface, "up"])
            try run(["-n", node.namespace, "addr", "add", node.address + "/30", "dev", inside])
            try run(["-n", node.namespace, "link", "set", inside, "up"])
            try run(["-n", node.namespace, "link", "set", "lo", "up"])
        }
    }

    deinit { remove() }

    /// The networks the database trusts: every node's /30.
    public var networks: [String] { nodes.map { $0.address + "/30" } }

    /// The command prefix that runs a program in `node`'s namespace.
    public func launcher(_ node: Node) -> [String] { [Self.ip, "netns", "exec", node.namespace] }

    /// Brings the host's end of the node's link down (the node is cut off) or up again.
    public func setLink(_ node: Node, up: Bool) throws {
        try run(["link", "set", node.hostInterface, up ? "up" : "down"])
    }

    /// Removes the namespaces and links (deleting one end of a veth pair deletes both).
    public func remove() {
        for node in nodes {
            _ = try? Tool.run(Self.ip, ["link", "delete", node.hostInterface])
            _ = try? Tool.run(Self.ip, ["netns", "delete", node.namespace])
        }
    }

    private func run(_ arguments: [String]) throws {
        let result = try Tool.run(Self.ip, arguments)
        guard result.status == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")) failed: \(result.err)")
        }
    }
}
