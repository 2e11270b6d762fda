/// Which edition of a framework a credential that names only the family was awarded in
/// (NSQF 2013 or 2023; the draft or the final NHEQF). Levels are never compared across
/// editions: when the level exists in several editions, the credential's qualification type
/// may decide; otherwise the answer is the editions to choose from, never a guess.
struct EditionChooser {
    let editions: [Framework]
    let family: String

    struct Choice {
        var framework: Framework
        var note: String
    }

    /// The credential read in `edition`, with the sentence that says why.
    private func read(in edition: Framework, because reason: String) -> Result<Choice, LocateFailure> {
        .success(
            Choice(
                framework: edition,
                note: "\(reason) \(edition.edition ?? edition.id) edition of \(family) (\(edition.id)): read there."))
    }

    func choose(_ c: Credential) -> Result<Choice, LocateFailure> {
        let level = c.level?.trimmed ?? ""
        let holding = level.isEmpty ? editions : editions.filter { $0.level(level) != nil }
        if !level.isEmpty && holding.isEmpty {
            let all = editions.map { "\($0.id): \($0.levels.map(\.id).joined(separator: ", "))" }
            return .failure(
                LocateFailure(
                    "Level '\(level)' is not a level of any edition of \(family) (\(all.joined(separator: "; ")))."))
        }
        if holding.count == 1, let only = holding.first {
            return read(in: only, because: "\(family) level \(level) exists only in its")
        }
        let title = c.title.lowercased()
        let byType = holding.filter { edition in
            let levels = level.isEmpty ? edition.levels : edition.level(level).map { [$0] } ?? []
            return levels.contains { l in
                l.qualificationTypes.contains { type in
                    (c.qualification != nil && type.id == c.qualification) || type.title.lowercased() == title
                }
            }
        }
        if byType.count == 1, let only = byType.first {
            return read(in: only, because: "'\(c.title)' is a qualification type of the")
        }
        let choices = (holding.isEmpty ? editions : holding).map { "\($0.id) (\($0.edition ?? $0.version))" }
        let what = level.isEmpty ? "" : " level \(level) means different things in its editions, and"
        return .failure(
            LocateFailure(
                "The credential names \(family), whose\(what) the edition it was awarded under is not given: name the edition's framework, one of \(choices.joined(separator: ", "))."
            ))
    }
}
