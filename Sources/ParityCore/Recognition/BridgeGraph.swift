/// The graph of (framework, level) nodes joined by bridges, built once per framework set.
/// Bridges are read both ways (a referencing table says the levels are comparable, whichever
/// file published it). Typical ISCED 2011 levels join levels through virtual `isced-2011`
/// nodes as the weakest kind, `classification`.
public struct BridgeGraph: Sendable {
    public static let iscedFramework = "isced-2011"

    struct Edge: Sendable, Hashable {
        var to: LevelReference
        var kind: Bridge.Kind
        var status: Provenance.Status
        var source: String
        var reversed: Bool
    }

    /// A path from the origin with its confidence (product of edge factors and hop decay).
    public struct Route: Sendable, Hashable {
        public var steps: [PathStep]
        public var confidence: Double
        /// Every bridge on it is confirmed and none is a classification.
        public var isConfirmed: Bool { steps.allSatisfy { $0.status == .confirmed && $0.kind != .classification } }
    }

    private(set) var edges: [LevelReference: [Edge]] = [:]
    /// Level → frameworks its publishers found no comparable level in.
    private(set) var noAgreedLevel: [LevelReference: [Bridge]] = [:]
    /// Level → the agreements' comparisons from it (both ways), which hold for the credentials
    /// they cover only: never crossed by the search, offered per credential (`scoped(from:)`).
    private(set) var scoped: [LevelReference: [ScopedEdge]] = [:]

    /// One way across an agreement's comparison.
    public struct ScopedEdge: Sendable, Hashable {
        public var to: LevelReference
        public var bridge: Bridge
        public var reversed: Bool
    }

    /// Confidence kept per hop, so longer chains of the same kind weigh less.
    static let hopDecay = 0.95
    /// Confidence kept for an unconfirmed bridge.
    static let unconfirmedFactor = 0.7

    static func factor(_ kind: Bridge.Kind, _ status: Provenance.Status) -> Double {
        let base: Double =
            switch kind {
            case .referencing: 1.0
            case .jointComparison: 0.9
            case .bilateral: 0.85
            case .classification: 0.6
            }
        return base * (status == .confirmed ? 1 : unconfirmedFactor) * hopDecay
    }

    public init(_ set: FrameworkSet) {
        for framework in set.sortedFrameworks {
            for bridge in framework.bridges {
                if bridge.scope != nil, case .level(let to) = bridge.target {
                    scoped[bridge.from, default: []].append(ScopedEdge(to: to, bridge: bridge, reversed: false))
                    scoped[to, default: []].append(ScopedEdge(to: bridge.from, bridge: bridge, reversed: true))
                    continue
                }
                switch bridge.target {
                case .level(let to):
                    add(bridge.from, to, bridge.kind, bridge.provenance, reversed: false)
                    add(to, bridge.from, bridge.kind, bridge.provenance, reversed: true)
                case .noAgreedLevel:
                    noAgreedLevel[bridge.from, default: []].append(bridge)
                }
            }
            for level in framework.levels {
                for isced in level.isced {
                    let node = LevelReference(framework: Self.iscedFramework, level: "\(isced.level)")
                    let from = LevelReference(framework: framework.id, level: level.id)
                    add(from, node, .classification, isced.provenance, reversed: false)
                    add(node, from, .classification, isced.provenance, reversed: true)
                }
            }
        }
        // Deterministic edge order: by target, then strongest bridge first.
        for key in edges.keys {
            edges[key]?.sort { a, b in
                a.to != b.to ? a.to < b.to : Self.factor(a.kind, a.status) > Self.factor(b.kind, b.status)
            }
        }
    }

    private mutating func add(
        _ from: LevelReference, _ to: LevelReference, _ kind: Bridge.Kind, _ p: Provenance, reversed: Bool
    ) {
        edges[from, default: []].append(
            Edge(to: to, kind: kind, status: p.status, source: p.source, reversed: reversed))
    }

    /// The agreements' comparisons from `origin` (in either direction of their statement).
    public func scoped(from origin: LevelReference) -> [ScopedEdge] { scoped[origin] ?? [] }

    /// Every explicit "no agreed level" statement from `origin`, into any framework.
    public func noAgreedLevel(from origin: LevelReference) -> [Bridge] {
        noAgreedLevel[origin, default: []]
    }

    /// Explicit "no agreed level" statements from `origin` into `framework`.
    public func noAgreedLevel(from origin: LevelReference, into framework: String) -> [Bridge] {
        noAgreedLevel[origin, default: []].filter { $0.target.framework == framework }
    }

    /// The strongest route from `origin` to every reachable level of `destinations`
    /// (max-product Dijkstra; ties broken by node order, so results are deterministic).
    /// Routes do not pass back through the origin's framework.
    /// With `confirmedOnly`, only confirmed bridges of a kind other than classification are used.
    public func routes(
        from origin: LevelReference, to destinations: Set<String>, confirmedOnly: Bool = false
    ) -> [LevelReference: Route] {
        var best: [LevelReference: Route] = [origin: Route(steps: [], confidence: 1)]
        var done = Set<LevelReference>()
        var frontier: [LevelReference] = [origin]
        while !frontier.isEmpty {
            // Pop the highest-confidence node (frontiers here are small: tens of nodes).
            var index = 0
            for i in frontier.indices.dropFirst() {
                let a = best[frontier[i]]?.confidence ?? 0
                let b = best[frontier[index]]?.confidence ?? 0
                if a > b || (a == b && frontier[i] < frontier[index]) { index = i }
            }
            let node = frontier.remove(at: index)
            guard done.insert(node).inserted, let route = best[node] else { continue }
            // A destination level ends a route: going on would leave the destination again.
            if node != origin && destinations.contains(node.framework) { continue }
            for edge in edges[node] ?? [] where edge.to.framework != origin.framework && !done.contains(edge.to) {
                if confirmedOnly && (edge.status != .confirmed || edge.kind == .classification) { continue }
                let confidence = route.confidence * Self.factor(edge.kind, edge.status)
                if confidence > (best[edge.to]?.confidence ?? 0) {
                    let step = PathStep(
                        from: node, to: edge.to, kind: edge.kind, status: edge.status, source: edge.source,
                        reversed: edge.reversed)
                    best[edge.to] = Route(steps: route.steps + [step], confidence: confidence)
                    frontier.append(edge.to)
                }
            }
        }
        return best.filter { destinations.contains($0.key.framework) && $0.key != origin }
    }
}
