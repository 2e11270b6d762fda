/// Scores one candidate destination level for a credential. Each component is scored only
/// when both sides carry the data; a missing component lowers confidence and never counts
/// as a match.
struct EquivalentScorer {
    let credential: Credential
    let index: EngineIndex
    let originFactor: Double
    let titleTokens: Set<String>
    /// Coverage of the credential's occupation profile: the same for every candidate level.
    let skills: (value: Double, explanation: String)?

    init(credential: Credential, profiles: SkillProfiles, index: EngineIndex, originFactor: Double) {
        self.credential = credential
        self.index = index
        self.originFactor = originFactor
        self.titleTokens = QualificationFit.tokens(credential.title)
        self.skills = Self.skillsCoverage(credential, profiles)
    }

    /// How many of the essential skills of the credential's ESCO occupation profile it evidences.
    static func skillsCoverage(
        _ credential: Credential, _ profiles: SkillProfiles
    ) -> (value: Double, explanation: String)? {
        guard let profile = profiles.profile(for: credential.occupation), !profile.essentialSkills.isEmpty,
            !credential.skills.isEmpty
        else {
            return nil
        }
        let have = profiles.resolve(credential.skills)
        let essential = profile.essentialSkills
        let covered = essential.filter { have.contains($0) }
        let missing = essential.filter { !have.contains($0) }.prefix(5).map { profiles.label($0) }
        return (
            Double(covered.count) / Double(essential.count),
            "\(covered.count) of \(essential.count) essential skills of '\(profile.label)'"
                + (missing.isEmpty
                    ? "."
                    : "; missing: \(missing.joined(separator: ", "))\(essential.count - covered.count > 5 ? ", ..." : "").")
        )
    }

    static let weights: [(name: String, weight: Double)] = [
        ("level", 0.3), ("qualification-type", 0.15), ("field", 0.1), ("occupation", 0.1), ("skills", 0.15),
        ("workload", 0.1),
        ("evidence", 0.1),
    ]

    /// `route` is the path shown (confirmed where one exists); `confidence` the strongest link's.
    func equivalent(
        framework: Framework, level: Level, route: BridgeGraph.Route, confidence: Double, levelSentence: String,
        authorities: [AuthorityNote]
    ) -> Equivalent {
        var components: [ScoreComponent] = []
        components.reserveCapacity(Self.weights.count)
        func add(_ name: String, _ value: Double, _ explanation: String) {
            let weight = Self.weights.first { $0.name == name }?.weight ?? 0
            components.append(
                ScoreComponent(name: name, value: round3(value), weight: weight, explanation: explanation))
        }
        add("level", confidence, levelSentence)

        let fit = QualificationFit.best(
            for: credential, tokens: titleTokens,
            among: index.qualificationTypes(LevelReference(framework: framework.id, level: level.id)))
        if let fit {
            add(
                "qualification-type", fit.value,
                fit.value > 0
                    ? "Closest \(framework.id) \(level.id) qualification: \(fit.type.title) (title and type fit \(percent(fit.value)))."
                    : "No \(framework.id) \(level.id) qualification type resembles '\(credential.title)'.")
        }
        let closest = (fit?.value ?? 0) > 0 ? fit?.type : nil
        var conditions: [Condition] = []

        if let (component, condition) = fieldComponent(closest) {
            add(component.name, component.value, component.explanation)
            if let condition { conditions.append(condition) }
        }
        if let (component, condition) = occupationComponent(closest) {
            add(component.name, component.value, component.explanation)
            if let condition { conditions.append(condition) }
        }
        if let skills { add("skills", skills.value, skills.explanation) }
        if let workload = Workload.comparison(credential, closest?.workload) {
            add("workload", workload.value, workload.sentence)
            if workload.value < 0.75 {
                conditions.append(Condition(difference: workload.sentence, measure: .bridgingCourse))
            }
        }
        if let evidence = credential.evidence {
            let value: Double =
                switch evidence {
                case .diploma: 1
                case .transcript: 0.9
                case .rplAssessment: 0.8
                case .selfDeclared: 0.3
                }
            add("evidence", value, "Evidence: \(evidence.rawValue).")
            if evidence == .selfDeclared {
                conditions.append(
                    Condition(difference: "The credential is self-declared.", measure: .documentVerification))
            }
        }
        if credential.mode != .formal && credential.evidence != .rplAssessment {
            conditions.append(
                Condition(
                    difference:
                        "Learning was \(credential.mode.rawValue): its level must be assessed against the standard.",
                    measure: .rplAssessment))
        }
        for authority in authorities where framework.countries.contains(authority.jurisdiction) {
            conditions.append(
                Condition(
                    difference:
                        "\(authority.profession) (ISCO \(authority.isco)) is regulated in \(authority.jurisdiction): \(authority.authority) decides the right to practise.",
                    measure: .competentAuthorityDecision))
        }

        let present = components.reduce(0) { $0 + $1.weight }
        let total = Self.weights.reduce(0) { $0 + $1.weight }
        let score = components.reduce(0) { $0 + $1.value * $1.weight } / present
        let completeness = 0.5 + 0.5 * present / total
        return Equivalent(
            framework: framework.id, level: level.id, levelName: level.name, closestQualification: closest?.title,
            score: round3(score), confidence: round3(confidence * originFactor * completeness),
            confirmed: route.isConfirmed, components: components, conditions: conditions, path: route.steps)
    }

    /// The ISCED-F field against the closest destination qualification's: detailed, narrow or broad field.
    private func fieldComponent(_ closest: QualificationType?) -> (ScoreComponent, Condition?)? {
        guard let mine = credential.isced?.field, let theirs = closest?.field else { return nil }
        let value: Double =
            mine == theirs ? 1 : mine.prefix(3) == theirs.prefix(3) ? 0.7 : mine.prefix(2) == theirs.prefix(2) ? 0.4 : 0
        let component = ScoreComponent(
            name: "field", value: value, weight: 0,
            explanation: "ISCED-F field \(mine) against \(theirs): "
                + (value == 1
                    ? "same detailed field."
                    : value >= 0.7
                        ? "same narrow field." : value > 0 ? "same broad field." : "different broad fields."))
        guard value < 0.4 else { return (component, nil) }
        return (
            component,
            Condition(
                difference: "Field \(mine) differs from the destination qualification's field \(theirs).",
                measure: .aptitudeTest)
        )
    }

    /// The credential's ISCO-08 occupation against those the closest qualification prepares for.
    private func occupationComponent(_ closest: QualificationType?) -> (ScoreComponent, Condition?)? {
        guard let mine = credential.occupation,
            mine.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let theirs = closest?.occupations, !theirs.isEmpty
        else { return nil }
        let best = theirs.map { (code: $0, depth: Self.sharedIscoDepth(mine, $0)) }.max { $0.depth < $1.depth }
        let depth = best?.depth ?? 0
        let names = ["", "major group", "sub-major group", "minor group", "unit group"]
        let component = ScoreComponent(
            name: "occupation", value: Double(depth) / 4, weight: 0,
            explanation: depth == 0
                ? "ISCO-08 \(mine) shares no group with the occupations the qualification prepares for (\(theirs.joined(separator: ", ")))."
                : "ISCO-08 \(mine) and \(best?.code ?? "") share the same \(names[depth]).")
        guard depth < 2 else { return (component, nil) }
        return (
            component,
            Condition(
                difference:
                    "The credential's occupation (ISCO \(mine)) differs from the one the destination qualification prepares for (\(theirs.joined(separator: ", "))).",
                measure: .adaptationPeriod)
        )
    }

    /// How many leading ISCO-08 digits two codes share, up to the shorter code (0 to 4).
    static func sharedIscoDepth(_ a: String, _ b: String) -> Int {
        var depth = 0
        var mine = a.utf8.makeIterator(), theirs = b.utf8.makeIterator()
        while depth < 4, let x = mine.next(), let y = theirs.next(), x == y { depth += 1 }
        return depth
    }

    static func levelSentence(_ framework: Framework, _ level: String, _ route: BridgeGraph.Route) -> String {
        guard !route.steps.isEmpty else { return "Same framework: \(framework.id) level \(level)." }
        let hops = route.steps.map { step in
            "\(step.from) -> \(step.to) (\(step.kind.rawValue), \(step.status.rawValue))"
        }
        return "\(framework.name) level \(level) through \(hops.joined(separator: "; "))."
    }
}

/// How well a credential's title (or qualification id) fits a level's qualification types.
struct QualificationFit {
    var type: QualificationType
    var value: Double

    static func best(
        for credential: Credential, tokens mine: Set<String>,
        among types: [(type: QualificationType, tokens: Set<String>)]
    ) -> QualificationFit? {
        guard let first = types.first else { return nil }
        var best = QualificationFit(type: first.type, value: 0)
        for (type, theirs) in types {
            let value: Double
            if let id = credential.qualification, id == type.id {
                value = 1
            } else {
                var shared = 0
                for token in theirs where mine.contains(token) { shared += 1 }
                value = theirs.isEmpty ? 0 : Double(shared) / Double(theirs.count)
            }
            if value > best.value { best = QualificationFit(type: type, value: value) }
        }
        return best
    }

    static let ignored: Set<String> = [
        "of", "in", "the", "and", "a", "an", "de", "du", "des", "la", "le", "et", "en", "degree", "level",
        "certificate", "diploma",
    ]

    /// Lowercased words of letters and digits, a plural `s` dropped from words of four letters
    /// or more, common words left out.
    static func tokens(_ text: String) -> Set<String> {
        asciiTokens(text) ?? unicodeTokens(text)
    }

    static func unicodeTokens(_ text: String) -> Set<String> {
        var words = Set<String>()
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            var w = String(word)
            if w.count > 3 && w.hasSuffix("s") { w.removeLast() }
            if !ignored.contains(w) { words.insert(w) }
        }
        return words
    }

    /// The same for an all-ASCII title (most are) without Unicode property lookups; nil otherwise.
    static func asciiTokens(_ text: String) -> Set<String>? {
        var words = Set<String>()
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func finish() {
            guard !word.isEmpty else { return }
            if word.count > 3 && word[word.count - 1] == UInt8(ascii: "s") { word.removeLast() }
            let w = String(decoding: word, as: UTF8.self)
            if !ignored.contains(w) { words.insert(w) }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case 0x80...: return nil
            default: finish()
            }
        }
        finish()
        return words
    }
}

extension Workload {
    /// Credential credits or duration against a destination qualification's, when comparable.
    static func comparison(_ c: Credential, _ destination: Workload?) -> (value: Double, sentence: String)? {
        guard let destination else { return nil }
        let mine: Double
        let theirs: Double
        let unit: String
        switch destination {
        case .credits(let system, let value):
            guard let credits = c.credits, credits.system.lowercased() == system.lowercased(), value > 0 else {
                return nil
            }
            (mine, theirs, unit) = (credits.value, value, "\(system) credits")
        case .durationYears(let years):
            guard let own = c.durationYears, years > 0 else { return nil }
            (mine, theirs, unit) = (own, years, "years")
        }
        let value = max(0, min(1, mine / theirs))
        return (value, "Workload \(format(mine)) \(unit) against \(format(theirs)) for the destination qualification.")
    }

    /// Whole numbers without ".0"; no Int conversion, which would trap on a huge value.
    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
