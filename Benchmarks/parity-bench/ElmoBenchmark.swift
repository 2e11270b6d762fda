import Foundation
import ParityCore
import ParityDocuments

/// ELMO transcripts read per second on one thread: parsed (libxml2 tree, safe options),
/// checked against the shipped ELMO schema, mapped to credentials with their sources.
enum ElmoBenchmark {
    static func run(file: String, schema: String, count: Int) throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DocumentError(.unreadable, at: file, "cannot be read")
        }
        let bytes = Array(data), options = DocumentReader.Options(elmoSchema: schema)
        // compiles the schema once
        var credentials = try DocumentReader.read(bytes, name: file, options: options).credentials.count
        let start = ContinuousClock.now
        for _ in 0..<count {
            credentials = try DocumentReader.read(bytes, name: file, options: options).credentials.count
        }
        let seconds = SpoolBenchmark.elapsed(since: start)
        print(
            String(
                format:
                    "parity ELMO read (parse, XSD, map; one thread): %d x %@ (%d KB, %d credentials) in %.2f s = %.0f files/s, %.2f ms each",
                count, (file as NSString).lastPathComponent, bytes.count / 1024, credentials, seconds,
                Double(count) / seconds, seconds / Double(count) * 1000))
    }
}
