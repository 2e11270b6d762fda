/// What the installed frameworks can answer, country by country: for every origin country ×
/// destination country, the outcome a typical credential at each level of the origin's
/// frameworks gets (the credential names its framework and level, nothing else). It is the
/// engine's own answer, so the map shows exactly what an operator's users will see.
public struct CoverageMap: Sendable, Hashable {
    /// An outcome as the map draws it.
    public enum Reach: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
        /// `comparable` (with or without conditions): a confirmed route end to end.
        case comparable
        /// `indicative` only: some link is unconfirmed or a classification.
        case indicative
        /// `no-mapping`, `not-comparable` or `insufficient-information`: no equivalence is stated.
        case none

        init(_ outcome: EquivalenceResult.Outcome) {
            switch outcome {
            case .comparable, .comparableWithConditions: self = .comparable
            case .indicative: self = .indicative
            case .noMapping, .notComparable, .insufficientInformation: self = .none
            }
        }

        private var rank: Int {
            switch self {
            case .comparable: 2;
            case .indicative: 1;
            case .none: 0
            }
        }
        public static func < (a: Reach, b: Reach) -> Bool { a.rank < b.rank }
    }

    public struct Cell: Sendable, Hashable, Codable {
        public var origin: String
        public var destination: String
        /// The best reach of any level.
        public var best: Reach
        /// How many origin levels reach the destination so.
        public var comparable: Int
        public var indicative: Int
        public var none: Int
        /// The destination's requirements (trade tests, verifications, skill classes, licences)
        /// that apply to workers from the origin, in some occupation at some date: counted apart
        /// from the level routes, which they never are.
        public var requirements: Int = 0

        /// Known requirements but no level route: the pair the map marks apart.
        public var requirementsOnly: Bool { best == .none && requirements > 0 }

        /// One more origin level reaching the destination so.
        mutating func add(_ reach: Reach) {
            switch reach {
            case .comparable: comparable += 1
            case .indicative: indicative += 1
            case .none: none += 1
            }
            best = max(best, reach)
        }
    }

    public struct Totals: Sendable, Hashable, Codable {
        public var comparable = 0
        public var indicative = 0
        public var none = 0
        public init() {}
        public mutating func add(_ reach: Reach, _ n: Int = 1) {
            switch reach {
            case .comparable: comparable += n
            case .indicative: indicative += n
            case .none: none += n
            }
        }
    }

    /// Origin and destination countries (ISO 3166-1 or 3166-2), sorted.
    public var countries: [String]
    /// One per ordered pair of different countries, in `countries` order (origin, then destination).
    public var cells: [Cell]

    /// Country pairs by their best reach.
    public var pairs: Totals {
        var t = Totals()
        for cell in cells { t.add(cell.best) }
        return t
    }

    /// Origin levels × destination countries by reach.
    public var levels: Totals {
        var t = Totals()
        for cell in cells {
            t.add(.comparable, cell.comparable); t.add(.indicative, cell.indicative); t.add(.none, cell.none)
        }
        return t
    }

    /// Pairs with known requirements, and those of them with no level route.
    public var requirementPairs: (all: Int, withoutRoute: Int) {
        (cells.filter { $0.requirements > 0 }.count, cells.filter(\.requirementsOnly).count)
    }

    /// Computes the map over the national frameworks of the engine's set, and the countries its
    /// requirements name (a destination known only by them, an origin with no framework).
    public init(engine: RecognitionEngine) {
        let national = engine.set.sortedFrameworks.filter { $0.kind == .national }
        let required = engine.set.requirementCatalogues.flatMap { c in
            [c.destination] + c.requirements.flatMap(\.origins)
        }
        countries = Array(Set(national.flatMap(\.countries) + required)).sorted()
        var cells: [Cell] = []
        for origin in countries {
            let levels = national.filter { $0.countries.contains(origin) }.flatMap { f in f.levels.map { (f, $0) } }
            for destination in countries where destination != origin {
                var cell = Cell(
                    origin: origin, destination: destination, best: .none, comparable: 0, indicative: 0, none: 0)
                for (framework, level) in levels {
                    let credential = Credential(
                        title: level.name, country: origin, framework: framework.id, level: level.id)
                    let reach =
                        (try? engine.recognise(credential, destination: destination)).map { Reach($0.outcome) } ?? .none
                    cell.add(reach)
                }
                cell.requirements =
                    engine.set.requirements.all(destination).filter {
                        $0.origins.isEmpty || $0.origins.contains(origin)
                    }.count
                cells.append(cell)
            }
        }
        self.cells = cells
    }
}
