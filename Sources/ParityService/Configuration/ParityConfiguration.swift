public import Foundation
public import Logging
public import ParityCore
import ParityMessages
import ParityPostgres
import ParitySQLite
public import ParitySignatures
import ParitySpool
public import ParityStore
public import ParityXML

/// The configuration file (`Config/parity.toml`, installed as /etc/parity/parity.toml).
/// The `paths.*` keys are a contract with operators (DESIGN.md §8). Relative paths are
/// resolved against the directory of the configuration file, so a file works from any cwd.
public struct ParityConfiguration: Sendable, Equatable {
    public struct Paths: Sendable, Equatable {
        /// Directory of framework and taxonomy XML files.
        public var frameworks: String
        /// The framework XSD (`parity-framework-1.xsd`).
        public var schema: String
        /// Root of the Maildir spool.
        public var spool: String
        /// SQLite database file (empty when `[database] url` names a PostgreSQL database instead).
        public var database: String
        /// Directory for keys and metrics.
        public var state: String
    }

    public struct Daemon: Sendable, Equatable {
        public var logLevel: LogLevelName
    }

    /// `[database]`: a PostgreSQL database shared by several nodes, in place of `paths.database`.
    public struct SharedDatabase: Sendable, Equatable {
        /// `postgres://USER@HOST:PORT/DATABASE` or `postgres://USER@/DATABASE?host=/socket/dir`; never a password.
        public var url: String
        /// The file holding the password (mode 0600 or stricter), if the server asks for one.
        public var passwordFile: String?

        public init(url: String, passwordFile: String? = nil) { self.url = url; self.passwordFile = passwordFile }
    }

    /// `[spool]`: how messages are taken in and processed. Every key has a default.
    public struct SpoolSettings: Sendable, Equatable {
        /// Worker threads processing messages in parallel.
        public var workers = 2
        /// Messages processed as one group: one directory sync and one ledger commit for all.
        public var groupSize = 64
        /// The longest a message waits unnoticed if inotify missed it.
        public var rescanSeconds = 5.0
        public var maxMessageBytes = 16 << 20
        public var maxJSONDepth = 32
        /// How long processed originals stay in done/ (and rejected ones in rejected/).
        public var retentionDays = 7.0
        /// A worker busy with one message longer than this is stuck: the watchdog pings stop.
        public var stuckSeconds = 300.0
        /// This node's name, where several parityd share one spool and one database: its
        /// claims are in `active/<node>/`. Defaults to the host name.
        public var node = ParitySpool.Spool.defaultNode
        /// A node silent this long (no heartbeat in the database) is dead: another node returns its claims.
        public var nodeLeaseSeconds = 30.0

        public init() {}
    }

    public enum LogLevelName: String, Sendable, Equatable, CaseIterable {
        case debug, info, notice, warning, error

        public var loggerLevel: Logger.Level {
            switch self {
            case .debug: .debug
            case .info: .info
            case .notice: .notice
            case .warning: .warning
            case .error: .error
            }
        }
    }

    public var file: String
    public var paths: Paths
    public var daemon: Daemon
    public var spool = SpoolSettings()
    /// `[matching]`.
    public var matching = MatchingSettings()

    public struct MatchingSettings: Sendable, Equatable {
        /// Candidates a shortlist names (1 to 500). Default: 20.
        public var shortlistSize = 20
        /// `[pay_floors]`: per destination country, the pay below which a job is flagged.
        public var payFloors: [String: JobOpening.Salary] = [:]
        public init() {}
    }
    /// `[letters]`.
    public var letters = LetterSettings()

    public struct LetterSettings: Sendable, Equatable {
        /// Who issues the letters, as printed and signed on each (1 to 200 characters).
        public var issuer = "Parity equivalence service"
        public init() {}
    }
    /// `[authenticity]`.
    public var authenticity = AuthenticitySettings()

    public struct AuthenticitySettings: Sendable, Equatable {
        /// What a credential needs for a letter (`require`): `verified` (a seal whose every
        /// step passed), `attested` (that, or the submitting service's `checkedBy`: the
        /// default) or `any` (the letter says how far authenticity was established).
        public var require = Requirement.attested
        public enum Requirement: String, Sendable, CaseIterable { case verified, attested, any }
        public init() {}
    }
    /// Where the imported trusted lists live: `paths.state/trust` (`parity trust import`).
    public var trustDirectory: String { paths.state + "/trust" }

    /// The trusted lists imported, each list's signature checked again.
    public func trustStore() throws(TrustStore.Problem) -> TrustStore { try TrustStore.load(trustDirectory) }

    /// Where the letter keys live: `paths.state/letter-keys`.
    public var letterKeys: String { paths.state + "/letter-keys" }
    /// `[producers]`: which message kinds each Unix group may deliver. Nil without the section:
    /// then only files owned by the daemon's own user are accepted.
    public var producers: [String: [String]]?
    /// `[services]`: the employment services a Unix group may deliver for, named by a
    /// message's `service` field (the scope of its person ids). Empty: every group delivers as itself.
    public var services: [String: [String]] = [:]
    /// `[database]`: the shared PostgreSQL database; nil: the SQLite file `paths.database`.
    public var sharedDatabase: SharedDatabase?

    /// Where the Prometheus metrics are written (node_exporter's textfile collector reads *.prom).
    public var metricsFile: String { paths.state + "/metrics/parity.prom" }

    /// The configured framework directory with its schema: every reader of frameworks uses this.
    public var frameworkDirectory: FrameworkDirectory {
        FrameworkDirectory(path: paths.frameworks, schemaPath: paths.schema)
    }

    public static let environmentVariable = "PARITY_CONFIG"
    public static let systemPath = "/etc/parity/parity.toml"

    /// `--config FILE`, else `$PARITY_CONFIG`, else /etc/parity/parity.toml.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return systemPath
    }

    public static func load(file: String) throws(ConfigurationError) -> ParityConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(
                file: file,
                message:
                    "cannot read the configuration file (\(error.localizedDescription)); pass --config FILE or set \(environmentVariable)"
            )
        }
        return try parse(text, file: file)
    }

    static func isServiceName(_ name: String) -> Bool {
        (try? MessageEnvelope.check(id: name, field: "service")) != nil
    }

    public static let messageKinds = MessageEnvelope.kinds

    public static let schemaName = "parity-framework-1.xsd"
    public static let systemSchema = "/usr/share/parity/schema/" + schemaName

    /// Without `paths.schema`: the schema shipped beside the frameworks
    /// (`<paths.frameworks>/schema/parity-framework-1.xsd`) if it is there, else the installed one.
    static func installedSchema(
        frameworks: String, exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> String {
        let beside = frameworks + "/schema/" + schemaName
        return exists(beside) ? beside : systemSchema
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(message)"
    }
}

extension ParityConfiguration {
    /// The configured store: the shared PostgreSQL database of `[database]`, else the SQLite
    /// file of `paths.database` (its directory created if needed).
    public func openStore() throws(StoreError) -> any Store {
        if let shared = sharedDatabase { return try PostgresStore(url: shared.url, passwordFile: shared.passwordFile) }
        try? FileManager.default.createDirectory(
            atPath: (paths.database as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o750])
        return try ParityDatabase(path: paths.database)
    }

    /// Whether there is a store to read without creating one (the CLI's read-only commands).
    public var storeExists: Bool { sharedDatabase != nil || FileManager.default.fileExists(atPath: paths.database) }

    /// Where the data is, for messages and logs (never a password).
    public var storeLocation: String { sharedDatabase.map { PostgresStore.redacted($0.url) } ?? paths.database }
}
