import ParityCore

/// The file's shape as TOML, before paths are resolved and values checked.
struct RawConfiguration: Decodable {
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
    var authenticity: AuthenticitySection?

    struct Letters: Decodable {
        var issuer: String?
    }
    struct AuthenticitySection: Decodable {
        var require: String?
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
