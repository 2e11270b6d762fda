/// The fair-recruitment rules a job opening and its shortlist go through
/// (../shared/reference/recruitment.md §5): what refuses a job, what is flagged, and which
/// candidates are withheld from active recruitment. Each finding says why and on what basis.
public enum FairRecruitment {
    public struct Finding: Sendable, Hashable {
        public enum Rule: String, Sendable, Hashable {
            /// ILO C181 Art. 7: no fees or costs charged to workers.
            case workerFees = "worker-fees"
            /// Pay below the floor configured for the destination.
            case payBelowFloor = "pay-below-floor"
            /// WHO Global Code Art. 5.1 and the SSL 2023: no active recruitment of health workers there.
            case healthWorkforceSafeguard = "health-workforce-safeguard"
        }
        public var rule: Rule
        public var explanation: String
        public var basis: String
    }

    static let c181 =
        "ILO Private Employment Agencies Convention, 1997 (No. 181), Art. 7(1): agencies \"shall not charge directly or indirectly, in whole or in part, any fees or costs to workers\"; ILO General principles for fair recruitment, principle 7"
    static let whoCode =
        "WHO Global Code of Practice on the International Recruitment of Health Personnel (WHA63.16, 2010), Art. 5.1; \(SafeguardsList.name)"

    /// A job that charges its workers is refused, whatever else it offers.
    public static func refusal(_ job: JobOpening) -> Finding? {
        guard let fees = job.recruitment.workerFees else { return nil }
        let amount = fees.amount.map { " of \(formatted($0))\(fees.currency.map { " \($0)" } ?? "")" } ?? ""
        return Finding(
            rule: .workerFees,
            explanation:
                "The job charges workers a fee\(amount) for \(fees.what): no shortlist is made for a job whose workers pay to get it.",
            basis: c181)
    }

    /// Pay below the destination's floor (compared per hour): flagged on the shortlist, not refused.
    public static func payFlag(_ job: JobOpening, floor: JobOpening.Salary?) -> Finding? {
        guard let floor, let pay = job.salary else { return nil }
        guard pay.currency == floor.currency else {
            return Finding(
                rule: .payBelowFloor,
                explanation:
                    "Pay is given in \(pay.currency), the floor for \(job.country ?? "the destination") in \(floor.currency): it could not be compared and must be checked by hand.",
                basis: "The pay floor configured for the destination")
        }
        guard pay.hourly < floor.hourly else { return nil }
        return Finding(
            rule: .payBelowFloor,
            explanation:
                "Pay of \(formatted(pay.amount)) \(pay.currency) per \(pay.period.rawValue.lowercased()) is below the floor of \(formatted(floor.amount)) \(floor.currency) per \(floor.period.rawValue.lowercased()) for \(job.country ?? "the destination").",
            basis: "The pay floor configured for the destination")
    }

    /// Whether a candidate residing in `residence` is withheld from this job: a health
    /// occupation, active recruitment, a country on the safeguards list, and no
    /// government-to-government agreement declared. Direct applications are never withheld.
    public static func withholds(_ job: JobOpening, residence: String?) -> Finding? {
        guard safeguardApplies(job), let residence, let status = SafeguardsList.status(of: residence) else {
            return nil
        }
        let listed = status == .confirmed ? "is on" : "is, by inference not yet confirmed, on"
        return Finding(
            rule: .healthWorkforceSafeguard,
            explanation:
                "\(residence) \(listed) the \(SafeguardsList.name): health workers living there are not actively recruited unless a government-to-government agreement covers it.",
            basis: whoCode)
    }

    /// Whether the health-workforce safeguard can withhold anyone from this job: active
    /// recruitment of health workers with no government-to-government agreement declared.
    public static func safeguardApplies(_ job: JobOpening) -> Bool {
        job.recruitment.channel == .active && job.recruitment.agreement == nil
            && job.occupations.contains(where: SafeguardsList.isHealthWorker)
    }

    /// What a shortlist says of the candidates a rule withheld.
    public static func withheldReason(_ rule: Finding.Rule, count: Int) -> String {
        switch rule {
        case .healthWorkforceSafeguard:
            "\(count) candidate(s) living in countries on the \(SafeguardsList.name) were withheld: health workers there are not actively recruited unless a government-to-government agreement covers it (declare it in recruitment.agreement), and they may still apply directly."
        case .workerFees, .payBelowFloor:
            "\(count) candidate(s) withheld under \(rule.rawValue)."
        }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
