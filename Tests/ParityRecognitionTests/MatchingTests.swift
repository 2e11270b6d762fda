import Foundation
import FoundationEssentials
import ParityTestSupport
import Testing

@testable import ParityCore

/// A seeded synthetic population drawn from the shipped ESCO taxonomy: each candidate's skills
/// come from one ICT occupation's essential skills (the occupation they were drawn from), and
/// the protected attributes are drawn independently of everything that is scored.
enum Population {
    static let skills = Shipped.set.taxonomies.flatMap(\.skills).map(\.uri)
    static let occupations = Shipped.set.taxonomies.flatMap(\.occupations).filter { !$0.essentialSkills.isEmpty }

    static func make(_ count: Int, seed: UInt64) -> [Candidate] {
        var g = SeededGenerator(state: seed)
        return (0..<count).map { i in
            let occupation = occupations[Int.random(in: 0..<occupations.count, using: &g)]
            let own = occupation.essentialSkills.filter { _ in Double.random(in: 0..<1, using: &g) < 0.7 }
            let extra = (0..<Int.random(in: 0...3, using: &g)).compactMap { _ in skills.randomElement(using: &g) }
            let isco =
                ["2511", "2512", "2513", "2514", "2519", "3512", "2221", "7411"].randomElement(using: &g) ?? "2512"
            let person = Person(
                id: "c-\(i)", name: "Person \(i)", consent: .init(matching: true, shareContact: i % 3 == 0),
                residence: "DE",
                languages: ["en"], sex: Bool.random(using: &g) ? "f" : "m",
                birthYear: Int.random(in: 1960...2004, using: &g),
                nationality: ["PH", "IN", "NG", "PL", "DE"].randomElement(using: &g))
            let credential = Credential(
                title: "Bachelor", country: "IE", level: "8", occupation: isco, skills: own, evidence: .diploma)
            return Candidate(
                personId: person.id, ref: "ref-\(i)",
                profile: .init(
                    skills: Set(own + extra), experience: [isco: Int.random(in: 0...72, using: &g)],
                    credentials: [credential]),
                residence: person.residence, destination: "DE", consent: person.consent, person: person)
        }
    }

    /// A job in Germany for the occupation, asking for EQF 6 (the population's Irish NFQ 8
    /// meets it, as DQR 6).
    static func job(_ occupation: Occupation, isco: String = "2512") -> JobOpening {
        JobOpening(
            id: "job-\(occupation.uri.suffix(8))", title: occupation.label, occupations: [isco],
            skills: Array(occupation.essentialSkills.prefix(9)), monthsOfExperience: 24,
            education: .init(framework: "EQF", level: "6"), country: "DE")
    }
}

@Suite struct MatchingTests {
    static let pool = CandidatePool(Population.make(10_000, seed: 7))
    static let matcher = Matcher(pool: pool, engine: Shipped.engine)

    @Test func changingEveryProtectedAttributeChangesNoScoreAndNoRank() throws {
        let altered = Self.pool.members.map { c -> Candidate in
            var c = c
            c.person.name = "Someone Else"
            c.person.sex = c.person.sex == "f" ? "m" : "f"
            c.person.birthYear = 2030 - (c.person.birthYear ?? 1980)
            c.person.nationality = c.person.nationality == "NG" ? "SE" : "NG"
            c.person.languages = ["ar", "fr"]
            return c
        }
        let other = Matcher(pool: CandidatePool(altered), engine: Shipped.engine)
        for occupation in Population.occupations.prefix(20) {
            let job = Population.job(occupation)
            let before = Self.matcher.shortlist(job, top: 100).candidates.map { ($0.ref, $0.score) }
            let after = other.shortlist(job, top: 100).candidates.map { ($0.ref, $0.score) }
            #expect(before.map(\.0) == after.map(\.0))
            #expect(before.map(\.1) == after.map(\.1))
        }
    }

    @Test func theFourFifthsRuleHoldsForSexAndNationality() {
        // Selection: being in the top 50 of any of 40 jobs. Rates per group, lowest over highest.
        var selected = Set<String>()
        for occupation in Population.occupations.prefix(40) {
            for entry in Self.matcher.shortlist(Population.job(occupation), top: 50).candidates {
                selected.insert(entry.ref)
            }
        }
        for attribute in ["sex", "nationality"] {
            var groups: [String: (all: Int, chosen: Int)] = [:]
            for c in Self.pool.members {
                let group = (attribute == "sex" ? c.person.sex : c.person.nationality) ?? "unknown"
                groups[group, default: (0, 0)].all += 1
                if selected.contains(c.ref) { groups[group, default: (0, 0)].chosen += 1 }
            }
            let rates = groups.mapValues { Double($0.chosen) / Double($0.all) }
            let ratio = (rates.values.min() ?? 0) / (rates.values.max() ?? 1)
            print(
                "four-fifths audit by \(attribute): "
                    + rates.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(
                        separator: ", ")
                    + String(format: "; lowest/highest %.3f", ratio))
            #expect(ratio >= 0.8)
        }
    }

    @Test func componentsExplainSkillsOccupationExperienceAndRecognition() throws {
        let occupation = try #require(Population.occupations.first { $0.essentialSkills.count >= 9 })
        let job = Population.job(occupation)
        let shortlist = Self.matcher.shortlist(job, top: 5)
        let first = try #require(shortlist.candidates.first)
        #expect(first.components.map(\.name) == ["occupation", "skills", "experience", "recognition"])
        let skills = try #require(first.components.first { $0.name == "skills" })
        #expect(skills.explanation.range(of: #"^\d+ of 9 required skills"#, options: .regularExpression) != nil)
        #expect(first.recognition?.destination == "DE")
        #expect(shortlist.candidates.map(\.score) == shortlist.candidates.map(\.score).sorted(by: >))
        for entry in shortlist.candidates {
            #expect((0...1).contains(entry.score))
            // The ranking score and the explained components agree.
            #expect(entry.score == CandidateScorer.score(entry.components))
        }
    }

    @Test func namesAppearOnlyWithConsentToShareThem() {
        let job = Population.job(Population.occupations[0])
        for entry in Self.matcher.shortlist(job, top: 50).candidates {
            let index = Int(entry.ref.dropFirst(4)) ?? -1
            #expect((entry.name != nil) == (index % 3 == 0))
        }
    }

    @Test func aJobChargingFeesGetsNoShortlistButItsReason() {
        var job = Population.job(Population.occupations[0])
        job.recruitment.workerFees = .init(amount: 900, currency: "USD", what: "visa processing")
        let shortlist = Self.matcher.shortlist(job, top: 20)
        #expect(shortlist.refused)
        #expect(shortlist.candidates.isEmpty)
        #expect(shortlist.reasons.map(\.rule) == [.workerFees])
    }

    @Test func nursesLivingInSafeguardedCountriesAreWithheldAndCounted() {
        let nurses = (0..<6).map { i in
            Candidate(
                personId: "n-\(i)", ref: "n-\(i)", profile: .init(experience: ["2221": 36]),
                residence: i < 4 ? "NG" : "PH",
                destination: "DE", consent: .init(matching: true), person: Person(id: "n-\(i)"))
        }
        let matcher = Matcher(pool: CandidatePool(nurses), engine: Shipped.engine)
        let job = JobOpening(id: "icu", title: "Nurse", occupations: ["2221"], country: "DE")
        let shortlist = matcher.shortlist(job, top: 10)
        #expect(shortlist.candidates.map(\.ref) == ["n-4", "n-5"])
        #expect(shortlist.withheld.map(\.count) == [4])
        #expect(shortlist.withheld.first?.reason.hasPrefix("4 candidate(s) living in countries on the WHO") == true)
        var direct = job
        direct.recruitment.channel = .directApplication
        #expect(matcher.shortlist(direct, top: 10).candidates.count == 6)
    }
}

extension MatchingTests {
    /// The bound that decides when to stop computing recognitions is the score with
    /// recognition at 1, exactly: otherwise the shortlist could miss a better candidate.
    @Test func theUpperBoundIsTheScoreWithFullRecognition() throws {
        for occupation in Population.occupations.prefix(5) {
            let job = Population.job(occupation)
            let required = try #require(
                RequiredLevel.resolve(job.education ?? .init(), country: job.country, engine: Shipped.engine).level)
            let scorer = CandidateScorer(job: job, requiredLevel: required, label: { $0 }, recognise: { _ in nil })
            for candidate in Self.pool.members.prefix(300) {
                let full = scorer.partial(candidate.profile) + [CandidateScorer.component("recognition", 1, "")]
                #expect(scorer.numbers(candidate.profile).score(recognition: 1) == CandidateScorer.score(full))
            }
        }
    }
}

extension MatchingTests {
    @Test func aReturneeIsFoundAmongManyWhoAreNotReturning() {
        var people = (0..<1_000).map { i in
            Candidate(
                personId: "s-\(i)", ref: "s-\(i)", profile: .init(experience: ["2221": 60]), residence: "DE",
                consent: .init(matching: true), person: Person(id: "s-\(i)"))
        }
        people.append(
            Candidate(
                personId: "r-1", ref: "r-1", profile: .init(experience: ["2221": 12]), residence: "DE",
                consent: .init(matching: true),
                person: Person(id: "r-1", returning: .init(country: "PH"))))
        let matcher = Matcher(pool: CandidatePool(people), engine: Shipped.engine)
        let list = matcher.reintegration(SkillsNeed(id: "need", country: "PH", occupation: "2221"), top: 10)
        #expect(list.returnees.map(\.ref) == ["r-1"])
        #expect(list.returnees.first?.routes.map(\.kind) == [])
    }
}

extension RequiredLevel.Resolution {
    var level: RequiredLevel? { if case .level(let l) = self { l } else { nil } }
    var reason: String? { if case .unresolved(let r) = self { r } else { nil } }
}

/// The education requirement, read in the destination's framework and scored against the
/// recognised level of each candidate's credential.
@Suite struct RequiredLevelTests {
    func resolve(_ education: JobOpening.Education, in country: String? = "DE") -> RequiredLevel.Resolution {
        RequiredLevel.resolve(education, country: country, engine: Shipped.engine)
    }

    @Test func anEQFLevelIsReadThroughTheReferencingInTheDestinationFramework() {
        #expect(resolve(.init(framework: "EQF", level: "6")).level?.minimumLevel == ["de-dqr": "6"])
        // Ireland references NFQ 7 and 8 to EQF 6: the lowest of them meets EQF 6.
        #expect(resolve(.init(framework: "eqf", level: "6"), in: "IE").level?.minimumLevel == ["ie-nfq": "7"])
    }

    @Test func theDestinationsOwnFrameworkIsTakenAsIsByIdShortNameOrName() {
        #expect(resolve(.init(framework: "de-dqr", level: "4")).level?.minimumLevel == ["de-dqr": "4"])
        #expect(resolve(.init(framework: "DQR", level: "4")).level?.minimumLevel == ["de-dqr": "4"])
        #expect(
            resolve(.init(framework: "Deutscher Qualifikationsrahmen", level: "5")).level?.minimumLevel == [
                "de-dqr": "5"
            ])
    }

    @Test func aCredentialCategoryIsMatchedAgainstTheDestinationsQualificationTypes() {
        #expect(resolve(.init(category: "bachelor degree")).level?.minimumLevel == ["de-dqr": "6"])
        #expect(resolve(.init(category: "Meister")).level?.minimumLevel == ["de-dqr": "6"])
        #expect(
            resolve(.init(category: "high school diploma")).reason?.contains("is not a qualification type of de-dqr")
                == true)
    }

    @Test func whatCannotBeReadIsSaidNotGuessed() {
        #expect(resolve(.init(framework: "EQF", level: "9")).reason?.hasPrefix("eqf has no level '9'") == true)
        #expect(resolve(.init(framework: "XQF", level: "3")).reason?.contains("is not one Parity knows") == true)
        #expect(resolve(.init(framework: "EQF", level: "6"), in: nil).reason?.contains("no country") == true)
        #expect(
            resolve(.init(framework: "EQF", level: "6"), in: "ZZ").reason?.hasPrefix("No framework is known for ZZ")
                == true)
    }

    func candidate(_ id: String, level: String, destination: String = "DE", availableFrom: String? = nil) -> Candidate {
        let credential = Credential(
            title: "Degree", country: "IE", level: level, occupation: "2512", evidence: .diploma)
        return Candidate(
            personId: id, ref: id, profile: .init(experience: ["2512": 36], credentials: [credential]), residence: "DE",
            destination: destination, consent: .init(matching: true),
            person: Person(id: id, availableFrom: availableFrom))
    }

    @Test func aCredentialBelowTheRequiredLevelScoresNothingOnRecognitionAndSaysSo() throws {
        let matcher = Matcher(
            pool: CandidatePool([candidate("low", level: "5"), candidate("high", level: "8")]), engine: Shipped.engine)
        let job = JobOpening(
            id: "j", title: "Developer", occupations: ["2512"], education: .init(framework: "EQF", level: "6"),
            country: "DE")
        let list = matcher.shortlist(job, top: 5)
        #expect(list.candidates.map(\.ref) == ["high", "low"])
        let high = try #require(list.candidates.first?.components.first { $0.name == "recognition" })
        let low = try #require(list.candidates.last?.components.first { $0.name == "recognition" })
        #expect(high.value > 0 && high.explanation.contains("de-dqr level 6") && high.explanation.hasSuffix("met."))
        #expect(low.value == 0 && low.explanation.hasSuffix("below it."))
        #expect(list.notes.isEmpty)
    }

    @Test func withoutARequiredLevelRecognitionIsShownButNotScored() throws {
        let matcher = Matcher(
            pool: CandidatePool([candidate("low", level: "5"), candidate("high", level: "8")]), engine: Shipped.engine)
        let job = JobOpening(id: "j", title: "Developer", occupations: ["2512"], country: "DE")
        let list = matcher.shortlist(job, top: 5)
        #expect(Set(list.candidates.map(\.ref)) == ["low", "high"])
        #expect(list.candidates.first?.score == list.candidates.last?.score)
        #expect(
            list.candidates.allSatisfy { $0.recognition != nil && !$0.components.contains { $0.name == "recognition" } }
        )
        var unreadable = job
        unreadable.education = .init(framework: "EQF", level: "12")
        let noted = matcher.shortlist(unreadable, top: 5)
        #expect(
            noted.notes.count == 1 && noted.notes[0].hasSuffix("Each candidate's recognition is shown, not scored."))
    }

    @Test func candidatesRegisteredForAnotherDestinationOrAvailableTooLateAreNotListed() {
        let pool = CandidatePool([
            candidate("de", level: "8"), candidate("fr", level: "8", destination: "FR"),
            candidate("late", level: "8", availableFrom: "2027-09-01"),
            candidate("early", level: "8", availableFrom: "2027-01-15"),
            candidate("scot", level: "8", destination: "GB-SCT"),
        ])
        let matcher = Matcher(pool: pool, engine: Shipped.engine)
        var job = JobOpening(id: "j", title: "Developer", occupations: ["2512"], startDate: "2027-03-01", country: "DE")
        #expect(Set(matcher.shortlist(job, top: 10).candidates.map(\.ref)) == ["de", "early"])
        job.startDate = nil
        #expect(Set(matcher.shortlist(job, top: 10).candidates.map(\.ref)) == ["de", "late", "early"])
        job.country = "GB-ENG"  // the same country as a registration for Scotland
        #expect(matcher.shortlist(job, top: 10).candidates.map(\.ref) == ["scot"])
        job.country = "JP"  // no one registered for it
        #expect(matcher.shortlist(job, top: 10).candidates.isEmpty)
    }

    @Test func aNeedsMinimumLevelIsScoredInTheHomeFramework() throws {
        let returning = Candidate(
            personId: "r", ref: "r",
            profile: .init(
                experience: ["2221": 12],
                credentials: [
                    Credential(
                        title: "Bachelor of Science in Nursing", country: "PH", level: "6", occupation: "2221",
                        evidence: .diploma)
                ]),
            residence: "DE", destination: "DE", consent: .init(matching: true),
            person: Person(id: "r", returning: .init(country: "PH")))
        let matcher = Matcher(pool: CandidatePool([returning]), engine: Shipped.engine)
        let need = SkillsNeed(
            id: "n", country: "PH", occupation: "2221", minimumLevel: .init(framework: "ph-pqf", level: "6"))
        let list = matcher.reintegration(need, top: 5)
        let recognition = try #require(list.returnees.first?.components.first { $0.name == "recognition" })
        #expect(
            recognition.value > 0 && recognition.explanation.hasSuffix("(ph-pqf 6): met."), "\(recognition.explanation)"
        )
        let higher = matcher.reintegration(
            SkillsNeed(
                id: "n", country: "PH", occupation: "2221", minimumLevel: .init(framework: "ph-pqf", level: "7")),
            top: 5)
        #expect(higher.returnees.first?.components.first { $0.name == "recognition" }?.value == 0)
        #expect(list.notes.isEmpty)
    }
}

extension MatchingTests {
    /// Slots follow arrival; lists must not. The same people, arriving in another order or
    /// through updates that remove and replace some of them, give the same lists.
    @Test func listsDependOnThePeopleNotOnTheOrderTheyArrivedIn() {
        let people = Array(Self.pool.members.prefix(4_000))
        var g = SeededGenerator(state: 11)
        let shuffled = CandidatePool(people.shuffled(using: &g))
        var updated = CandidatePool(Array(people.prefix(2_500)))
        updated.update(removing: people.prefix(1_500).map(\.personId), adding: Array(people[2_500...]))
        updated.update(removing: [], adding: Array(people.prefix(1_500)))
        updated.update(removing: people[100..<200].map(\.personId), adding: Array(people[100..<200]))
        let reference = Matcher(pool: CandidatePool(people), engine: Shipped.engine)
        #expect(updated.count == people.count)
        for occupation in Population.occupations.prefix(10) {
            let job = Population.job(occupation)
            let expected = reference.shortlist(job, top: 30).candidates.map { "\($0.ref) \($0.score)" }
            #expect(
                Matcher(pool: shuffled, engine: Shipped.engine).shortlist(job, top: 30).candidates.map {
                    "\($0.ref) \($0.score)"
                } == expected)
            #expect(
                Matcher(pool: updated, engine: Shipped.engine).shortlist(job, top: 30).candidates.map {
                    "\($0.ref) \($0.score)"
                } == expected)
        }
    }

    @Test func aPersonTakenOutOfThePoolLeavesNothingOfThemInIt() {
        var pool = CandidatePool(Array(Self.pool.members.prefix(50)))
        let gone = pool.members[7]
        pool.update(removing: [gone.personId], adding: [])
        #expect(pool.count == 49)
        #expect(!pool.allSlots.contains { $0.personId == gone.personId || $0.ref == gone.ref })
        let job = JobOpening(
            id: "j", title: "", occupations: gone.profile.occupations, skills: Array(gone.profile.skills), country: "DE"
        )
        #expect(
            !Matcher(pool: pool, engine: Shipped.engine).shortlist(job, top: 50).candidates.contains {
                $0.ref == gone.ref
            })
    }
}

extension MatchingTests {
    /// The first pass stops reading lists once the best are out of reach of anyone unseen;
    /// it must still return exactly the best `limit` an exhaustive count gives.
    @Test func theFirstPassReturnsWhatCountingEveryListWouldGive() {
        let pool = Self.pool
        for (n, occupation) in Population.occupations.prefix(8).enumerated() {
            let job = Population.job(occupation, isco: ["2512", "2221", "7411", "25"][n % 4])
            for limit in [10, 150, 1_000] {
                #expect(
                    Set(pool.recall(job, limit: limit)) == Self.exhaustive(pool, job, limit: limit) { _ in true },
                    "job \(n), limit \(limit)")
            }
        }
    }

    /// The same with the hard filters at work: people registered for other destinations or
    /// for none, people available only later, and people taken out (their slots stay in the
    /// posting lists until a rebuild).
    @Test func theFirstPassAppliesTheHardFiltersAsCountingEveryListWould() {
        var g = SeededGenerator(state: 5)
        let people = Population.make(6_000, seed: 9).map { c -> Candidate in
            var c = c
            c.destination = ["DE", "DE", "DE", "FR", "GB-SCT", nil].randomElement(using: &g) ?? "DE"
            c.person.availableFrom = [nil, nil, "2027-01-01", "2027-06-30", "2027-03"].randomElement(using: &g) ?? nil
            return c
        }
        var pool = CandidatePool(people)
        let gone = Set(people.indices.filter { $0 % 7 == 3 }.map { people[$0].personId })
        pool.update(removing: gone, adding: [])
        for (n, occupation) in Population.occupations.prefix(6).enumerated() {
            var job = Population.job(occupation, isco: ["2512", "25"][n % 2])
            job.country = [nil, "DE", "FR", "GB"][n % 4]
            job.startDate = n % 3 == 0 ? nil : "2027-03-15"
            let start = job.startDate.flatMap(ISODate.day) ?? Int32.max
            for limit in [10, 150] {
                let expected = Self.exhaustive(pool, job, limit: limit) { c in
                    !gone.contains(c.personId)
                        && (job.country == nil
                            || c.destination.map {
                                SafeguardsList.country($0) == SafeguardsList.country(job.country ?? "")
                            } == true)
                        && (c.person.availableFrom.flatMap(ISODate.day) ?? 0) <= start
                }
                #expect(!expected.isEmpty)
                #expect(Set(pool.recall(job, limit: limit)) == expected, "job \(n), limit \(limit)")
            }
        }
    }

    /// Exact scoring counts a job's skills from the pool's ids; they must give what the
    /// profile gives, also after people were taken out and others added.
    @Test(arguments: [500, 3_000])  // in place, and past a quarter emptied (a rebuild); over three chunks of slots
    func skillsCountedFromThePoolsIdsAreThoseOfTheProfile(removed: Int) {
        let members = Self.pool.members
        var pool = CandidatePool(Array(members.prefix(9_000)))
        pool.update(removing: members.prefix(removed).map(\.personId), adding: Array(members[9_000..<9_500]))
        #expect(pool.count == 9_500 - removed)
        let all = pool.allSlots
        let live = all.indices.filter { !all[$0].personId.isEmpty }.map(Int32.init)
        // Each candidate comes back whole, its skills included.
        let byId = Dictionary(uniqueKeysWithValues: members.map { ($0.personId, $0) })
        #expect(live.allSatisfy { all[Int($0)] == byId[all[Int($0)].personId] })
        for occupation in Population.occupations.prefix(12) {
            let asked =
                Array(occupation.essentialSkills.prefix(9)) + ["http://data.europa.eu/esco/skill/not-in-the-pool"]
            let held = pool.holds(live, of: pool.skillIds(asked))
            let expected = live.map { slot in Set(asked).filter(all[Int(slot)].profile.skills.contains).count }
            #expect(held == expected)
            #expect(held.contains { $0 > 0 })
        }
    }

    /// Chunks are shared copy-on-write: an update leaves a pool someone still holds as it was.
    @Test func anUpdateLeavesAPoolStillHeldElsewhereUnchanged() {
        let members = Self.pool.members
        let old = CandidatePool(Array(members.prefix(9_000)))
        let before = old.members
        var new = old
        new.update(removing: [members[5].personId, members[8_500].personId], adding: Array(members[9_000..<9_010]))
        #expect(old.members == before && old.count == 9_000)
        #expect(new.count == 9_008 && !new.members.contains { $0.personId == members[5].personId })
        let job = JobOpening(
            id: "j", title: "", occupations: members[5].profile.occupations, skills: Array(members[5].profile.skills),
            country: "DE")
        #expect(
            Matcher(pool: old, engine: Shipped.engine).shortlist(job, top: 9_000).candidates.contains {
                $0.ref == members[5].ref
            })
        #expect(
            !Matcher(pool: new, engine: Shipped.engine).shortlist(job, top: 9_000).candidates.contains {
                $0.ref == members[5].ref
            })
    }

    /// The best `limit` slots among those `admitted`, counted from each profile: no posting
    /// list is read.
    static func exhaustive(
        _ pool: CandidatePool, _ job: JobOpening, limit: Int, admitted: (Candidate) -> Bool
    ) -> Set<Int32> {
        let asked = Set(job.occupations.flatMap { code in (2...min(4, code.count)).map { String(code.prefix($0)) } })
        var scored: [(slot: Int32, points: Int)] = []
        for (slot, candidate) in pool.allSlots.enumerated() where !candidate.personId.isEmpty && admitted(candidate) {
            let mine = Set(
                candidate.profile.occupations.flatMap { code in
                    (2...max(2, min(4, code.count))).map { String(code.prefix($0)) }
                })
            let points =
                asked.filter(mine.contains).count + Set(job.skills).filter(candidate.profile.skills.contains).count
            if points > 0 { scored.append((Int32(slot), points)) }
        }
        scored.sort { $0.points != $1.points ? $0.points > $1.points : pool.precedes($0.slot, $1.slot) }
        return Set(scored.prefix(limit).map(\.slot))
    }
}

extension MatchingTests {
    func returnee(_ id: String, home: String, experience occupation: String) -> Candidate {
        var c = Candidate(
            personId: id, ref: id, profile: .init(experience: [occupation: 48]), residence: "DE",
            consent: .init(matching: true),
            person: Person(id: id, returning: .init(country: home)))
        c.experience = [Experience(occupation: occupation, country: "DE", months: 48)]
        return c
    }

    @Test func experienceWithANamedAssessmentAtHomeGetsARouteThatNamesIt() throws {
        // A paver returning to Czechia after four years in Germany: the NSK professional qualification
        // "Dlaždič" (EQF 2) is reached by examination.
        let matcher = Matcher(
            pool: CandidatePool([returnee("r-cz", home: "CZ", experience: "7112")]), engine: Shipped.engine)
        let list = matcher.reintegration(SkillsNeed(id: "need-cz", country: "CZ", occupation: "7112"), top: 5)
        let route = try #require(list.returnees.first?.routes.first)
        #expect(route.kind == .rpl && route.note == nil)
        let assessment = try #require(route.assessments.first)
        #expect(assessment.qualification == "Dlaždič (NSK professional qualification)")
        #expect(assessment.level == LevelReference(framework: "cz-kvalifikace", level: "2"))
        #expect(assessment.body.contains("autorizovaná osoba") && assessment.description.contains("examination"))
        #expect(assessment.status == .unconfirmed && !assessment.source.isEmpty)
    }

    @Test func experienceWithNoNamedAssessmentSaysSoPlainly() throws {
        // Care work, back to the Philippines: the PQF data names no qualification for ISCO 5322 with an assessment.
        let matcher = Matcher(
            pool: CandidatePool([returnee("r-ph", home: "PH", experience: "5322")]), engine: Shipped.engine)
        let list = matcher.reintegration(SkillsNeed(id: "need-ph", country: "PH", occupation: "5322"), top: 5)
        let route = try #require(list.returnees.first?.routes.first)
        #expect(route.kind == .rpl && route.assessments.isEmpty)
        #expect(
            route.note
                == "The framework data of PH (ph-pqf) names no qualification for ISCO 5322 with an assessment route: recognising this experience needs an assessment the data does not name."
        )
    }
}

extension CandidatePool {
    /// Every slot's candidate, emptied slots included (blank), in slot order.
    var allSlots: [Candidate] { (0..<slotCount).map { candidate(Int32($0)) } }
}
