import Foundation
import ParityCore
import ParityTestSupport
import ParityXML

/// Paths of the repository's shipped data, and temporary directories for test documents.
enum Fixtures {
    static let frameworks = Repo.frameworks
    static let schema = Repo.schema

    /// A minimal valid framework document; `levels` and `bridges` are inner XML.
    static func framework(
        id: String = "xx-test", levels: String? = nil, bridges: String = "", extra: String = ""
    ) -> String {
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
