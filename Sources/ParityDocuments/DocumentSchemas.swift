import Foundation

/// Where the shipped schemas of exchange formats are: beside the framework XSD in use
/// (`Frameworks/schema/elmo/` in the checkout), else where `make install` puts them.
public enum DocumentSchemas {
    static let installedELMO = "/usr/share/parity/schema/elmo/schema.xsd"

    /// The ELMO schema beside `frameworkSchema` (`<its directory>/elmo/schema.xsd`), else the
    /// installed one; nil when neither is there (transcripts are then read unvalidated).
    public static func elmo(besideFrameworkSchema frameworkSchema: String) -> String? {
        let beside = (frameworkSchema as NSString).deletingLastPathComponent + "/elmo/schema.xsd"
        return [beside, installedELMO].first { FileManager.default.fileExists(atPath: $0) }
    }
}
