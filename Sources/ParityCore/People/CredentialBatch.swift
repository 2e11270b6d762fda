/// A `credential-batch` message (DESIGN.md §7): people, their credentials and experience,
/// to be recognised in one destination.
public struct CredentialBatch: Sendable, Hashable, Encodable {
    public struct Entry: Sendable, Hashable, Encodable {
        public var person: Person
        public var credentials: [Credential]
        public var experience: [Experience]

        public init(person: Person, credentials: [Credential] = [], experience: [Experience] = []) {
            self.person = person; self.credentials = credentials; self.experience = experience
        }

    }

    public var kind: String
    public var id: String
    public var destination: String
    public var people: [Entry]

    public init(id: String, destination: String, people: [Entry]) {
        self.kind = "credential-batch"; self.id = id; self.destination = destination; self.people = people
    }
}

/// The result of a batch: one line per person and credential (or experience), in input order.
public struct BatchResult: Sendable, Hashable, Encodable {
    public struct Line: Sendable, Hashable, Encodable {
        public var person: String
        /// `credentials[0]`, `experience[1]`: which input the result is for.
        public var item: String
        public var title: String
        public var result: EquivalenceResult
        /// The document the credential was read from, when it came in an ELM or ELMO file.
        public var source: Credential.Source?

        public init(
            person: String, item: String, title: String, result: EquivalenceResult, source: Credential.Source? = nil
        ) {
            self.person = person; self.item = item; self.title = title; self.result = result; self.source = source
        }
    }

    public var batch: String
    public var destination: String
    public var results: [Line]
    /// Rows or entries that could not be read; the rest of the batch was still processed.
    public var rejected: [RejectedItem]
    public var versions: Versions

    public init(batch: String, destination: String, results: [Line], rejected: [RejectedItem], versions: Versions) {
        self.batch = batch; self.destination = destination; self.results = results; self.rejected = rejected;
        self.versions = versions
    }
}

public struct RejectedItem: Sendable, Hashable, Encodable {
    /// Where: `row 7` of a CSV file, or `people[2].credentials[0]` of a JSON batch.
    public var location: String
    public var field: String
    public var message: String
    public init(location: String, field: String, message: String) {
        self.location = location; self.field = field; self.message = message
    }
}

extension RecognitionEngine {
    /// Recognises every credential and experience of the batch in its destination.
    private static let credentialItems = (0..<8).map { "credentials[\($0)]" }
    private static let experienceItems = (0..<8).map { "experience[\($0)]" }

    /// `credentials[2]`: the first few are spelled once, not per line of a large batch.
    private static func item(_ list: String, _ index: Int) -> String {
        let table = list == "credentials" ? credentialItems : experienceItems
        return index < table.count ? table[index] : "\(list)[\(index)]"
    }

    /// `day` (`YYYYMMDD`) selects the destination requirements in force (nil: whatever the
    /// date); each person's residence selects the origin-country track, and their occupational
    /// tests are the evidence that meets a trade test.
    public func recognise(
        _ batch: CredentialBatch, rejected: [RejectedItem] = [], on day: Int32? = nil
    ) throws(RecognitionError) -> BatchResult {
        var lines: [BatchResult.Line] = []
        for entry in batch.people {
            let origin = entry.person.residence
            for (index, credential) in entry.credentials.enumerated() {
                let result = try recognise(
                    credential, destination: batch.destination, on: day, origin: origin ?? credential.country,
                    holding: entry.credentials)
                lines.append(
                    .init(
                        person: entry.person.id, item: Self.item("credentials", index), title: credential.title,
                        result: result, source: credential.source))
            }
            for (index, experience) in entry.experience.enumerated() {
                let credential = experience.asCredential
                let result = try recognise(
                    credential, destination: batch.destination, on: day, origin: origin ?? credential.country,
                    holding: entry.credentials)
                lines.append(
                    .init(
                        person: entry.person.id, item: Self.item("experience", index), title: credential.title,
                        result: result))
            }
        }
        return BatchResult(
            batch: batch.id, destination: batch.destination, results: lines, rejected: rejected,
            versions: Versions(engine: Self.version, data: set.versions))
    }
}
