/// What a destination requires of a worker in an occupation before or at work, besides any
/// qualification level: a trade test before the visa (Saudi SVP), a check of the degree
/// against the job (Saudi Professional Verification), a skill class decided by occupation,
/// attestation and salary (UAE MOHRE), a licence or a registration (Oman, Kuwait). Data, with
/// its source and status per entry; it never produces a level and never a `comparable` outcome.
public struct DestinationRequirement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case tradeTest = "trade-test"
        case documentVerification = "document-verification"
        case skillClass = "skill-class"
        case licence
        case registration
    }

    /// An occupation the requirement names: the destination's own title as published, and the
    /// ISCO-08 group it is selected by (`mappedBy` says who assigned that group when the
    /// destination's classification is not ISCO itself).
    public struct Occupation: Sendable, Hashable {
        public var isco: String
        public var title: String?
        public var mappedBy: String?
        public init(isco: String, title: String? = nil, mappedBy: String? = nil) {
            self.isco = isco; self.title = title; self.mappedBy = mappedBy
        }

        /// Whether a worker's ISCO-08 code falls under this group (or names a broader group
        /// that holds it: a credential coded `741` is not assumed to be `7411`, so no).
        public func covers(_ code: String) -> Bool { code.hasPrefix(isco) }
    }

    public var id: String
    public var kind: Kind
    /// The destination country (ISO 3166-1 alpha-2).
    public var destination: String
    public var authority: String
    public var what: String
    /// Where and how it is done (the test centre in the origin country, the online platform).
    public var place: String?
    /// How an employer or authority checks that it is met.
    public var check: String?
    public var paidBy: String?
    /// The first and last days it applies (`YYYYMMDD`; a month or a year alone counts from its
    /// first day); nil where the data has no date.
    public var since: Int32?
    public var until: Int32?
    /// The dates as written in the data (`2023-06`, `2023-06-01`), for results.
    public var sinceText: String?
    public var untilText: String?
    public var occupations: [Occupation]
    /// The origin countries it applies to; empty: workers from anywhere.
    public var origins: [String]
    public var notes: [String]
    public var provenance: Provenance
    public var location: SourcePosition

    public init(
        id: String, kind: Kind, destination: String, authority: String = "", what: String = "",
        place: String? = nil, check: String? = nil, paidBy: String? = nil, since: String? = nil,
        until: String? = nil, occupations: [Occupation] = [], origins: [String] = [], notes: [String] = [],
        provenance: Provenance, location: SourcePosition = .unknown
    ) {
        self.id = id; self.kind = kind; self.destination = destination; self.authority = authority
        self.what = what; self.place = place; self.check = check; self.paidBy = paidBy
        self.sinceText = since; self.untilText = until
        self.since = since.flatMap(Self.day); self.until = until.flatMap(Self.day)
        self.occupations = occupations; self.origins = origins; self.notes = notes
        self.provenance = provenance; self.location = location
    }

    /// Whether it applies to a worker in `occupation` (ISCO-08) from `origin` on `day`
    /// (`YYYYMMDD`). Without a day, the dates are not checked (a listing of what the data holds).
    public func applies(occupation: String, origin: String?, on day: Int32?) -> Bool {
        guard occupations.contains(where: { $0.covers(occupation) }) else { return false }
        if !origins.isEmpty {
            guard let origin, origins.contains(Self.country(origin)) else { return false }
        }
        if let day {
            if let since, day < since { return false }
            if let until, day > until { return false }
        }
        return true
    }

    /// A date as the data writes it: a day, a month, or a year alone (`2022`: its first day).
    static func day(_ text: String) -> Int32? {
        if text.utf8.count == 4, let year = Int32(text), year > 0 { return year * 10000 + 101 }
        return ISODate.day(text)
    }

    /// `GB-SCT` → `GB`: requirements name whole countries.
    static func country(_ code: String) -> String { String(code.prefix(2)) }
}

/// One file of destination requirements (`<requirements>` in the framework schema): the
/// requirements of one destination country, with the document's version for results.
public struct RequirementCatalogue: Sendable, Hashable {
    public var id: String
    public var name: String
    public var destination: String
    public var version: String
    public var date: String
    public var sources: [String]
    public var notes: [String]
    public var requirements: [DestinationRequirement]
    public var location: SourcePosition

    public init(
        id: String, name: String = "", destination: String = "", version: String, date: String,
        sources: [String] = [], notes: [String] = [], requirements: [DestinationRequirement] = [],
        location: SourcePosition = .unknown
    ) {
        self.id = id; self.name = name; self.destination = destination; self.version = version
        self.date = date; self.sources = sources; self.notes = notes; self.requirements = requirements
        self.location = location
    }
}
