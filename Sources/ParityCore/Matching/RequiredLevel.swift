/// A job's education requirement read in the destination's own framework(s), the only terms in
/// which a candidate's recognised level can be compared with it. "EQF 6" for a job in Germany
/// becomes DQR 6 through the referencing bridges; a destination framework's own level is taken
/// as is; a credential category alone ("bachelor degree") is matched against the destination
/// levels' qualification types. Anything that cannot be read this way is `unresolved`, with the
/// reason: the level is then shown, never guessed.
public struct RequiredLevel: Sendable, Hashable {
    /// Destination framework id → the id of its lowest level that meets the requirement.
    public private(set) var minimumLevel: [String: String] = [:]
    /// Destination framework id → level id → order, for those frameworks.
    private var orders: [String: [String: Int]] = [:]
    /// The requirement as the job put it ("EQF 6", "bachelor degree").
    public var asked: String

    public enum Resolution: Sendable, Hashable {
        case level(RequiredLevel)
        case unresolved(String)
    }

    init(asked: String) { self.asked = asked }

    /// Whether `level` of `framework` meets the requirement; nil when the requirement was not
    /// read in that framework.
    public func isMet(framework: String, level: String) -> Bool? {
        guard let levels = orders[framework], let minimum = minimumLevel[framework].flatMap({ levels[$0] }) else {
            return nil
        }
        return (levels[level] ?? .min) >= minimum
    }

    /// Takes `level` as the minimum in `framework` if it is lower than the one held.
    private mutating func lower(to level: Level, in framework: Framework) {
        let levels =
            orders[framework.id]
            ?? Dictionary(framework.levels.map { ($0.id, $0.order) }, uniquingKeysWith: { a, _ in a })
        orders[framework.id] = levels
        if let held = minimumLevel[framework.id].flatMap({ levels[$0] }), held <= level.order { return }
        minimumLevel[framework.id] = level.id
    }

    /// The requirement in destination terms: "de-dqr 6".
    public var inDestinationTerms: String {
        minimumLevel.keys.sorted().map { "\($0) \(minimumLevel[$0] ?? "")" }.joined(separator: " or ")
    }

    static func resolve(_ education: JobOpening.Education, country: String?, engine: RecognitionEngine) -> Resolution {
        guard let country else {
            return .unresolved(
                "The posting gives no country, so its education requirement has no framework to be read in.")
        }
        let destinations = engine.destinationFrameworks(country)
        guard !destinations.isEmpty else {
            return .unresolved("No framework is known for \(country): the education requirement cannot be compared.")
        }
        let asked = education.description
        if let frameworkName = education.framework, let levelId = education.level {
            return resolve(
                frameworkName: frameworkName, levelId: levelId, asked: asked, destinations: destinations, engine: engine
            )
        }
        if let category = education.category {
            return resolve(category: category, asked: asked, destinations: destinations)
        }
        return .unresolved(
            "The education requirement '\(asked)' names neither a framework level nor a credential category.")
    }

    private static func resolve(
        frameworkName: String, levelId: String, asked: String, destinations: [Framework], engine: RecognitionEngine
    ) -> Resolution {
        let matches = engine.set.sortedFrameworks.filter { $0.answers(to: frameworkName) }
        let framework =
            matches.first { f in destinations.contains { $0.id == f.id } } ?? (matches.count == 1 ? matches.first : nil)
        guard let framework else {
            return .unresolved(
                matches.isEmpty
                    ? "Framework '\(frameworkName)' in the education requirement is not one Parity knows."
                    : "Framework '\(frameworkName)' in the education requirement could be \(matches.map(\.id).joined(separator: " or "))."
            )
        }
        guard let level = framework.level(levelId) ?? framework.levels(withLegacyLabel: levelId).first else {
            return .unresolved(
                "\(framework.id) has no level '\(levelId)' (it has \(framework.levels.map(\.id).joined(separator: ", ")))."
            )
        }
        var required = RequiredLevel(asked: asked)
        if destinations.contains(where: { $0.id == framework.id }) {
            required.lower(to: level, in: framework)
            return .level(required)
        }
        // Every level of the required framework at or above the asked one, followed over
        // confirmed bridges only into the destination: the lowest destination level reached.
        let destinationIds = Set(destinations.map(\.id))
        for source in framework.levels where source.order >= level.order {
            let routes = engine.graph.routes(
                from: LevelReference(framework: framework.id, level: source.id), to: destinationIds, confirmedOnly: true
            )
            for reached in routes.keys {
                guard let destination = engine.set.framework(reached.framework),
                    let level = destination.level(reached.level)
                else { continue }
                required.lower(to: level, in: destination)
            }
        }
        guard !required.minimumLevel.isEmpty else {
            return .unresolved(
                "No confirmed bridge leads from \(framework.id) \(level.id) into \(destinationIds.sorted().joined(separator: ", ")): the education requirement cannot be compared."
            )
        }
        return .level(required)
    }

    private static func resolve(category: String, asked: String, destinations: [Framework]) -> Resolution {
        let wanted = words(category)
        var required = RequiredLevel(asked: asked)
        for framework in destinations {
            for level in framework.levels {
                let fits = level.qualificationTypes.contains { type in
                    let title = words(type.title)
                    return !title.isEmpty && (title.isSubset(of: wanted) || wanted.isSubset(of: title))
                }
                if fits { required.lower(to: level, in: framework) }
            }
        }
        guard !required.minimumLevel.isEmpty else {
            return .unresolved(
                "The credential category '\(category)' is not a qualification type of \(destinations.map(\.id).joined(separator: ", ")): the education requirement cannot be compared."
            )
        }
        return .level(required)
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
    }
}

extension Framework {
    /// Whether a job's name for a framework means this one: its id ("de-dqr"), the id without
    /// the country ("dqr"), or its name, ignoring case.
    func answers(to name: String) -> Bool {
        let n = name.lowercased()
        if n == id.lowercased() || n == self.name.lowercased() { return true }
        if let dash = id.lastIndex(of: "-"), kind == .national, n == id[id.index(after: dash)...].lowercased() {
            return true
        }
        return false
    }
}
