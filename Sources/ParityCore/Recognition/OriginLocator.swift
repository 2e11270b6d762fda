/// Where a credential sits in its own country's framework.
struct OriginLocation {
    var framework: Framework
    /// Usually one; several when a legacy label is ambiguous (France's old level I: 7 or 8).
    var levels: [Level]
    /// How much the location itself is trusted (1 when the level was given by id).
    var confidenceFactor: Double
    var notes: [String]
}

struct OriginLocator {
    let set: FrameworkSet
    let index: EngineIndex

    func locate(_ c: Credential) -> Result<OriginLocation, LocateFailure> {
        let framework: Framework
        if let id = c.framework, !id.isEmpty {
            let editions = set.sortedFrameworks.filter { $0.family == id }
            if set.framework(id) == nil, !editions.isEmpty {
                return EditionChooser(editions: editions, family: id).choose(c).flatMap { chosen in
                    locate(c, in: chosen.framework).map { location in
                        var location = location
                        location.notes.insert(chosen.note, at: 0)
                        return location
                    }
                }
            }
            guard let f = set.framework(id) else {
                return .failure(
                    LocateFailure(
                        "The credential names framework '\(id)', which is not installed; its level cannot be located."))
            }
            framework = f
        } else {
            // The country's frameworks, its subdivisions' included (GB: England and Northern
            // Ireland, Scotland, Wales), as a destination names them: with several, the
            // credential must name the one it was awarded in.
            let candidates = (index.destination(c.country)?.frameworks ?? []).filter { $0.kind == .national }
            guard candidates.count == 1, let only = candidates.first else {
                return .failure(
                    LocateFailure(
                        candidates.isEmpty
                            ? "No qualifications framework is installed for \(c.country); the credential's level cannot be located."
                            : "\(c.country) has several qualifications frameworks; the credential must name the one it was awarded in: "
                                + candidates.map { "\($0.id) (\($0.name))" }.joined(separator: ", ") + "."))
            }
            framework = only
        }
        return locate(c, in: framework)
    }

    /// The credential's level in a framework it was awarded in.
    private func locate(_ c: Credential, in framework: Framework) -> Result<OriginLocation, LocateFailure> {
        if let given = c.level?.trimmed, !given.isEmpty {
            if let level = framework.level(given) ?? framework.level(given.lowercased()) {
                return .success(OriginLocation(framework: framework, levels: [level], confidenceFactor: 1, notes: []))
            }
            let legacy = framework.levels(withLegacyLabel: given)
            if !legacy.isEmpty {
                let note =
                    legacy.count == 1
                    ? "Legacy level '\(given)' of \(framework.id) read as level \(legacy[0].id)."
                    : "Legacy level '\(given)' of \(framework.id) covers levels \(legacy.map(\.id).joined(separator: " and ")); each is considered."
                return .success(
                    OriginLocation(
                        framework: framework, levels: legacy, confidenceFactor: legacy.count == 1 ? 0.95 : 0.8,
                        notes: [note]))
            }
            return .failure(
                LocateFailure(
                    "Level '\(given)' is not a level of \(framework.id) (levels: \(framework.levels.map(\.id).joined(separator: ", ")))."
                ))
        }
        // No level given: a qualification type named exactly like the title locates it.
        let title = c.title.lowercased().trimmed
        let matches = framework.levels.filter { level in
            level.qualificationTypes.contains { type in
                type.title.lowercased() == title || (c.qualification != nil && type.id == c.qualification)
            }
        }
        if matches.count == 1, let level = matches.first {
            return .success(
                OriginLocation(
                    framework: framework, levels: [level], confidenceFactor: 0.85,
                    notes: [
                        "No level was given: '\(c.title)' is a qualification type of \(framework.id) level \(level.id)."
                    ]))
        }
        return .failure(
            LocateFailure(
                "The credential gives no level of \(framework.id), and its title does not name one qualification type; the level cannot be located."
            ))
    }
}

struct LocateFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// Nil when empty.
    public var nonEmpty: String? { isEmpty ? nil : self }

    /// Without leading and trailing white space.
    public var trimmed: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
