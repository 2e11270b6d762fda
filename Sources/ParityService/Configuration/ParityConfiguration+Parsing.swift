import Foundation
import ParityCore
import ParityMessages
import ParitySpool
import TOMLKit

/// Reading the file: the TOML decoded strictly (an unknown key is an error), then each section
/// checked with the key, the value found and what was expected, and relative paths resolved
/// against the file's directory.
extension ParityConfiguration {
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> ParityConfiguration {
        let raw = try decode(text, file: file)
        let check = Checker(file: file)
        let level = try check.logLevel(raw.daemon?.log_level)
        let spool =
            try raw.spool.map { section throws(ConfigurationError) in try check.spool(section) } ?? SpoolSettings()
        let matching = try check.matching(raw.matching, payFloors: raw.pay_floors ?? [:])
        let letters = try check.letters(raw.letters)
        try check.producers(raw.producers ?? [:], services: raw.services ?? [:])
        let frameworks = try check.resolve(raw.paths.frameworks, "paths.frameworks")
        let schema = try raw.paths.schema.map { value throws(ConfigurationError) in
            try check.resolve(value, "paths.schema")
        }
        var configuration = ParityConfiguration(
            file: file,
            paths: Paths(
                frameworks: frameworks,
                schema: schema ?? Self.installedSchema(frameworks: frameworks),
                spool: try check.resolve(raw.paths.spool, "paths.spool"),
                database: try raw.paths.database.map { value throws(ConfigurationError) in
                    try check.resolve(value, "paths.database")
                } ?? "",
                state: try check.resolve(raw.paths.state, "paths.state")),
            daemon: Daemon(logLevel: level), spool: spool, matching: matching, letters: letters,
            producers: raw.producers)
        configuration.services = raw.services ?? [:]
        if let require = raw.authenticity?.require {
            guard let requirement = AuthenticitySettings.Requirement(rawValue: require) else {
                throw check.fail(
                    "authenticity.require is '\(require.prefix(20))'; expected \"verified\", \"attested\" or \"any\"")
            }
            configuration.authenticity.require = requirement
        }
        configuration.sharedDatabase = try check.database(file: raw.paths.database, shared: raw.database)
        return configuration
    }

    private static func decode(_ text: String, file: String) throws(ConfigurationError) -> RawConfiguration {
        do {
            return try TOMLDecoder(strictDecoding: true).decode(RawConfiguration.self, from: text)
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
    }

    /// The checks of each section, every refusal naming the file, the key and what was expected.
    private struct Checker {
        let file: String

        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: file, message: message) }

        func resolve(_ value: String, _ key: String) throws(ConfigurationError) -> String {
            guard !value.isEmpty else { throw fail("key '\(key)' is empty; expected a path") }
            if value.hasPrefix("/") { return value }
            return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(value)
                .standardizedFileURL.path
        }

        func logLevel(_ name: String?) throws(ConfigurationError) -> LogLevelName {
            guard let name else { return .info }
            guard let parsed = LogLevelName(rawValue: name) else {
                throw fail(
                    "daemon.log_level is '\(name)'; expected one of \(LogLevelName.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return parsed
        }

        func bounded<T: Comparable>(
            _ value: T?, _ key: String, _ range: ClosedRange<T>, _ fallback: T
        ) throws(ConfigurationError) -> T {
            guard let value else { return fallback }
            guard range.contains(value) else {
                throw fail("spool.\(key) is \(value); expected \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }

        func spool(_ raw: RawConfiguration.Spool) throws(ConfigurationError) -> SpoolSettings {
            var spool = SpoolSettings()
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
                guard Spool.isValidNode(node) else {
                    throw fail(
                        "spool.node is '\(node.prefix(80))'; expected 1 to 64 of A-Z a-z 0-9 . _ - (not starting with a dot)"
                    )
                }
                spool.node = node
            }
            return spool
        }

        func matching(
            _ raw: RawConfiguration.Matching?, payFloors: [String: RawConfiguration.PayFloor]
        ) throws(ConfigurationError) -> MatchingSettings {
            var matching = MatchingSettings()
            if let size = raw?.shortlist_size {
                guard (1...500).contains(size) else {
                    throw fail("matching.shortlist_size is \(size); expected 1 to 500")
                }
                matching.shortlistSize = size
            }
            for (country, floor) in payFloors {
                guard let period = JobOpening.Salary.Period(rawValue: floor.per.uppercased()) else {
                    throw fail("pay_floors.\(country).per is '\(floor.per)'; expected HOUR, DAY, WEEK, MONTH or YEAR")
                }
                guard floor.amount.value > 0, floor.currency.count == 3 else {
                    throw fail("pay_floors.\(country): expected an amount above 0 and a three-letter currency code")
                }
                matching.payFloors[country] = JobOpening.Salary(
                    amount: floor.amount.value, currency: floor.currency, period: period)
            }
            return matching
        }

        func letters(_ raw: RawConfiguration.Letters?) throws(ConfigurationError) -> LetterSettings {
            var letters = LetterSettings()
            if let issuer = raw?.issuer {
                let trimmed = issuer.trimmingCharacters(in: .whitespaces)
                guard (1...200).contains(trimmed.count), !trimmed.contains(where: \.isNewline) else {
                    throw fail(
                        "letters.issuer is '\(issuer.prefix(40))'; expected the issuing body's name, 1 to 200 characters on one line"
                    )
                }
                letters.issuer = trimmed
            }
            return letters
        }

        func producers(_ producers: [String: [String]], services: [String: [String]]) throws(ConfigurationError) {
            for (group, kinds) in producers.sorted(by: { $0.key < $1.key }) {
                for kind in kinds where !ParityConfiguration.messageKinds.contains(kind) {
                    throw fail(
                        "producers.\(group) lists '\(kind)'; expected message kinds among \(ParityConfiguration.messageKinds.joined(separator: ", "))"
                    )
                }
            }
            for (group, names) in services.sorted(by: { $0.key < $1.key }) {
                for name in names where !ParityConfiguration.isServiceName(name) {
                    throw fail(
                        "services.\(group) lists '\(name.prefix(140))'; expected service names of \(MessageEnvelope.idRule)"
                    )
                }
                // A group's own scope is its name (`gid-N` without one): delivering as another
                // producer group would reach into that group's people.
                for name in names where name != group && (producers[name] != nil || name.hasPrefix("gid-")) {
                    throw fail(
                        "services.\(group) lists '\(name)', which is the scope of another producer group; expected "
                            + "the names of services this group delivers for, none of them a group in [producers] or gid-N"
                    )
                }
            }
        }

        /// SQLite (`paths.database`) or PostgreSQL (`[database] url`): exactly one.
        func database(file: String?, shared: RawConfiguration.Database?) throws(ConfigurationError) -> SharedDatabase? {
            switch (file, shared) {
            case (nil, nil):
                throw fail(
                    "no database: set paths.database (an SQLite file) or [database] url (a shared PostgreSQL database)")
            case (.some, .some):
                throw fail(
                    "both paths.database and [database] url are set; give one (SQLite for one node, PostgreSQL for several)"
                )
            case (nil, .some(let database)):
                guard database.url.hasPrefix("postgres://") || database.url.hasPrefix("postgresql://") else {
                    throw fail("database.url must start with postgres://; got '\(database.url.prefix(12))...'")
                }
                return SharedDatabase(
                    url: database.url,
                    passwordFile: try database.password_file.map { value throws(ConfigurationError) in
                        try resolve(value, "database.password_file")
                    })
            case (.some, nil):
                return nil
            }
        }
    }
}
