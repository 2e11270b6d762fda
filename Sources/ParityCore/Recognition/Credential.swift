/// A migrant's credential as declared by an employment service or the person: a diploma, a
/// trade certificate, or skills learned on the job (non-formal, informal).
public struct Credential: Sendable, Hashable, Encodable {
    public enum Mode: String, Sendable, Hashable, Encodable, CaseIterable {
        case formal
        case nonFormal = "non-formal"
        case informal
    }

    /// What backs the claim, strongest first.
    public enum Evidence: String, Sendable, Hashable, Encodable, CaseIterable {
        case diploma, transcript
        case rplAssessment = "rpl-assessment"
        case selfDeclared = "self-declared"
    }

    /// A qualification (the default), or an occupational test or competency certificate: a pass
    /// in one named occupation (a Saudi SVP test, a TESDA assessment abroad, an ACCSTP tourism
    /// certificate), which never has a framework level and counts as evidence for that occupation.
    public enum CredentialType: String, Sendable, Hashable, Encodable, CaseIterable {
        case qualification
        case occupationalTest = "occupational-test"
    }

    public enum TestResult: String, Sendable, Hashable, Encodable, CaseIterable { case passed, failed }

    public struct Isced: Sendable, Hashable, Encodable {
        public var level: Int?
        /// ISCED-F 2013 detailed field, 4 digits.
        public var field: String?
        public init(level: Int? = nil, field: String? = nil) { self.level = level; self.field = field }
    }

    public struct Credits: Sendable, Hashable, Encodable {
        public var system: String
        public var value: Double
        public init(system: String, value: Double) { self.system = system; self.value = value }
    }

    /// Where a credential read from an exchange document came from: the format, the document
    /// (a file, or the message path of its `document` field) and the element or property of it.
    public struct Source: Sendable, Hashable, Encodable {
        public var format: String
        public var document: String
        public var field: String
        /// The warnings the document deserved (schema problems, values not used).
        public var notes: [String]
        /// How far the document's seal established it (never `failed`: such a document is not used).
        public var authenticity: Authenticity?
        public init(
            format: String, document: String, field: String, notes: [String] = [], authenticity: Authenticity? = nil
        ) {
            self.format = format; self.document = document; self.field = field; self.notes = notes
            self.authenticity = authenticity
        }
    }

    public var title: String
    public var awardingBody: String?
    /// Issuing country, ISO 3166-1 alpha-2 or ISO 3166-2.
    public var country: String
    public var framework: String?
    public var level: String?
    public var qualification: String?
    public var isced: Isced?
    /// ISCO-08 code (1 to 4 digits).
    public var occupation: String?
    /// ESCO skill URIs or labels.
    public var skills: [String]
    public var credits: Credits?
    public var durationYears: Double?
    public var awarded: String?
    public var mode: Mode
    public var evidence: Evidence?
    /// The submitting service's attestation that it saw the original (who checked it): what
    /// establishes an unsigned credential's authenticity for a letter.
    public var checkedBy: String?
    /// Set when the credential was read from an ELM or ELMO document.
    public var source: Source?
    /// Nil for a qualification, as messages leave it out.
    public var type: CredentialType?
    /// An occupational test's result.
    public var result: TestResult?
    /// The destination (ISO 3166-1) whose requirement the test answers (`SA` for the Skill
    /// Verification Program), when it is one.
    public var testFor: String?

    public var isOccupationalTest: Bool { type == .occupationalTest }

    /// An occupational test passed: evidence for its occupation (a failed test is none).
    public var passedTest: Bool { isOccupationalTest && result == .passed }

    /// How far its authenticity is established: its document's seal, else unsigned.
    public var authenticity: Authenticity { source?.authenticity ?? .unsigned }

    public init(
        title: String, awardingBody: String? = nil, country: String, framework: String? = nil, level: String? = nil,
        qualification: String? = nil, isced: Isced? = nil, occupation: String? = nil, skills: [String] = [],
        credits: Credits? = nil, durationYears: Double? = nil, awarded: String? = nil, mode: Mode = .formal,
        evidence: Evidence? = nil, checkedBy: String? = nil, source: Source? = nil
    ) {
        self.title = title; self.awardingBody = awardingBody; self.country = country; self.framework = framework
        self.level = level; self.qualification = qualification; self.isced = isced; self.occupation = occupation
        self.skills = skills; self.credits = credits; self.durationYears = durationYears; self.awarded = awarded
        self.mode = mode; self.evidence = evidence; self.checkedBy = checkedBy; self.source = source
    }

}
