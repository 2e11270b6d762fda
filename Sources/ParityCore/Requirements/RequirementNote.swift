/// A destination requirement as a result lists it (DESIGN.md §7, `requirements[]`): what must
/// be done, by whom, since when, who pays, and where the fact comes from; `metBy` names the
/// evidence a person already holds for it (an occupational test passed), when they do.
public struct RequirementNote: Sendable, Hashable, Codable {
    public var id: String
    public var kind: DestinationRequirement.Kind
    public var authority: String
    public var what: String
    /// Where and how it is done (`where` in JSON).
    public var place: String?
    public var check: String?
    public var since: String?
    public var until: String?
    public var paidBy: String?
    /// The destination's own titles of the occupations it names that cover this worker's.
    public var occupations: [String]
    public var status: Provenance.Status
    public var source: String
    public var metBy: String?

    public init(_ r: DestinationRequirement, occupation: String?, metBy: String? = nil) {
        id = r.id; kind = r.kind; authority = r.authority; what = r.what; place = r.place; check = r.check
        since = r.sinceText; until = r.untilText; paidBy = r.paidBy
        occupations = r.occupations.filter { o in occupation.map(o.covers) ?? false }.compactMap(\.title)
        status = r.provenance.status; source = r.provenance.source; self.metBy = metBy
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, authority, what
        case place = "where"
        case check, since, until, paidBy, occupations, status, source, metBy
    }

    /// Still to be met by the person.
    public var open: Bool { metBy == nil }
}

/// The requirements of every destination, indexed by country, in file then document order.
public struct RequirementIndex: Sendable {
    private let byDestination: [String: [DestinationRequirement]]

    public init(_ catalogues: [RequirementCatalogue]) {
        var map: [String: [DestinationRequirement]] = [:]
        for catalogue in catalogues.sorted(by: { $0.id < $1.id }) {
            for r in catalogue.requirements { map[r.destination, default: []].append(r) }
        }
        byDestination = map
    }

    /// Whether the data holds any requirement of `destination` (a country, or a subdivision of one).
    public func knows(_ destination: String) -> Bool { byDestination[country(destination)] != nil }

    public func all(_ destination: String) -> [DestinationRequirement] { byDestination[country(destination)] ?? [] }

    /// The requirements of `destination` that apply to a worker in `occupation` from `origin` on `day`.
    public func applicable(
        destination: String, occupation: String?, origin: String?, on day: Int32?
    ) -> [DestinationRequirement] {
        guard let occupation, !occupation.isEmpty else { return [] }
        return all(destination).filter { $0.applies(occupation: occupation, origin: origin, on: day) }
    }

    /// A destination is a country code or a framework id; requirements are kept by country.
    private func country(_ destination: String) -> String { DestinationRequirement.country(destination) }
}
