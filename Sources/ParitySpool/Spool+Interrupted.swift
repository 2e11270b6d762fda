import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Poison messages (DESIGN.md §6): a message that ends the process (a trap, an abort, the
/// kernel's OOM killer) would be recovered from `active/` and end it again at every start.
/// Recovery therefore marks the messages it returns as *interrupted* (in
/// `active/<node>/.interrupted.json`, with the time of the stop that interrupted them); the
/// daemon then takes them one at a time, alone, until none is left waiting; and a message that
/// is in progress at a second unclean stop is not returned again but rejected as
/// `interrupted-twice`, so the culprit is isolated and the queue behind it moves on.
/// `parity queue retry NAME` sends it through again once the cause is fixed.
extension Spool {
    /// The file that holds a node's interrupted messages.
    func interruptedFile(node: String) -> String { activeDirectory(node: node) + "/.interrupted.json" }

    /// This node's interrupted messages still waiting (in incoming/new or its own claims):
    /// name → when they were first interrupted. The marks of messages that are gone (done,
    /// rejected, removed by hand) are dropped from the file.
    public func interrupted() throws(SpoolError) -> [String: String] {
        let marks = readMarks(node: node)
        guard !marks.isEmpty else { return [:] }
        let waiting = marks.filter { name, _ in
            (try? FileSystem.status(incomingNew + "/" + name)) != nil
                || (try? FileSystem.status(directory(.active) + "/" + name)) != nil
        }
        if waiting.count != marks.count { try writeMarks(waiting, node: node) }
        return waiting
    }

    /// What recovery does with the claims of `node`: a claim already marked goes to rejected/
    /// (`interrupted-twice`); every other claim goes back to incoming/new, marked.
    func settleClaims(
        of node: String, in directories: [String], at stopped: String, into recovery: inout Recovery
    ) throws(SpoolError) {
        let earlier = readMarks(node: node)
        var marks = earlier.filter { name, _ in (try? FileSystem.status(incomingNew + "/" + name)) != nil }
        for directory in directories {
            guard try FileSystem.status(directory) != nil else { continue }
            for name in try FileSystem.names(in: directory) {
                guard let info = try FileSystem.status(directory + "/" + name), info.st_mode & S_IFMT != S_IFDIR else {
                    continue
                }
                if let first = earlier[name] {
                    recovery.quarantined.append(try quarantine(name, from: directory, first: first, second: stopped))
                } else if try FileSystem.move(directory + "/" + name, incomingNew + "/" + name) {
                    recovery.returned.append(name)
                    marks[name] = stopped
                }
            }
        }
        if marks != earlier { try writeMarks(marks, node: node) }
    }

    /// Writes the reason, then moves the claim into rejected/.
    /// Returns the name it is kept under in rejected/.
    private func quarantine(
        _ name: String, from directory: String, first: String, second: String
    ) throws(SpoolError) -> String {
        let record = RejectionRecord(
            message: name, rejectedAt: UTCTimestamp.now(), kind: nil, id: nil,
            reason: Rejection(
                .interruptedTwice, location: name,
                found:
                    "the message was in progress at two unclean stops of parityd: the first recovered at \(first), "
                    + "after which it was retried alone, and again at the start at \(second)",
                expected:
                    "a message parityd can process to the end (the journal at those times says how the process "
                    + "ended); once the cause is fixed, `parity queue retry \(name)` sends it through again"))
        let target = rejectionName(for: name)
        try reject(name, storedAs: target, record: record, claims: directory)
        return target
    }

    private func readMarks(node: String) -> [String: String] {
        guard let bytes = try? FileSystem.contents(interruptedFile(node: node), limit: 16 << 20),
            let marks = try? JSONDecoder().decode([String: String].self, from: Data(bytes))
        else { return [:] }
        return marks
    }

    private func writeMarks(_ marks: [String: String], node: String) throws(SpoolError) {
        let path = interruptedFile(node: node)
        guard !marks.isEmpty else {
            try FileSystem.remove(path)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(marks)) ?? Data("{}".utf8))
        let tmp = path + ".\(self.node).tmp"
        try FileSystem.remove(tmp)
        try FileSystem.writeDurably(bytes, tmp: tmp, destination: path)
        try FileSystem.syncDirectory(activeDirectory(node: node))
    }
}
