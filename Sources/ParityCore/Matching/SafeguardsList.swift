/// The WHO Health Workforce Support and Safeguards List 2023 (../shared/reference/recruitment.md
/// §5.1): countries where active international recruitment of health workers is discouraged
/// (WHO Global Code of Practice, WHA63.16, Art. 5.1). 54 countries CONFIRMED through the UK
/// code's red list that is stated to follow SSL 2023
/// (http://www.nhsemployers.org/…/list-of-developing-countries); Nepal inferred from the
/// regional counts, so it ships as `unconfirmed` (PARTLY CONFIRMED in the reference).
public enum SafeguardsList {
    public static let name = "WHO Health Workforce Support and Safeguards List 2023"
    public static let source =
        "https://test-cms.who.int/news-room/questions-and-answers/item/who-health-workforce-support-and-safeguards-list"

    /// ISO 3166-1 alpha-2 → status of the entry.
    public static let countries: [String: Provenance.Status] = {
        let confirmed = [
            // AFRO (37)
            "AO", "BJ", "BF", "BI", "CM", "CF", "TD", "KM", "CG", "CD", "CI", "GQ", "ER", "ET", "GA", "GM", "GH", "GN",
            "GW",
            "LS", "LR", "MG", "MW", "ML", "MR", "MZ", "NE", "NG", "RW", "SN", "SL", "SS", "TG", "TZ", "UG", "ZM", "ZW",
            // EMRO (6)
            "AF", "DJ", "PK", "SO", "SD", "YE",
            // WPRO (8)
            "KI", "LA", "FM", "PG", "WS", "SB", "TV", "VU",
            // SEARO (2 of 3)
            "BD", "TL",
            // AMRO (1)
            "HT",
        ]
        var list = Dictionary(uniqueKeysWithValues: confirmed.map { ($0, Provenance.Status.confirmed) })
        list["NP"] = .unconfirmed
        return list
    }()

    /// Health workers in the sense of the rule: ISCO-08 221x (medical doctors), 222x (nursing
    /// and midwifery professionals), 3221 and 3222 (associate professionals).
    public static func isHealthWorker(isco: String) -> Bool {
        isco.hasPrefix("221") || isco.hasPrefix("222") || isco == "3221" || isco == "3222"
    }

    /// The country part of an ISO 3166-2 code (`GB-SCT` → `GB`).
    static func country(_ code: String) -> String { String(code.prefix { $0 != "-" }) }

    public static func status(of country: String) -> Provenance.Status? {
        countries[Self.country(country).uppercased()]
    }
}
