extension RecognitionEngine {
    /// What `destination` requires of a worker in `occupation` coming from `origin`, on `day`
    /// (`YYYYMMDD`; nil: whatever the date), each with the evidence among `holding` that meets
    /// it. Only a trade test can be met by evidence Parity sees: an occupational test passed
    /// for that destination, in the same ISCO-08 unit group, on or before the day.
    public func requirements(
        destination: String, occupation: String?, origin: String?, on day: Int32?, holding: [Credential] = []
    ) -> [RequirementNote] {
        let country = requirementCountry(destination)
        return set.requirements.applicable(destination: country, occupation: occupation, origin: origin, on: day)
            .map { r in
                RequirementNote(
                    r, occupation: occupation,
                    metBy: Self.evidence(for: r, in: country, occupation: occupation, on: day, holding: holding))
            }
    }

    /// What the job's country requires of this candidate in the job's occupations, on `day`
    /// (the job's start): each requirement once, met when any occupation's evidence meets it.
    /// Residence selects the origin-country track; it is never scored.
    public func requirements(for job: JobOpening, candidate: Candidate, on day: Int32?) -> [RequirementNote] {
        guard let country = job.country else { return [] }
        var notes: [RequirementNote] = []
        for occupation in job.occupations {
            for note in requirements(
                destination: country, occupation: occupation, origin: candidate.residence, on: day,
                holding: candidate.profile.credentials)
            {
                if let i = notes.firstIndex(where: { $0.id == note.id }) {
                    if notes[i].metBy == nil { notes[i].metBy = note.metBy }
                    notes[i].occupations = Array(Set(notes[i].occupations + note.occupations)).sorted()
                } else {
                    notes.append(note)
                }
            }
        }
        return notes
    }

    /// Whether the data holds requirements of a destination (a country, or a framework id of one).
    public func knowsRequirements(of destination: String) -> Bool {
        set.requirements.knows(requirementCountry(destination))
    }

    /// Requirements are kept by country: a framework id stands for its country.
    func requirementCountry(_ destination: String) -> String {
        set.framework(destination)?.countries.first.map { String($0.prefix(2)) } ?? destination
    }

    private static func evidence(
        for r: DestinationRequirement, in country: String, occupation: String?, on day: Int32?, holding: [Credential]
    ) -> String? {
        guard r.kind == .tradeTest, let occupation else { return nil }
        let unit = occupation.prefix(4)
        return holding.first { test in
            guard test.passedTest, test.testFor == country, let tested = test.occupation,
                tested.prefix(4) == unit, r.occupations.contains(where: { $0.covers(tested) })
            else { return false }
            if let day, let taken = test.awarded.flatMap(ISODate.day), taken > day { return false }
            return true
        }.map { test in
            [test.title, test.awardingBody, test.awarded].compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// The result for a destination the data knows only by its requirements (no framework is
    /// installed for it): no level can be stated, and what it requires is listed.
    func requirementsOnly(
        _ credential: Credential, destination: String, on day: Int32?, origin: String?, holding: [Credential]
    ) -> EquivalenceResult {
        let country = requirementCountry(destination)
        let ids = Set(set.requirementCatalogues.filter { $0.destination == country }.map(\.id))
        return EquivalenceResult(
            outcome: .noMapping, destination: destination, equivalents: [], path: [],
            basis: [
                "No qualifications framework of \(country) is installed: no level equivalence is stated rather than a guess. What \(country) requires of workers in this occupation is listed under requirements."
            ],
            origin: nil, agreements: [], competentAuthorities: [],
            requirements: requirements(
                destination: destination, occupation: credential.occupation, origin: origin, on: day,
                holding: holding),
            versions: Versions(engine: Self.version, data: set.versions.filter { ids.contains($0.id) }))
    }
}
