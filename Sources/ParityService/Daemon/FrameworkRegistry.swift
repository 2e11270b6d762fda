import ParityCore
import ParityMessages
import ParityXML
import Synchronization

/// The framework set in service. Readers take the current set (an immutable value) and keep
/// it for the whole of one job; a reload builds a complete new set first and swaps it in
/// atomically, or leaves the old one in place and reports every problem.
public final class FrameworkRegistry: Sendable {
    /// The set and the engine built on it (its indexes and route cache), swapped together, and
    /// the ELMO schema beside the directory's XSD (looked for once per load).
    private let state: Mutex<(set: FrameworkSet, engine: RecognitionEngine, elmoSchema: String?)>
    private let directory: Mutex<FrameworkDirectory>

    /// Loads the directory; throws every problem if the set is not completely valid.
    public init(directory: FrameworkDirectory) throws(FrameworkLoadError) {
        let set = try directory.load()
        state = Mutex((set, RecognitionEngine(set: set), DocumentSchemas.elmo(besideFrameworkSchema: directory.schemaPath)))
        self.directory = Mutex(directory)
    }

    public var current: FrameworkSet { state.withLock { $0.set } }

    /// The recognition engine on the current set; a job keeps the one it started with.
    public var engine: RecognitionEngine { state.withLock { $0.engine } }

    /// How exchange documents in messages are read: the current set's QDR levels, the ELMO schema.
    public var documents: DocumentReader.Options {
        let (set, schema) = state.withLock { ($0.set, $0.elmoSchema) }
        return .installed(set, elmoSchema: schema)
    }

    /// Re-reads the directory (optionally a new one, after a configuration reload). On success
    /// the new set is in service and returned; on failure the old set stays and the error says why.
    @discardableResult
    public func reload(from newDirectory: FrameworkDirectory? = nil) throws(FrameworkLoadError) -> FrameworkSet {
        let source = newDirectory ?? directory.withLock { $0 }
        let set = try source.load()
        let engine = RecognitionEngine(set: set)
        let elmoSchema = DocumentSchemas.elmo(besideFrameworkSchema: source.schemaPath)
        state.withLock { $0 = (set, engine, elmoSchema) }
        directory.withLock { $0 = source }
        return set
    }
}
