public import Foundation
public import Logging
public import ParityCore
import ParityMessages
import ParityPostgres
import ParitySQLite
import ParitySpool
public import ParityStore
public import ParityXML
import TOMLKit

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

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> ParityConfiguration {
        let raw: RawConfiguration
        do {
            raw = try TOMLDecoder(strictDecoding: true).decode(RawConfiguration.self, from: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description
            )
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.map { key, path in (path.map(\.stringValue) + [key]).joined(separator: ".") }.sorted()
            throw ConfigurationError(
                file: file,
                message: "unknown key(s) \(keys.joined(separator: ", ")); the keys are documented in Config/parity.toml"
            )
        } catch let DecodingError.keyNotFound(key, context) {
            var names = context.codingPath.map(\.stringValue)
            if names.last != key.stringValue { names.append(key.stringValue) }
            let path = names.joined(separator: ".")
            throw ConfigurationError(
                file: file,
                message: "missing or mistyped key '\(path)': expected \(RawConfiguration.expectedType(of: path))")
        } catch {
            throw ConfigurationError(file: file, message: "\(error)")
        }
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ value: String, _ key: String) throws(ConfigurationError) -> String {
            guard !value.isEmpty else {
                throw ConfigurationError(file: file, message: "key '\(key)' is empty; expected a path")
            }
            if value.hasPrefix("/") { return value }
            return base.appendingPathComponent(value).standardizedFileURL.path
        }
        let level: LogLevelName
        if let name = raw.daemon?.log_level {
            guard let parsed = LogLevelName(rawValue: name) else {
                throw ConfigurationError(
                    file: file,
                    message:
                        "daemon.log_level is '\(name)'; expected one of \(LogLevelName.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            level = parsed
        } else {
            level = .info
        }
        var spool = SpoolSettings()
        if let raw = raw.spool {
            func bounded<T: Comparable>(
                _ value: T?, _ key: String, _ range: ClosedRange<T>, _ fallback: T
            ) throws(ConfigurationError) -> T {
                guard let value else { return fallback }
                guard range.contains(value) else {
                    throw ConfigurationError(
                        file: file,
                        message: "spool.\(key) is \(value); expected \(range.lowerBound) to \(range.upperBound)")
                }
                return value
            }
            spool.workers = try bounded(raw.workers, "workers", 1...64, spool.workers)
            spool.groupSize = try bounded(raw.group_size, "group_size", 1...4096, spool.groupSize)
            spool.rescanSeconds = try bounded(
                raw.rescan_seconds?.value, "rescan_seconds", 0.1...3600, spool.rescanSeconds)
            spool.maxMessageBytes = try bounded(
                raw.max_message_bytes, "max_message_bytes", 1024...(1 << 30), spool.maxMessageBytes)
            spool.maxJSONDepth = try bounded(raw.max_json_depth, "max_json_depth", 4...256, spool.maxJSONDepth)
            spool.retentionDays = try bounded(
                raw.retention_days?.value, "retention_days", 0...3650, spool.retentionDays)
            spool.stuckSeconds = try bounded(raw.stuck_seconds?.value, "stuck_seconds", 0.1...86400, spool.stuckSeconds)
            spool.nodeLeaseSeconds = try bounded(
                raw.node_lease_seconds?.value, "node_lease_seconds", 1...3600, spool.nodeLeaseSeconds)
            if let node = raw.node {
                guard ParitySpool.Spool.isValidNode(node) else {
                    throw ConfigurationError(
                        file: file,
                        message:
                            "spool.node is '\(node.prefix(80))'; expected 1 to 64 of A-Z a-z 0-9 . _ - (not starting with a dot)"
                    )
                }
                spool.node = node
            }
        }
        var matching = MatchingSettings()
        if let size = raw.matching?.shortlist_size {
            guard (1...500).contains(size) else {
                throw ConfigurationError(file: file, message: "matching.shortlist_size is \(size); expected 1 to 500")
            }
            matching.shortlistSize = size
        }
        for (country, floor) in raw.pay_floors ?? [:] {
            guard let period = JobOpening.Salary.Period(rawValue: floor.per.uppercased()) else {
                throw ConfigurationError(
                    file: file,
                    message: "pay_floors.\(country).per is '\(floor.per)'; expected HOUR, DAY, WEEK, MONTH or YEAR")
            }
            guard floor.amount.value > 0, floor.currency.count == 3 else {
                throw ConfigurationError(
                    file: file,
                    message: "pay_floors.\(country): expected an amount above 0 and a three-letter currency code")
            }
            matching.payFloors[country] = JobOpening.Salary(
                amount: floor.amount.value, currency: floor.currency, period: period)
        }
        var letters = LetterSettings()
        if let issuer = raw.letters?.issuer {
            let trimmed = issuer.trimmingCharacters(in: .whitespaces)
            guard (1...200).contains(trimmed.count), !trimmed.contains(where: \.isNewline) else {
                throw ConfigurationError(
                    file: file,
                    message:
                        "letters.issuer is '\(issuer.prefix(40))'; expected the issuing body's name, 1 to 200 characters on one line"
                )
            }
            letters.issuer = trimmed
        }
        if let producers = raw.producers {
            for (group, kinds) in producers.sorted(by: { $0.key < $1.key }) {
                for kind in kinds where !Self.messageKinds.contains(kind) {
                    throw ConfigurationError(
                        file: file,
                        message:
                            "producers.\(group) lists '\(kind)'; expected message kinds among \(Self.messageKinds.joined(separator: ", "))"
                    )
                }
            }
        }
        for (group, names) in (raw.services ?? [:]).sorted(by: { $0.key < $1.key }) {
            for name in names where !Self.isServiceName(name) {
                throw ConfigurationError(
                    file: file,
                    message:
                        "services.\(group) lists '\(name.prefix(140))'; expected service names of \(MessageEnvelope.idRule)"
                )
            }
        }
        let frameworks = try resolve(raw.paths.frameworks, "paths.frameworks")
        let schema: String
        if let value = raw.paths.schema {
            schema = try resolve(value, "paths.schema")
        } else {
            schema = Self.installedSchema(frameworks: frameworks)
        }
        var configuration = ParityConfiguration(
            file: file,
            paths: Paths(
                frameworks: frameworks,
                schema: schema,
                spool: try resolve(raw.paths.spool, "paths.spool"),
                database: try raw.paths.database.map { value throws(ConfigurationError) in
                    try resolve(value, "paths.database")
                } ?? "",
                state: try resolve(raw.paths.state, "paths.state")),
            daemon: Daemon(logLevel: level), spool: spool, matching: matching, letters: letters,
            producers: raw.producers)
        configuration.services = raw.services ?? [:]
        switch (raw.paths.database, raw.database) {
        case (nil, nil):
            throw ConfigurationError(
                file: file,
                message:
                    "no database: set paths.database (an SQLite file) or [database] url (a shared PostgreSQL database)")
        case (.some, .some):
            throw ConfigurationError(
                file: file,
                message:
                    "both paths.database and [database] url are set; give one (SQLite for one node, PostgreSQL for several)"
            )
        case (nil, .some(let database)):
            guard database.url.hasPrefix("postgres://") || database.url.hasPrefix("postgresql://") else {
                throw ConfigurationError(
                    file: file, message: "database.url must start with postgres://; got '\(database.url.prefix(12))...'"
                )
            }
            configuration.sharedDatabase = SharedDatabase(
                url: database.url,
                passwordFile: try database.password_file.map { value throws(ConfigurationError) in
                    try resolve(value, "database.password_file")
                })
        case (.some, nil):
            break
        }
        return configuration
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

/// The file's shape as TOML, before paths are resolved and values checked.
private struct RawConfiguration: Decodable {
    struct Paths: Decodable {
        var frameworks: String
        var schema: String?
        var spool: String
        var database: String?
        var state: String
    }
    struct Database: Decodable {
        var url: String
        var password_file: String?
    }
    var database: Database?
    struct Daemon: Decodable {
        var log_level: String?
    }
    struct Spool: Decodable {
        var workers: Int?
        var group_size: Int?
        var rescan_seconds: Number?
        var max_message_bytes: Int?
        var max_json_depth: Int?
        var retention_days: Number?
        var stuck_seconds: Number?
        var node: String?
        var node_lease_seconds: Number?
    }
    var paths: Paths
    var daemon: Daemon?
    var spool: Spool?
    var matching: Matching?
    var pay_floors: [String: PayFloor]?
    var letters: Letters?

    struct Letters: Decodable {
        var issuer: String?
    }
    var producers: [String: [String]]?
    var services: [String: [String]]?

    struct PayFloor: Decodable {
        var amount: Number
        var currency: String
        var per: String
    }

    struct Matching: Decodable {
        var shortlist_size: Int?
    }

    /// A number written either way in TOML (`5` or `5.0`).
    struct Number: Decodable {
        var value: Double
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let integer = try? container.decode(Int.self) {
                value = Double(integer)
            } else {
                value = try container.decode(Double.self)
            }
        }
    }

    /// For errors: what a key holds.
    static func expectedType(of path: String) -> String {
        if path.hasPrefix("producers.") { return "a list of message kinds" }
        if path.hasPrefix("services.") { return "a list of service names" }
        switch path {
        case "spool.workers", "spool.group_size", "spool.max_message_bytes", "spool.max_json_depth",
            "matching.shortlist_size":
            return "a whole number"
        case "spool.rescan_seconds", "spool.retention_days", "spool.stuck_seconds", "spool.node_lease_seconds":
            return "a number"
        default: return "a string"
        }
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
