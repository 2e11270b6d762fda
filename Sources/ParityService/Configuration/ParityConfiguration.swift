import Foundation
import Logging
import ParityXML
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
        /// SQLite database file.
        public var database: String
        /// Directory for keys and metrics.
        public var state: String
    }

    public struct Daemon: Sendable, Equatable {
        public var logLevel: LogLevelName
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

    /// The configured framework directory with its schema: every reader of frameworks uses this.
    public var frameworkDirectory: FrameworkDirectory {
        FrameworkDirectory(path: paths.frameworks, schemaPath: paths.schema)
    }

    public static let environmentVariable = "PARITY_CONFIG"
    public static let systemPath = "/etc/parity/parity.toml"

    /// `--config FILE`, else `$PARITY_CONFIG`, else /etc/parity/parity.toml.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return systemPath
    }

    public static func load(file: String) throws(ConfigurationError) -> ParityConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: file, message: "cannot read the configuration file (\(error.localizedDescription)); pass --config FILE or set \(environmentVariable)")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> ParityConfiguration {
        let raw: RawConfiguration
        do {
            raw = try TOMLDecoder(strictDecoding: true).decode(RawConfiguration.self, from: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.map { key, path in (path.map(\.stringValue) + [key]).joined(separator: ".") }.sorted()
            throw ConfigurationError(file: file, message: "unknown key(s) \(keys.joined(separator: ", ")); the keys are documented in Config/parity.toml")
        } catch let DecodingError.keyNotFound(key, context) {
            var names = context.codingPath.map(\.stringValue)
            if names.last != key.stringValue { names.append(key.stringValue) }
            let path = names.joined(separator: ".")
            throw ConfigurationError(file: file, message: "missing or mistyped key '\(path)': expected a string")
        } catch {
            throw ConfigurationError(file: file, message: "\(error)")
        }
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ value: String, _ key: String) throws(ConfigurationError) -> String {
            guard !value.isEmpty else { throw ConfigurationError(file: file, message: "key '\(key)' is empty; expected a path") }
            if value.hasPrefix("/") { return value }
            return base.appendingPathComponent(value).standardizedFileURL.path
        }
        let level: LogLevelName
        if let name = raw.daemon?.log_level {
            guard let parsed = LogLevelName(rawValue: name) else {
                throw ConfigurationError(file: file, message: "daemon.log_level is '\(name)'; expected one of \(LogLevelName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            level = parsed
        } else {
            level = .info
        }
        return ParityConfiguration(
            file: file,
            paths: Paths(
                frameworks: try resolve(raw.paths.frameworks, "paths.frameworks"),
                schema: try resolve(raw.paths.schema, "paths.schema"),
                spool: try resolve(raw.paths.spool, "paths.spool"),
                database: try resolve(raw.paths.database, "paths.database"),
                state: try resolve(raw.paths.state, "paths.state")),
            daemon: Daemon(logLevel: level))
    }
}

/// The file's shape as TOML, before paths are resolved and values checked.
private struct RawConfiguration: Decodable {
    struct Paths: Decodable {
        var frameworks: String
        var schema: String
        var spool: String
        var database: String
        var state: String
    }
    struct Daemon: Decodable {
        var log_level: String?
    }
    var paths: Paths
    var daemon: Daemon?
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
