import Synchronization

#if canImport(Glibc)
public import Glibc
#endif

/// The producer's side of the Maildir protocol, as `parity submit` (and any Maildir tool) does it:
/// write the file in `incoming/tmp` under a unique name, fsync it, rename it into `incoming/new`,
/// fsync that directory. The daemon never sees a partial file. A producer of the packaged
/// layout may write into `incoming/new` but not read it (mode 1730: producers do not see each
/// other's deliveries), so it cannot open the directory to fsync it: then the rename is made
/// durable with syncfs(2) on the delivered file, which commits the file system's journal.
extension Spool {
    @discardableResult
    public func deliver(_ bytes: [UInt8], mode: mode_t = 0o640) throws(SpoolError) -> String {
        let name = MaildirName.unique()
        let destination = incomingNew + "/" + name
        try FileSystem.writeDurably(bytes, tmp: incomingTmp + "/" + name, destination: destination, mode: mode) {
            fd throws(SpoolError) in
            do throws(SpoolError) {
                try FileSystem.syncDirectory(incomingNew)
            } catch  where error.code == EACCES {
                try FileSystem.syncFileSystem(of: fd, path: destination)
            }
        }
        return name
    }
}

/// Maildir unique names: `<seconds>.M<microseconds>P<pid>Q<sequence>.<host>`, as qmail defined them.
enum MaildirName {
    private static let sequence = Atomic<Int>(0)

    static func unique() -> String {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .map { $0 == "/" ? "\\057" : $0 == ":" ? "\\072" : String($0) }.joined()
        let n = sequence.wrappingAdd(1, ordering: .relaxed).newValue
        let micro = String(t.tv_nsec / 1000)
        let padded = String(repeating: "0", count: max(0, 6 - micro.count)) + micro
        return "\(t.tv_sec).M\(padded)P\(getpid())Q\(n).\(hostName.isEmpty ? "localhost" : hostName)"
    }
}
