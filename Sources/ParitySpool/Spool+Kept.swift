#if canImport(Glibc)
public import Glibc
#endif

/// The files the spool keeps that may hold personal data (originals in done/ and rejected/,
/// results waiting in `outbox/*/new`), read only under the rules for files Parity did not
/// write itself (`FileSystem.regularFile`): what an erasure and the person index read.
extension Spool {
    /// A kept file's bytes and the group it was delivered with.
    public struct KeptFile: Sendable {
        public var bytes: [UInt8]
        public var group: gid_t
    }

    /// The originals of done/ or rejected/ (reason files are not originals).
    public func keptNames(_ state: State) throws(SpoolError) -> [String] {
        guard state == .done || state == .rejected else { return [] }
        return try FileSystem.names(in: directory(state)).filter { !$0.hasSuffix(Self.reasonSuffix) }
    }

    public func keptResultNames(_ audience: String) throws(SpoolError) -> [String] {
        try FileSystem.names(in: outbox(audience).new)
    }

    /// A kept file by its path relative to the spool (`done/<name>`, `rejected/<name>`,
    /// `outbox/<audience>/new/<name>`, as the ledger and the person index name them); nil for
    /// any other path.
    public func keptPath(_ relative: String) -> String? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.last, !name.isEmpty, !name.hasPrefix("."), name != "..",
            !name.hasSuffix(Self.reasonSuffix)
        else { return nil }
        switch parts.count {
        case 2 where parts[0] == "done" || parts[0] == "rejected": return root + "/" + relative
        case 4 where parts[0] == "outbox" && Self.audiences.contains(parts[1]) && parts[2] == "new":
            return root + "/" + relative
        default: return nil
        }
    }

    /// Whether a kept file that is not there yet is on its way: a result staged in its outbox's
    /// `tmp` (`<node>+<tag>+<name>`), or an original still claimed in `active/<node>/`.
    public func isInFlight(_ relative: String) throws(SpoolError) -> Bool {
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last else { return false }
        if parts.count == 4 {
            // Staged as `<node>+<tag>+<name>`: the name is all after the second `+` (an id may hold `+`).
            return try FileSystem.names(in: outbox(parts[1]).tmp).contains {
                let staged = $0.split(separator: "+", maxSplits: 2)
                return staged.count == 3 && staged[2] == name
            }
        }
        guard parts.first == "done" else { return false }
        return try nodes().contains { (try? FileSystem.status(activeDirectory(node: $0) + "/" + name)) != nil }
    }

    /// The bytes of a kept file given by its full path (see `keptPath`); nil when the file is
    /// gone or is not a regular file (never opened then).
    public func kept(_ path: String, limit: Int) throws(SpoolError) -> KeptFile? {
        try FileSystem.regularFile(path, limit: limit).map { KeptFile(bytes: $0.bytes, group: $0.info.st_gid) }
    }

    /// The same, by its path relative to the spool; nil for a path that is not a kept file's.
    public func kept(relative: String, limit: Int) throws(SpoolError) -> KeptFile? {
        guard let path = keptPath(relative) else { return nil }
        return try kept(path, limit: limit)
    }
}
