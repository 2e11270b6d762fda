/// One loaded source document: a framework, a taxonomy or a destination's requirements, with the hash of the exact bytes
/// it was read from. Results record these so that every answer can be traced to its data.
public struct SourceDocument: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case framework(Framework)
        case taxonomy(Taxonomy)
        case requirements(RequirementCatalogue)
    }
    public var file: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var contentHash: String
    public var content: Content

    public init(file: String, contentHash: String, content: Content) {
        self.file = file; self.contentHash = contentHash; self.content = content
    }

    public var id: String {
        switch content {
        case .framework(let f): f.id
        case .taxonomy(let t): t.id
        case .requirements(let r): r.id
        }
    }

    public var version: String {
        switch content {
        case .framework(let f): f.version
        case .taxonomy(let t): t.version
        case .requirements(let r): r.version
        }
    }
}

/// What a result records about the data it used.
public struct DataVersion: Sendable, Hashable, Comparable, Codable {
    public var id: String
    public var version: String
    public var contentHash: String
    public init(id: String, version: String, contentHash: String) {
        self.id = id; self.version = version; self.contentHash = contentHash
    }
    public static func < (a: DataVersion, b: DataVersion) -> Bool { a.id < b.id }
}

/// The immutable set of frameworks (and taxonomy) the service works with. It is only ever built
/// whole from documents that passed every check, so a reader never sees a half-loaded set.
public struct FrameworkSet: Sendable {
    public let frameworks: [String: Framework]
    public let taxonomies: [Taxonomy]
    /// What destinations require besides a level (trade tests, verifications, skill classes, licences).
    public let requirementCatalogues: [RequirementCatalogue]
    public let requirements: RequirementIndex
    public let versions: [DataVersion]
    public let files: [String: String]
    /// Frameworks sorted by id, for stable listings and deterministic searches.
    public let sortedFrameworks: [Framework]

    /// Builds the set, or throws every semantic problem found across the documents.
    public init(documents: [SourceDocument]) throws(FrameworkSetError) {
        let issues = FrameworkSetValidator.issues(in: documents)
        if !issues.isEmpty { throw FrameworkSetError(issues: issues) }
        var frameworks: [String: Framework] = [:]
        var taxonomies: [Taxonomy] = []
        var catalogues: [RequirementCatalogue] = []
        var files: [String: String] = [:]
        for document in documents {
            files[document.id] = document.file
            switch document.content {
            case .framework(let f): frameworks[f.id] = f
            case .taxonomy(let t): taxonomies.append(t)
            case .requirements(let r): catalogues.append(r)
            }
        }
        self.requirementCatalogues = catalogues.sorted { $0.id < $1.id }
        self.requirements = RequirementIndex(catalogues)
        self.frameworks = frameworks
        self.taxonomies = taxonomies.sorted { $0.id < $1.id }
        self.versions = documents.map {
            DataVersion(id: $0.id, version: $0.version, contentHash: $0.contentHash)
        }.sorted()
        self.files = files
        self.sortedFrameworks = frameworks.values.sorted { $0.id < $1.id }
    }

    public func framework(_ id: String) -> Framework? { frameworks[id] }

    /// The level a QDR URI names (`http://data.europa.eu/snb/qdr/c_...`), if an installed framework carries it.
    public func level(qdr: String) -> LevelReference? {
        for f in sortedFrameworks {
            if let level = f.levels.first(where: { $0.qdr == qdr }) {
                return LevelReference(framework: f.id, level: level.id)
            }
        }
        return nil
    }

    /// National frameworks that apply to `country` (ISO 3166-1 or 3166-2 code).
    public func frameworks(forCountry country: String) -> [Framework] {
        sortedFrameworks.filter { $0.countries.contains(country) }
    }
}

public struct FrameworkSetError: Error, Sendable, CustomStringConvertible {
    public var issues: [SemanticIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A problem the XSD cannot express: a dangling bridge, a duplicate id, a self bridge.
public struct SemanticIssue: Sendable, Hashable, CustomStringConvertible {
    public var location: SourcePosition
    public var message: String
    public init(location: SourcePosition, message: String) { self.location = location; self.message = message }
    public var description: String { "\(location): \(message)" }
}
