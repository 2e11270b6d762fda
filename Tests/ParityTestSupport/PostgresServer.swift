import Foundation
import Glibc

/// A PostgreSQL server a test owns: initdb in a temporary directory, pg_ctl to start, stop and
/// restart it, as the unprivileged `postgres` user when the tests run as root (PostgreSQL
/// refuses to run as root). On a Unix socket always; on TCP too when given addresses to listen
/// on (the fault tests' network namespaces reach it over veth pairs), trusting those networks.
public final class PostgresServer: Sendable {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public let bin: String
    public let root: String
    public let socketDirectory: String
    public let user = "parity"
    /// PostgreSQL's own port, on the given addresses only (and in the Unix socket's name).
    public let port = 5432
    private let asRoot = geteuid() == 0

    /// initdb, then start. `listen`: TCP addresses (none: the Unix socket only); `trusted`: the
    /// networks (CIDR) whose clients need no password.
    public init(listen: [String] = [], trusted: [String] = []) throws(Unavailable) {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(
            Int.init
        ).sorted()
        guard let version = versions.last else {
            throw Unavailable(
                description: "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run scripts/install-deps.sh")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        root = FileManager.default.temporaryDirectory.appendingPathComponent("parity-pg-\(UUID().uuidString)").path
        socketDirectory = root + "/socket"
        do {
            try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
            if asRoot {
                for path in [root, socketDirectory] {
                    try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: path)
                }
            }
            let initdb = try Tool.run(
                asRoot ? "/usr/sbin/runuser" : bin + "/initdb",
                (asRoot ? ["-u", "postgres", "--", bin + "/initdb"] : [])
                    + ["-D", root + "/data", "-A", "trust", "-U", user, "--locale=C", "-E", "UTF8", "--no-sync"])
            guard initdb.status == 0 else { throw Unavailable(description: "initdb failed: \(initdb.err)") }
            let hba = trusted.map { "host all all \($0) trust\n" }.joined()
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/data/pg_hba.conf"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(hba.utf8))
            try handle.close()
        } catch let error as Unavailable {
            throw error
        } catch {
            throw Unavailable(description: "could not prepare PostgreSQL in \(root): \(error)")
        }
        options =
            "-k \(socketDirectory) -c listen_addresses='\(listen.joined(separator: ","))' -c fsync=off -c max_connections=200"
        try start()
    }

    private let options: String

    /// pg_ctl as the server's user, with /dev/null as its standard descriptors: its exit status.
    private func pgctl(_ arguments: [String]) -> Int32 {
        let command = [bin + "/pg_ctl", "-D", root + "/data"] + arguments
        return Self.spawnAndWait(asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command)
    }

    public func start() throws(Unavailable) {
        let status = pgctl(["-l", root + "/server.log", "-w", "-o", options, "start"])
        guard status == 0 else {
            throw Unavailable(description: "pg_ctl start failed (\(status)): \(log.suffix(2000))")
        }
    }

    /// `fast`: clients disconnected, open transactions rolled back, a clean shutdown (as
    /// `systemctl restart postgresql` does); `immediate`: as a crash.
    public func stop(mode: String = "fast") throws(Unavailable) {
        let status = pgctl(["-m", mode, "-w", "stop"])
        guard status == 0 else { throw Unavailable(description: "pg_ctl stop failed (\(status))") }
    }

    /// Everything the server logged.
    public var log: String { (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? "" }

    /// A new, empty database; its name.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let created = try Tool.run(
            bin + "/psql",
            [
                "-h", socketDirectory, "-U", user, "-d", "postgres", "-q", "-c",
                "CREATE DATABASE \(name)",
            ])
        guard created.status == 0 else { throw Unavailable(description: "CREATE DATABASE failed: \(created.err)") }
        return name
    }

    /// The URL of `database` over the Unix socket, or over TCP to `host`.
    public func url(_ database: String, host: String? = nil) -> String {
        guard let host else { return "postgres://\(user)@/\(database)?host=\(socketDirectory)" }
        return "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// Stops the server at once and removes its directory.
    public func remove() {
        _ = pgctl(["-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs `argv` with /dev/null as its standard descriptors and waits for it: its exit status.
    /// (The server keeps the descriptors pg_ctl was given: pipes would never reach their end;
    /// and Foundation's Process did not see this child exit.)
    public static func spawnAndWait(_ argv: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }
}
