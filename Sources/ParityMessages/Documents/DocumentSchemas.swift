import Foundation

/// Where the shipped schemas of exchange formats are: beside the framework schema in the
/// checkout (`Frameworks/schema/elmo/`), else where `make install` puts them.
public enum DocumentSchemas {
    public static var elmo: String {
        let candidates = ["Frameworks/schema/elmo/schema.xsd", "/usr/share/parity/schema/elmo/schema.xsd"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[1]
    }
}
