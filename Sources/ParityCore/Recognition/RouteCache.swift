import Synchronization

/// Route searches depend only on the origin levels and the destination, never on the rest of
/// a credential: a batch of thousands of credentials needs only a few hundred searches.
final class RouteCache: Sendable {
    struct Routes: Sendable {
        var strongest: [LevelReference: BridgeGraph.Route] = [:]
        var confirmed: [LevelReference: BridgeGraph.Route] = [:]
        var refusals: [Bridge] = []
        /// The data versions a result on these routes uses, without and with the taxonomy.
        var versions: [DataVersion] = []
        var versionsWithTaxonomy: [DataVersion] = []
        /// The level component's sentence per destination level (it depends on the route only).
        var levelSentences: [LevelReference: String] = [:]
    }

    private struct Key: Hashable {
        var origin: String
        var levels: [String]
        var destination: String
    }

    private let entries = Mutex<[Key: Routes]>([:])

    func routes(origin: String, levels: [String], destination: String, search: () -> Routes) -> Routes {
        let key = Key(origin: origin, levels: levels, destination: destination)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let found = search()
        entries.withLock { $0[key] = found }
        return found
    }
}
