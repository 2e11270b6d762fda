public import Foundation

/// Paths of the repository's shipped data, for tests of every target.
public enum Repo {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let frameworks = root.appendingPathComponent("Frameworks").path
    public static let schema = root.appendingPathComponent("Frameworks/schema/parity-framework-1.xsd").path
}

/// A fresh temporary directory, removed when the object goes away. Sendable: its one property
/// never changes, and the directory's contents are the file system's to synchronise.
public final class TempDirectory: Sendable {
    public let path: String

    public init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (sub-directories created as needed) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    /// Copies shipped framework files (by name) into `subdirectory` of this directory.
    public func copyShipped(_ names: [String], into subdirectory: String = "") {
        let target = subdirectory.isEmpty ? path : path + "/" + subdirectory
        try? FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in names {
            try? FileManager.default.copyItem(atPath: Repo.frameworks + "/" + name, toPath: target + "/" + name)
        }
    }

    public func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    /// A configuration file (`file`) whose frameworks directory holds copies of the named shipped
    /// files; on SQLite, or on the PostgreSQL database `databaseURL`; `extra` is appended (more
    /// TOML sections).
    public func configuration(
        _ file: String = "parity.toml", frameworks names: [String], databaseURL: String? = nil, extra: String = ""
    ) -> String {
        copyShipped(names, into: "frameworks")
        let store = databaseURL.map { "[database]\nurl = \"\($0)\"" } ?? ""
        return write(
            file,
            """
            [paths]
            frameworks = "frameworks"
            schema = "\(Repo.schema)"
            spool = "spool"
            \(databaseURL == nil ? "database = \"db/parity.sqlite\"" : "")
            state = "state"
            \(store)
            \(extra)
            """)
    }
}
