import Foundation
import ParityCore
import ParityXML

/// Paths of the repository's shipped data, and temporary directories for test documents.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let frameworks = root.appendingPathComponent("Frameworks").path
    static let schema = root.appendingPathComponent("Frameworks/schema/parity-framework-1.xsd").path

    /// A fresh directory that is removed when the returned object goes away.
    final class TempDirectory {
        let path: String
        init() {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-test-\(UUID().uuidString)").path
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func write(_ name: String, _ text: String) -> String {
            let file = path + "/" + name
            _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
            return file
        }

        func copyShipped(_ names: String...) {
            for name in names {
                try? FileManager.default.copyItem(atPath: Fixtures.frameworks + "/" + name, toPath: path + "/" + name)
            }
        }

        func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    /// A minimal valid framework document; `levels` and `bridges` are inner XML.
    static func framework(id: String = "xx-test", levels: String? = nil, bridges: String = "", extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <framework xmlns="urn:parity:framework:1" id="\(id)" kind="national" version="1" date="2026-01-01"\(extra)>
          <name>Test framework</name>
          <country>IE</country>
          <levels>
        \(levels ?? """
            <level id="1" order="1"><name>Level 1</name></level>
            <level id="2" order="2"><name>Level 2</name></level>
        """)
          </levels>
          <bridges>\(bridges)</bridges>
        </framework>

        """
    }

    static func read(_ file: String) throws(FrameworkFileError) -> SourceDocument {
        let schema = try FrameworkSchema(path: Fixtures.schema)
        return try FrameworkDocumentReader.read(file: file, schema: schema)
    }

    static func diagnostics(_ file: String) -> [XMLDiagnostic] {
        do {
            _ = try read(file)
            return []
        } catch {
            return error.diagnostics
        }
    }
}
