import Foundation
import ParityStore

/// Where the database is and how Parity logs in: the URL (never with a password) and the
/// password file (never readable by group or others).
extension PostgresStore {
    struct Target {
        enum Endpoint {
            case tcp(String, Int)
            case socket(String)
        }
        var user: String
        var database: String
        var endpoint: Endpoint
        /// The URL without any password, for messages.
        var location: String
    }

    /// `url` with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"//([^:@/]*):[^@/]*@"#, with: "//$1:***@", options: .regularExpression)
    }

    static func parse(url: String) throws(StoreError) -> Target {
        let shown = redacted(url)
        func refuse(_ why: String) -> StoreError {
            StoreError(path: shown, operation: "read the database URL", message: why)
        }
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql" else {
            throw refuse("expected postgres://USER@HOST:PORT/DATABASE or postgres://USER@/DATABASE?host=/socket/dir")
        }
        if parts.password != nil {
            throw refuse(
                "a password in the URL is refused: put it in the file named by [database] password_file (mode 0600)")
        }
        guard let user = parts.user, !user.isEmpty else { throw refuse("the URL names no user (postgres://USER@...)") }
        let database = String(parts.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw refuse("the URL names no database (postgres://USER@HOST/DATABASE)")
        }
        let socket = parts.queryItems?.first { $0.name == "host" }?.value
        let endpoint: Target.Endpoint
        if let socket, socket.hasPrefix("/") {
            endpoint = .socket(
                socket.hasSuffix(".s.PGSQL.\(parts.port ?? 5432)") ? socket : socket + "/.s.PGSQL.\(parts.port ?? 5432)"
            )
        } else if let host = parts.host, !host.isEmpty {
            endpoint = .tcp(host, parts.port ?? 5432)
        } else {
            throw refuse(
                "the URL names no host (postgres://USER@HOST/DATABASE) and no socket directory (?host=/run/postgresql)")
        }
        return Target(user: user, database: database, endpoint: endpoint, location: shown)
    }

    /// The password file's first line; refused when group or others may read or write it.
    static func readPassword(_ file: String, for location: String) throws(StoreError) -> String {
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw StoreError(
                path: file, operation: "read the database password file", message: String(cString: strerror(errno)))
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StoreError(
                path: file, operation: "use the database password file",
                message:
                    "its mode is \(String(mode, radix: 8)); it must give no access to group or others (chmod 600 \(file))"
            )
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw StoreError(
                path: file, operation: "read the database password file", message: "not readable as UTF-8 text")
        }
        let password = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !password.isEmpty else {
            throw StoreError(path: file, operation: "read the database password file", message: "the file is empty")
        }
        return password
    }
}
