public import ParityCore
public import ParityDocuments
public import ParitySignatures
public import ParityXML
import Synchronization

/// The framework set in service. Readers take the current set (an immutable value) and keep
/// it for the whole of one job; a reload builds a complete new set first and swaps it in
/// atomically, or leaves the old one in place and reports every problem.
public final class FrameworkRegistry: Sendable {
    /// The set and the engine built on it (its indexes and route cache), swapped together, and
    /// the ELMO schema beside the directory's XSD (looked for once per load).
    public struct Snapshot: Sendable {
        public var set: FrameworkSet
        public var engine: RecognitionEngine
        var elmoSchema: String?
        /// The imported trusted lists (`paths.state/trust`), read with the set.
        public var trust: TrustStore?

        /// How exchange documents in messages are read: this set's QDR levels, the ELMO schema,
        /// the trusted lists.
        public var documents: DocumentReader {
            DocumentReader(options: .installed(set, elmoSchema: elmoSchema, trust: trust))
        }
    }

    private let state: Mutex<Snapshot>
    private let directory: Mutex<FrameworkDirectory>

    /// Loads the directory; throws every problem if the set is not completely valid. `trust`:
    /// the trusted lists loaded from `paths.state/trust` (nil: none imported).
    public init(directory: FrameworkDirectory, trust: TrustStore? = nil) throws(FrameworkLoadError) {
        let set = try directory.load()
        state = Mutex(
            Snapshot(
                set: set, engine: RecognitionEngine(set: set),
                elmoSchema: DocumentSchemas.elmo(besideFrameworkSchema: directory.schemaPath), trust: trust))
        self.directory = Mutex(directory)
    }

    /// The set, its engine and its document options from one read: a group of messages keeps
    /// the snapshot it started with, whatever reload happens meanwhile.
    public var snapshot: Snapshot { state.withLock { $0 } }

    public var current: FrameworkSet { snapshot.set }

    /// The recognition engine on the current set.
    public var engine: RecognitionEngine { snapshot.engine }

    /// Re-reads the directory (optionally a new one, after a configuration reload). On success
    /// the new set is in service and returned; on failure the old set stays and the error says why.
    @discardableResult
    public func reload(
        from newDirectory: FrameworkDirectory? = nil, trust: TrustStore?? = nil
    ) throws(FrameworkLoadError) -> FrameworkSet {
        let source = newDirectory ?? directory.withLock { $0 }
        let set = try source.load()
        let engine = RecognitionEngine(set: set)
        let elmoSchema = DocumentSchemas.elmo(besideFrameworkSchema: source.schemaPath)
        state.withLock {
            $0 = Snapshot(set: set, engine: engine, elmoSchema: elmoSchema, trust: trust ?? $0.trust)
        }
        directory.withLock { $0 = source }
        return set
    }
}
