import Foundation
import Glibc
import ParityCore
import ParityDocuments
import ParityLetters
import ParityMessages
import ParitySignatures
import ParityXML

/// What each fuzz harness feeds its input to: the decoders that read what crosses a boundary.
/// The libFuzzer executables (`make fuzz`) and the regression test of every crash found
/// (`FuzzRegressionTests`) both call these, so a crash input is replayed on the same code.
public enum FuzzTargets {
    public static let names = [
        "json-envelope", "csv-batch", "job-posting", "letter-verify", "framework-xml", "exchange-document",
        "signatures",
    ]

    /// Runs the named target on `bytes`; false for an unknown name.
    @discardableResult
    public static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
        switch name {
        case "json-envelope": jsonEnvelope(bytes)
        case "csv-batch": csvBatch(bytes)
        case "job-posting": jobPosting(bytes)
        case "letter-verify": letterVerify(bytes)
        case "framework-xml": frameworkXML(bytes)
        case "exchange-document": exchangeDocument(bytes)
        case "signatures": signatures(bytes)
        default: return false
        }
        return true
    }

    /// The JSON parser and the message envelope, then the decoder of the kind it names.
    public static func jsonEnvelope(_ bytes: [UInt8]) {
        guard
            let envelope = try? MessageEnvelope.read(
                bytes, source: "fuzz", maximumDepth: 32, documents: DocumentReader())
        else { return }
        switch envelope.messageKind {
        case .credentialBatch: _ = try? BatchDecoder.batch(envelope, documents: DocumentReader())
        case .skillsNeed: _ = try? SkillsNeedDecoder.decode(envelope, skill: { _ in nil })
        case .letterRequest: _ = try? LetterRequestDecoder.decode(envelope, documents: DocumentReader())
        case .erasePerson:
            if let person = try? PersonErasure.person(envelope) {
                _ = PersonErasure.remove(person: person, ref: "c-0", from: bytes)
            }
        default: _ = try? JobPostingDecoder.decode(envelope, occupation: { _ in nil }, skill: { _ in nil })
        }
    }

    /// The CSV form of a credential batch.
    public static func csvBatch(_ bytes: [UInt8]) {
        _ = try? BatchCSV.decode(
            String(decoding: bytes, as: UTF8.self), source: "fuzz.csv", id: "fuzz", destination: "DE")
    }

    /// schema.org JobPosting, bare or inside a job-opening message.
    public static func jobPosting(_ bytes: [UInt8]) {
        guard
            let envelope = try? MessageEnvelope.read(
                bytes, source: "fuzz", maximumDepth: 32, documents: DocumentReader())
        else { return }
        _ = try? JobPostingDecoder.decode(
            envelope, occupation: { $0.hasSuffix("2221") ? "2221" : nil },
            skill: { $0.isEmpty ? nil : "http://data.europa.eu/esco/skill/x" })
    }

    /// The exchange-document readers (ELMO, ELM v3 and v2, HR-XML, EMREX's base64 of gzip), as
    /// `parity read` and a batch's `document` field reach them; the ELMO schema checked too.
    static let elmoSchema = DocumentSchemas.elmo(besideFrameworkSchema: "Frameworks/schema/parity-framework-1.xsd")

    /// The seal verifiers on their own: the JWS forms, the JAdES protected header and its
    /// critical headers, `etsiU` and the timestamp tokens in it; XML signatures through
    /// libxmlsec1 and the XAdES properties; trusted lists and EMREG exports as they are imported;
    /// timestamp tokens and OCSP responses on their own.
    public static func signatures(_ bytes: [UInt8]) {
        _ = JAdESVerifier.verify(bytes)
        if let tree = try? XMLTree(bytes: bytes, file: "fuzz") { _ = XMLSealVerifier.verify(bytes, tree: tree) }
        _ = try? TrustStore().check(bytes, file: "fuzz")
        _ = try? EMREXRegistry.read(bytes, file: "fuzz", today: "2026-12-05")
        CarriedObjects.read(bytes)
    }

    public static func exchangeDocument(_ bytes: [UInt8]) {
        _ = try? DocumentReader.read(bytes, name: "fuzz", options: DocumentReader.Options(elmoSchema: elmoSchema))
    }

    /// The letter verifier's strict parser and the signature check (one known key), and what
    /// `parity letter verify` reads from paper: the QR code's text and a PDF's document information.
    public static func letterVerify(_ bytes: [UInt8]) {
        _ = try? SignedLetter.verify(bytes, keys: ["k-fuzz": [UInt8](repeating: 7, count: 32)])
        _ = SignedLetter.holderId(bytes)
        _ = try? LetterQR.verify(
            String(decoding: bytes, as: UTF8.self), keys: ["k-fuzz": [UInt8](repeating: 7, count: 32)])
        _ = try? LetterPDFPayload.read(Array("%PDF-".utf8) + bytes)
    }

    /// The framework XML importer (streaming reader, XSD validation, mapping), on a file in
    /// memory (/dev/shm, else the temporary directory), one per process, rewritten each run.
    public static func frameworkXML(_ bytes: [UInt8]) {
        guard let schema else { return }
        let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        _ = try? FrameworkDocumentReader.read(file: scratch, schema: schema)
    }

    static let scratch: String = {
        let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        return dir + "/parity-fuzz-\(getpid()).xml"
    }()

    /// The shipped schema, found from this file's place in the checkout. Parsed once and only
    /// read after (libFuzzer calls the target from one thread).
    nonisolated(unsafe) static let schema: FrameworkSchema? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try? FrameworkSchema(path: root.appendingPathComponent("Frameworks/schema/parity-framework-1.xsd").path)
    }()
}
