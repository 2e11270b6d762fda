import ParityCore
import ParityXML
import Synchronization

/// The framework set in service. Readers take the current set (an immutable value) and keep
/// it for the whole of one job; a reload builds a complete new set first and swaps it in
/// atomically, or leaves the old one in place and reports every problem.
public final class FrameworkRegistry: Sendable {
    private let state: Mutex<FrameworkSet>
    private let directory: Mutex<FrameworkDirectory>

    /// Loads the directory; throws every problem if the set is not completely valid.
    public init(directory: FrameworkDirectory) throws(FrameworkLoadError) {
        let set = try directory.load()
        state = Mutex(set)
        self.directory = Mutex(directory)
    }

    public var current: FrameworkSet { state.withLock { $0 } }

    /// Re-reads the directory (optionally a new one, after a configuration reload). On success
    /// the new set is in service and returned; on failure the old set stays and the error says why.
    @discardableResult
    public func reload(from newDirectory: FrameworkDirectory? = nil) throws(FrameworkLoadError) -> FrameworkSet {
        let source = newDirectory ?? directory.withLock { $0 }
        let set = try source.load()
        state.withLock { $0 = set }
        directory.withLock { $0 = source }
        return set
    }
}
