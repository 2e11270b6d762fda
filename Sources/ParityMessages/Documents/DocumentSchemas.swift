import Foundation
import Synchronization

/// Where the shipped schemas of exchange formats are: beside the framework schema that the
/// configuration uses (`<schema dir>/elmo/schema.xsd`, set by parityd and the CLI at start),
/// else in the checkout's `Frameworks/schema/elmo/`, else where `make install` puts them.
public enum DocumentSchemas {
    private static let configured = Mutex<String?>(nil)

    /// The framework XSD in use (`paths.schema`): the ELMO schema is looked for beside it.
    public static func use(frameworkSchema: String) {
        let directory = (frameworkSchema as NSString).deletingLastPathComponent
        configured.withLock { $0 = directory + "/elmo/schema.xsd" }
    }

    public static var elmo: String {
        let candidates = [configured.withLock { $0 }, "Frameworks/schema/elmo/schema.xsd", "/usr/share/parity/schema/elmo/schema.xsd"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[candidates.count - 1]
    }
}
