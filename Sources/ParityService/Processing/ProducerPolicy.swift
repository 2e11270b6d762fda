import Glibc
import ParitySpool

/// Who may deliver which kinds of message, and for which service. The producer is known by
/// the file's group (the group of the user who delivered it, as with Postfix's maildrop);
/// `[producers]` maps each group name to its kinds. Without that section, only the daemon's
/// own user may deliver.
///
/// The **scope** of a message's person ids (DESIGN.md §8b) is the service that delivered it:
/// the file's group name, or the message's `service` field when `[services]` lets that group
/// deliver for the service it names (a gateway delivering for several employment services).
struct ProducerPolicy: Sendable {
    let producers: [String: Set<String>]?
    let services: [String: Set<String>]
    let daemonUser: uid_t

    init(producers: [String: [String]]?, services: [String: [String]] = [:], daemonUser: uid_t = geteuid()) {
        self.producers = producers?.mapValues(Set.init)
        self.services = services.mapValues(Set.init)
        self.daemonUser = daemonUser
    }

    /// The scope of the message's person ids, or why its `service` field is refused.
    func scope(_ message: ClaimedMessage, service: String?) -> Result<String, Rejection> {
        let group = Self.groupScope(message.group)
        guard let service else { return .success(group) }
        guard service != group else { return .success(group) }
        guard let allowed = services[group], allowed.contains(service) else {
            let may =
                services[group].map { "one of \($0.sorted().joined(separator: ", "))" }
                ?? "no 'service' field (the group '\(group)' delivers as itself)"
            return .failure(
                Rejection(
                    .unauthorisedProducer, location: "\(message.name): service",
                    found: "'\(service)', for which the group '\(group)' may not deliver",
                    expected: "\(may): [services] in the configuration lists the services each group may deliver for"))
        }
        return .success(service)
    }

    func check(_ message: ClaimedMessage, kind: String) -> Rejection? {
        guard let producers else {
            if message.owner == daemonUser { return nil }
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (owner uid \(message.owner))",
                found: "a file owned by another user, and no [producers] section in the configuration",
                expected:
                    "a file owned by the parity user (uid \(daemonUser)), or a [producers] entry for the file's group")
        }
        let group = Self.groupName(message.group)
        guard let kinds = producers[group ?? ""] else {
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (group \(group ?? "gid \(message.group)"))",
                found: "a group that is not a configured producer",
                expected: "a file whose group is one of [producers]: \(producers.keys.sorted().joined(separator: ", "))"
            )
        }
        guard kinds.contains(kind) else {
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (group \(group ?? ""))",
                found: "kind '\(kind)', which this group may not deliver",
                expected: "one of \(kinds.sorted().joined(separator: ", "))")
        }
        return nil
    }

    /// The scope of a file delivered without a `service` field: its group's name (`gid-N` for
    /// a group without one).
    static func groupScope(_ gid: gid_t) -> String { groupName(gid) ?? "gid-\(gid)" }

    static func groupName(_ gid: gid_t) -> String? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getgrgid_r(gid, &group, &buffer, buffer.count, &result) == 0, result != nil, let name = group.gr_name
        else { return nil }
        return String(cString: name)
    }
}
