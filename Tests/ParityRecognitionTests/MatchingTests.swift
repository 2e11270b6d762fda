@testable import ParityCore
import ParityTestSupport
import Testing

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
            let isco = ["2511", "2512", "2513", "2514", "2519", "3512", "2221", "7411"].randomElement(using: &g) ?? "2512"
            let person = Person(
                id: "c-\(i)", name: "Person \(i)", consent: .init(matching: true, shareContact: i % 3 == 0), residence: "DE",
                languages: ["en"], sex: Bool.random(using: &g) ? "f" : "m", birthYear: Int.random(in: 1960...2004, using: &g),
                nationality: ["PH", "IN", "NG", "PL", "DE"].randomElement(using: &g))
            let credential = Credential(
                title: "Bachelor", country: "IE", level: "8", occupation: isco, skills: own, evidence: .diploma)
            return Candidate(
                personId: person.id, ref: "ref-\(i)",
                profile: .init(skills: Set(own + extra), experience: [isco: Int.random(in: 0...72, using: &g)], credentials: [credential]),
                residence: person.residence, consent: person.consent, person: person)
        }
    }

    static func job(_ occupation: Occupation, isco: String = "2512") -> JobOpening {
        JobOpening(id: "job-\(occupation.uri.suffix(8))", title: occupation.label, occupations: [isco],
                   skills: Array(occupation.essentialSkills.prefix(9)), monthsOfExperience: 24, country: "DE")
    }
}

@Suite struct MatchingTests {
    static let pool = CandidatePool(Population.make(10_000, seed: 7))
    static let matcher = Matcher(pool: pool, engine: Shipped.engine)

    @Test func changingEveryProtectedAttributeChangesNoScoreAndNoRank() throws {
        let altered = Self.pool.candidates.map { c -> Candidate in
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
            for entry in Self.matcher.shortlist(Population.job(occupation), top: 50).candidates { selected.insert(entry.ref) }
        }
        for attribute in ["sex", "nationality"] {
            var groups: [String: (all: Int, chosen: Int)] = [:]
            for c in Self.pool.candidates {
                let group = (attribute == "sex" ? c.person.sex : c.person.nationality) ?? "unknown"
                groups[group, default: (0, 0)].all += 1
                if selected.contains(c.ref) { groups[group, default: (0, 0)].chosen += 1 }
            }
            let rates = groups.mapValues { Double($0.chosen) / Double($0.all) }
            let ratio = (rates.values.min() ?? 0) / (rates.values.max() ?? 1)
            print("four-fifths audit by \(attribute): " + rates.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ")
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
            Candidate(personId: "n-\(i)", ref: "n-\(i)", profile: .init(experience: ["2221": 36]), residence: i < 4 ? "NG" : "PH",
                      consent: .init(matching: true), person: Person(id: "n-\(i)"))
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
    @Test func theUpperBoundIsTheScoreWithFullRecognition() {
        for occupation in Population.occupations.prefix(5) {
            let job = Population.job(occupation)
            let scorer = CandidateScorer(job: job, label: { $0 }, recognise: { _ in nil })
            for candidate in Self.pool.candidates.prefix(300) {
                let full = scorer.partial(candidate.profile) + [CandidateScorer.component("recognition", 1, "")]
                #expect(scorer.numbers(candidate.profile).score(recognition: 1) == CandidateScorer.score(full))
            }
        }
    }
}

extension MatchingTests {
    @Test func aReturneeIsFoundAmongManyWhoAreNotReturning() {
        var people = (0..<1_000).map { i in
            Candidate(personId: "s-\(i)", ref: "s-\(i)", profile: .init(experience: ["2221": 60]), residence: "DE",
                      consent: .init(matching: true), person: Person(id: "s-\(i)"))
        }
        people.append(Candidate(
            personId: "r-1", ref: "r-1", profile: .init(experience: ["2221": 12]), residence: "DE", consent: .init(matching: true),
            person: Person(id: "r-1", returning: .init(country: "PH"))))
        let matcher = Matcher(pool: CandidatePool(people), engine: Shipped.engine)
        let list = matcher.reintegration(SkillsNeed(id: "need", country: "PH", occupation: "2221"), top: 10)
        #expect(list.returnees.map(\.ref) == ["r-1"])
        #expect(list.returnees.first?.routes.map(\.kind) == [])
    }
}
