import Glibc
import ParitySpool

/// Who may deliver which kinds of message. The producer is known by the file's group (the
/// group of the user who delivered it, as with Postfix's maildrop); `[producers]` maps each
/// group name to its kinds. Without that section, only the daemon's own user may deliver.
struct ProducerPolicy: Sendable {
    let producers: [String: Set<String>]?
    let daemonUser: uid_t

    init(producers: [String: [String]]?, daemonUser: uid_t = geteuid()) {
        self.producers = producers?.mapValues(Set.init)
        self.daemonUser = daemonUser
    }

    func check(_ message: ClaimedMessage, kind: String) -> Rejection? {
        guard let producers else {
            if message.owner == daemonUser { return nil }
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (owner uid \(message.owner))",
                found: "a file owned by another user, and no [producers] section in the configuration",
                expected: "a file owned by the parity user (uid \(daemonUser)), or a [producers] entry for the file's group")
        }
        let group = Self.groupName(message.group)
        guard let kinds = producers[group ?? ""] else {
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (group \(group ?? "gid \(message.group)"))",
                found: "a group that is not a configured producer",
                expected: "a file whose group is one of [producers]: \(producers.keys.sorted().joined(separator: ", "))")
        }
        guard kinds.contains(kind) else {
            return Rejection(
                .unauthorisedProducer, location: "\(message.name) (group \(group ?? ""))",
                found: "kind '\(kind)', which this group may not deliver",
                expected: "one of \(kinds.sorted().joined(separator: ", "))")
        }
        return nil
    }

    static func groupName(_ gid: gid_t) -> String? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getgrgid_r(gid, &group, &buffer, buffer.count, &result) == 0, result != nil, let name = group.gr_name else { return nil }
        return String(cString: name)
    }
}
