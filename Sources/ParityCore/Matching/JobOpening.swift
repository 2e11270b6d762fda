/// A job opening as the matching core sees it: decoded from a schema.org `JobPosting` (with
/// the message's `recruitment` block) by ParityMessages. Unknown or missing fields stay nil and
/// never count as a match.
public struct JobOpening: Sendable, Hashable {
    public struct Salary: Sendable, Hashable {
        public enum Period: String, Sendable, Hashable, CaseIterable {
            case hour = "HOUR"
            case day = "DAY"
            case week = "WEEK"
            case month = "MONTH"
            case year = "YEAR"

            /// Working hours a period stands for, to compare pay given per hour, month or year.
            public var hours: Double {
                switch self {
                case .hour: 1
                case .day: 8
                case .week: 40
                case .month: 40 * 52 / 12
                case .year: 40 * 52
                }
            }
        }
        public var amount: Double
        public var currency: String
        public var period: Period
        public init(amount: Double, currency: String, period: Period) {
            self.amount = amount; self.currency = currency; self.period = period
        }

        /// The same pay per hour, for comparisons across periods.
        public var hourly: Double { amount / period.hours }
    }

    /// How the employer recruits (DESIGN.md §7 `recruitment`).
    public struct Recruitment: Sendable, Hashable {
        public enum Channel: String, Sendable, Hashable, CaseIterable {
            case active
            case directApplication = "direct-application"
        }
        public struct WorkerFees: Sendable, Hashable {
            public var amount: Double?
            public var currency: String?
            /// What the worker is charged for (placement, visa, training, deposit, bond...).
            public var what: String
            public init(amount: Double? = nil, currency: String? = nil, what: String) {
                self.amount = amount; self.currency = currency; self.what = what
            }
        }
        public var workerFees: WorkerFees?
        public var channel: Channel
        public var agencyName: String?
        public var agencyLicence: String?
        /// A government-to-government agreement covering this recruitment.
        public var agreement: String?

        public init(
            workerFees: WorkerFees? = nil, channel: Channel = .active, agencyName: String? = nil,
            agencyLicence: String? = nil, agreement: String? = nil
        ) {
            self.workerFees = workerFees; self.channel = channel; self.agencyName = agencyName;
            self.agencyLicence = agencyLicence; self.agreement = agreement
        }
    }

    /// `educationRequirements` as the posting states it: a level in a named framework
    /// ("EQF 6", "de-dqr 4") and/or a credential category ("bachelor degree"). The matcher
    /// reads it in the destination's framework (`RequiredLevel`).
    public struct Education: Sendable, Hashable, CustomStringConvertible {
        /// The framework as named in the posting: an id, an id without its country, or a name.
        public var framework: String?
        public var level: String?
        public var category: String?
        public init(framework: String? = nil, level: String? = nil, category: String? = nil) {
            self.framework = framework; self.level = level; self.category = category
        }

        public var description: String {
            let level = [framework, self.level].compactMap { $0 }.joined(separator: " ")
            switch (level.isEmpty, category) {
            case (false, let category?): return "\(level) (\(category))"
            case (false, nil): return level
            case (true, let category?): return category
            case (true, nil): return "unspecified"
            }
        }
    }

    public var id: String
    public var title: String
    /// ISCO-08 codes (1 to 4 digits).
    public var occupations: [String]
    /// ESCO skill URIs.
    public var skills: [String]
    public var monthsOfExperience: Int?
    public var education: Education?
    /// `jobStartDate` (ISO 8601 date): candidates available only later are not listed.
    public var startDate: String?
    public var salary: Salary?
    /// Where the job is (ISO 3166-1 or 3166-2): the destination of every candidate's recognition.
    public var country: String?
    public var validThrough: String?
    public var recruitment: Recruitment

    public init(
        id: String, title: String, occupations: [String] = [], skills: [String] = [], monthsOfExperience: Int? = nil,
        education: Education? = nil, startDate: String? = nil, salary: Salary? = nil, country: String? = nil,
        validThrough: String? = nil, recruitment: Recruitment = Recruitment()
    ) {
        self.id = id; self.title = title; self.occupations = occupations; self.skills = skills
        self.monthsOfExperience = monthsOfExperience; self.education = education; self.startDate = startDate;
        self.salary = salary; self.country = country
        self.validThrough = validThrough; self.recruitment = recruitment
    }
}
