import Foundation
import Glibc

/// A PostgreSQL server of the tests' own: initdb in a temporary directory, started with
/// pg_ctl on a Unix socket only (no TCP port), as the unprivileged `postgres` user when the
/// tests run as root (PostgreSQL refuses to run as root), stopped when the test process exits.
/// Each test takes a fresh database from it.
public enum TestPostgres {
    public struct Server: Sendable {
        public var bin: String
        public var socketDirectory: String
        public var user: String
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Started once per test process, on first use.
    public static let server: Result<Server, Unavailable> = start()

    /// A new, empty database on the server, as a `postgres://` URL.
    public static func freshDatabase() throws -> String {
        let server = try server.get()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let created = try Tool.run(
            server.bin + "/psql",
            ["-h", server.socketDirectory, "-U", server.user, "-d", "postgres", "-q", "-c", "CREATE DATABASE \(name)"])
        guard created.status == 0 else { throw Unavailable(description: "CREATE DATABASE failed: \(created.err)") }
        return "postgres://\(server.user)@/\(name)?host=\(server.socketDirectory)"
    }

    private static func start() -> Result<Server, Unavailable> {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(
            Int.init
        ).sorted()
        guard let version = versions.last else {
            return .failure(
                Unavailable(
                    description: "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run scripts/install-deps.sh")
            )
        }
        let bin = "/usr/lib/postgresql/\(version)/bin"
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("parity-pg-\(UUID().uuidString)").path
        let data = root + "/data", socket = root + "/socket"
        do {
            try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: true)
            let asRoot = geteuid() == 0
            if asRoot {
                for path in [root, socket] {
                    try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: path)
                }
            }
            func run(_ tool: String, _ arguments: [String]) throws -> Tool.Run {
                asRoot
                    ? try Tool.run("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/" + tool] + arguments)
                    : try Tool.run(bin + "/" + tool, arguments)
            }
            let initdb = try run(
                "initdb", ["-D", data, "-A", "trust", "-U", "parity", "--locale=C", "-E", "UTF8", "--no-sync"])
            guard initdb.status == 0 else { return .failure(Unavailable(description: "initdb failed: \(initdb.err)")) }
            // The server keeps the descriptors pg_ctl was given: not pipes, which would never reach
            // their end, but /dev/null (its own output goes to server.log); spawned and reaped
            // here, not by Foundation's Process, which did not see this child exit.
            let pgctl = [
                bin + "/pg_ctl", "-D", data, "-l", root + "/server.log", "-w", "-o",
                "-k \(socket) -c listen_addresses='' -c fsync=off -c max_connections=200", "start",
            ]
            let status = spawnAndWait(asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + pgctl : pgctl)
            guard status == 0 else {
                let log = (try? String(contentsOfFile: root + "/server.log", encoding: .utf8)) ?? ""
                return .failure(Unavailable(description: "pg_ctl start failed (\(status)): \(log)"))
            }
            stopCommand =
                asRoot
                ? ["/usr/sbin/runuser", "-u", "postgres", "--", bin + "/pg_ctl", "-D", data, "-m", "immediate", "stop"]
                : [bin + "/pg_ctl", "-D", data, "-m", "immediate", "stop"]
            removeDirectory = root
            atexit { TestPostgres.stop() }
            return .success(Server(bin: bin, socketDirectory: socket, user: "parity"))
        } catch {
            return .failure(Unavailable(description: "could not start PostgreSQL: \(error)"))
        }
    }

    nonisolated(unsafe) private static var stopCommand: [String] = []
    nonisolated(unsafe) private static var removeDirectory = ""

    /// Runs `argv` with /dev/null as its standard descriptors and waits for it: its exit status.
    static func spawnAndWait(_ argv: [String]) -> Int32 {
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

    private static func stop() {
        guard let tool = stopCommand.first else { return }
        _ = spawnAndWait([tool] + Array(stopCommand.dropFirst()))
        try? FileManager.default.removeItem(atPath: removeDirectory)
    }
}
