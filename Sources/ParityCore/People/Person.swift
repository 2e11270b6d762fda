/// A person registered by an employment service. Name and the statistics-only attributes
/// (sex, birth year, nationality) are never used for scoring or ranking.
public struct Person: Sendable, Hashable, Encodable {
    public struct Consent: Sendable, Hashable, Encodable {
        public var matching: Bool
        public var shareContact: Bool
        public init(matching: Bool = false, shareContact: Bool = false) {
            self.matching = matching; self.shareContact = shareContact
        }
    }
    public struct Returning: Sendable, Hashable, Encodable {
        public var country: String
        public var from: String?
        public init(country: String, from: String? = nil) { self.country = country; self.from = from }
    }

    public var id: String
    public var name: String?
    public var consent: Consent
    public var residence: String?
    public var languages: [String]
    public var availableFrom: String?
    public var returning: Returning?
    public var sex: String?
    public var birthYear: Int?
    public var nationality: String?

    public init(
        id: String, name: String? = nil, consent: Consent = Consent(), residence: String? = nil,
        languages: [String] = [],
        availableFrom: String? = nil, returning: Returning? = nil, sex: String? = nil, birthYear: Int? = nil,
        nationality: String? = nil
    ) {
        self.id = id; self.name = name; self.consent = consent; self.residence = residence; self.languages = languages
        self.availableFrom = availableFrom; self.returning = returning; self.sex = sex; self.birthYear = birthYear
        self.nationality = nationality
    }

}

/// Work experience abroad: learning that follows the recognition-of-prior-learning route.
public struct Experience: Sendable, Hashable, Encodable {
    public var occupation: String
    public var country: String
    public var months: Int
    public var skills: [String]

    public init(occupation: String, country: String, months: Int, skills: [String] = []) {
        self.occupation = occupation; self.country = country; self.months = months; self.skills = skills
    }

    /// The most months one record, or a job, may state: a working life of a hundred years. A
    /// figure beyond it is refused where it enters (messages, documents), so that no sum of
    /// records can come near the limits of `Int`.
    public static let maximumMonths = 1200

    /// The experience as an informal credential, so it goes through the same engine: with no
    /// level to locate, the engine answers with the RPL route rather than a guessed level.
    public var asCredential: Credential {
        Credential(
            title: "Work experience: ISCO \(occupation), \(months) months in \(country)", country: country,
            occupation: occupation, skills: skills, mode: .informal, evidence: .selfDeclared)
    }
}
