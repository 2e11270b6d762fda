/// A person in the matching pool. What scoring may look at is the `Profile`, and nothing
/// else reaches the scorer: name, sex, birth year, nationality, residence and languages are
/// kept beside it, for consented contact details, the safeguards rule and audits only.
public struct Candidate: Sendable, Hashable {
    /// The only input of scoring.
    public struct Profile: Sendable, Hashable {
        /// ESCO skill URIs the person evidences (credentials and experience).
        public var skills: Set<String>
        /// Months of experience per ISCO-08 code.
        public var experience: [String: Int]
        public var credentials: [Credential]

        public init(skills: Set<String> = [], experience: [String: Int] = [:], credentials: [Credential] = []) {
            self.skills = skills; self.experience = experience; self.credentials = credentials
        }

        /// Every ISCO code the person brings: from experience and from credentials (an
        /// occupational test only when passed).
        public var occupations: [String] {
            let evidence = credentials.filter { !$0.isOccupationalTest || $0.passedTest }
            return (Array(experience.keys) + evidence.compactMap(\.occupation)).filter { !$0.isEmpty }.sorted()
        }
    }

    public var personId: String
    /// What makes the candidate one entry of the pool: the service that registered the person
    /// (their person id's scope), the id and the destination, as the adapter that stores them
    /// spells it. A person registered by two services, or for two destinations, is two entries.
    public var key: String
    /// The pseudonymous reference employers see.
    public var ref: String
    public var profile: Profile
    /// Country of residence: only for the health-workforce safeguard.
    public var residence: String?
    /// The destination the person registered for (their batch's): a hard filter, never scored.
    public var destination: String?
    public var consent: Person.Consent
    /// The whole person as registered (statistics-only attributes included): never scored.
    public var person: Person
    /// Work experience as declared (occupation, country, months): its recognition route.
    public var experience: [Experience] = []
    /// Its credentials' recognition in `destination`, as ranking needs it, computed when it
    /// entered the pool (`recognised(by:)`); nil: recognised when a job weighs it.
    public var recognition: RankedRecognition?

    public init(
        personId: String, key: String? = nil, ref: String, profile: Profile, residence: String?,
        destination: String? = nil,
        consent: Person.Consent, person: Person
    ) {
        self.personId = personId; self.key = key ?? personId; self.ref = ref; self.profile = profile;
        self.residence = residence; self.destination = destination
        self.consent = consent; self.person = person
    }

    /// A batch entry as a candidate; skills given as labels are resolved with `resolve`
    /// (ESCO labels to URIs; unknown labels are left out).
    public init(
        entry: CredentialBatch.Entry, key: String? = nil, ref: String, destination: String? = nil,
        resolve: (String) -> String?
    ) {
        var skills = Set<String>()
        var experience: [String: Int] = [:]
        for credential in entry.credentials { skills.formUnion(credential.skills.compactMap(resolve)) }
        for e in entry.experience {
            skills.formUnion(e.skills.compactMap(resolve))
            experience[e.occupation] = experience[e.occupation, default: 0].addingSaturated(e.months)
        }
        self.init(
            personId: entry.person.id, key: key, ref: ref,
            profile: Profile(skills: skills, experience: experience, credentials: entry.credentials),
            residence: entry.person.residence, destination: destination, consent: entry.person.consent,
            person: entry.person)
        self.experience = entry.experience
    }

    /// The batch entry the candidate was made from (person, credentials, experience).
    public var entry: CredentialBatch.Entry {
        CredentialBatch.Entry(person: person, credentials: profile.credentials, experience: experience)
    }

    /// The same candidate with its skill labels resolved again (new frameworks or taxonomy).
    public func resolved(_ resolve: (String) -> String?) -> Candidate {
        Candidate(entry: entry, key: key, ref: ref, destination: destination, resolve: resolve)
    }
}
