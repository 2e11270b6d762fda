/// A job's education requirement read in the destination's own framework(s), the only terms in
/// which a candidate's recognised level can be compared with it. "EQF 6" for a job in Germany
/// becomes DQR 6 through the referencing bridges; a destination framework's own level is taken
/// as is; a credential category alone ("bachelor degree") is matched against the destination
/// levels' qualification types. Anything that cannot be read this way is `unresolved`, with the
/// reason: the level is then shown, never guessed.
public struct RequiredLevel: Sendable, Hashable {
    /// Destination framework id → the lowest order of its levels that meets the requirement.
    public var minimumOrder: [String: Int]
    /// Destination framework id → that lowest level's id, for sentences.
    public var minimumLevel: [String: String]
    /// The requirement as the job put it ("EQF 6", "bachelor degree").
    public var asked: String

    public enum Resolution: Sendable, Hashable {
        case level(RequiredLevel)
        case unresolved(String)
    }

    /// Whether `level` of `framework` meets the requirement; nil when the framework is not one
    /// the requirement was read in.
    public func isMet(framework: String, order: Int) -> Bool? {
        minimumOrder[framework].map { order >= $0 }
    }

    /// The requirement in destination terms: "de-dqr 6".
    public var inDestinationTerms: String {
        minimumLevel.keys.sorted().map { "\($0) \(minimumLevel[$0] ?? "")" }.joined(separator: " or ")
    }

    static func resolve(_ education: JobOpening.Education, country: String?, engine: RecognitionEngine) -> Resolution {
        guard let country else { return .unresolved("The posting gives no country, so its education requirement has no framework to be read in.") }
        let destinations = engine.destinationFrameworks(country)
        guard !destinations.isEmpty else { return .unresolved("No framework is known for \(country): the education requirement cannot be compared.") }
        let asked = education.description
        if let frameworkName = education.framework, let levelId = education.level {
            return resolve(frameworkName: frameworkName, levelId: levelId, asked: asked, destinations: destinations, engine: engine)
        }
        if let category = education.category {
            return resolve(category: category, asked: asked, destinations: destinations)
        }
        return .unresolved("The education requirement '\(asked)' names neither a framework level nor a credential category.")
    }

    private static func resolve(frameworkName: String, levelId: String, asked: String, destinations: [Framework], engine: RecognitionEngine) -> Resolution {
        let matches = engine.set.sortedFrameworks.filter { $0.answers(to: frameworkName) }
        let framework = matches.first { f in destinations.contains { $0.id == f.id } } ?? (matches.count == 1 ? matches.first : nil)
        guard let framework else {
            return .unresolved(matches.isEmpty
                ? "Framework '\(frameworkName)' in the education requirement is not one Parity knows."
                : "Framework '\(frameworkName)' in the education requirement could be \(matches.map(\.id).joined(separator: " or ")).")
        }
        guard let level = framework.level(levelId) ?? framework.levels(withLegacyLabel: levelId).first else {
            return .unresolved("\(framework.id) has no level '\(levelId)' (it has \(framework.levels.map(\.id).joined(separator: ", "))).")
        }
        var required = RequiredLevel(minimumOrder: [:], minimumLevel: [:], asked: asked)
        if destinations.contains(where: { $0.id == framework.id }) {
            required.minimumOrder[framework.id] = level.order
            required.minimumLevel[framework.id] = level.id
            return .level(required)
        }
        // Every level of the required framework at or above the asked one, followed over
        // confirmed bridges only into the destination: the lowest destination level reached.
        let destinationIds = Set(destinations.map(\.id))
        for source in framework.levels where source.order >= level.order {
            let routes = engine.graph.routes(from: LevelReference(framework: framework.id, level: source.id), to: destinationIds, confirmedOnly: true)
            for reached in routes.keys {
                guard let order = engine.set.framework(reached.framework)?.level(reached.level)?.order else { continue }
                if order < required.minimumOrder[reached.framework] ?? .max {
                    required.minimumOrder[reached.framework] = order
                    required.minimumLevel[reached.framework] = reached.level
                }
            }
        }
        guard !required.minimumOrder.isEmpty else {
            return .unresolved("No confirmed bridge leads from \(framework.id) \(level.id) into \(destinationIds.sorted().joined(separator: ", ")): the education requirement cannot be compared.")
        }
        return .level(required)
    }

    private static func resolve(category: String, asked: String, destinations: [Framework]) -> Resolution {
        let wanted = words(category)
        var required = RequiredLevel(minimumOrder: [:], minimumLevel: [:], asked: asked)
        for framework in destinations {
            for level in framework.levels {
                let fits = level.qualificationTypes.contains { type in
                    let title = words(type.title)
                    return !title.isEmpty && (title.isSubset(of: wanted) || wanted.isSubset(of: title))
                }
                if fits, level.order < required.minimumOrder[framework.id] ?? .max {
                    required.minimumOrder[framework.id] = level.order
                    required.minimumLevel[framework.id] = level.id
                }
            }
        }
        guard !required.minimumOrder.isEmpty else {
            return .unresolved("The credential category '\(category)' is not a qualification type of \(destinations.map(\.id).joined(separator: ", ")): the education requirement cannot be compared.")
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
        if let dash = id.lastIndex(of: "-"), kind == .national, n == id[id.index(after: dash)...].lowercased() { return true }
        return false
    }
}
