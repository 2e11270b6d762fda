import ParitySpool
import Synchronization

/// Names found in incoming/new and not yet claimed, shared by the workers: the directory is
/// listed once for a backlog, not once per group, and no two workers race for a name.
final class PendingNames: Sendable {
    private let names = Mutex<[String]>([])

    var count: Int { names.withLock { $0.count } }

    /// Claims up to `size` messages, oldest name first, listing the directory at most once.
    func claim(_ size: Int, from spool: Spool) throws(SpoolError) -> [String] {
        var claimed: [String] = []
        var listed = false
        while claimed.count < size {
            let batch = names.withLock { names -> [String] in
                let take = min(size - claimed.count, names.count)
                defer { names.removeLast(take) }
                return names.suffix(take).reversed()
            }
            if batch.isEmpty {
                // Listed at most once per group: whatever arrives later comes with a wake-up.
                guard !listed else { break }
                listed = true
                let found = try spool.waiting()
                guard !found.isEmpty else { break }
                names.withLock { $0 = found.reversed() }
                continue
            }
            for name in batch where try spool.claim(name) != nil { claimed.append(name) }
        }
        return claimed
    }
}
