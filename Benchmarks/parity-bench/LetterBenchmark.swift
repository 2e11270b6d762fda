import Foundation
import ParityCore
import ParityLetters
import ParityTestSupport

/// Letters per second on one thread: for each, the credential recognised in its destination,
/// the letter built, signed (Ed25519 over the canonical JSON) and rendered as PDF; then the
/// same letters verified. Credentials are drawn from the shipped national frameworks' levels,
/// destinations among their countries, languages in turn.
enum LetterBenchmark {
    static func run(count: Int, frameworks: FrameworkSet, keys: String) throws {
        let engine = RecognitionEngine(set: frameworks)
        let national = frameworks.sortedFrameworks.filter { $0.kind == .national && !$0.countries.isEmpty }
        var g = SeededGenerator(state: 6)
        let requests: [LetterRequest] = (0..<count).compactMap { i in
            guard let origin = national.randomElement(using: &g), let level = origin.levels.randomElement(using: &g),
                  let destination = national.randomElement(using: &g)?.countries.first else { return nil }
            let credential = Credential(
                title: level.qualificationTypes.first?.title ?? "Certificate", awardingBody: "Awarding body \(i % 50)", country: origin.countries.first ?? "IE",
                framework: origin.id, level: level.id, evidence: .diploma)
            return LetterRequest(id: "letter-\(i)", person: Person(id: "p-\(i)", name: "Holder \(i)"), credential: credential,
                                 destination: destination, language: LetterLanguage.allCases[i % LetterLanguage.allCases.count])
        }
        let key = try KeyRing(directory: keys).activeKey()
        var files: [(json: [UInt8], pdf: [UInt8])] = []
        files.reserveCapacity(requests.count)
        var signing = 0.0, rendering = 0.0
        let start = ContinuousClock.now
        for request in requests {
            let result = try engine.recognise(request.credential, destination: request.destination)
            let letter = Letter(request: request, result: result, issued: "2026-11-23", issuer: "Benchmark issuer") {
                frameworks.framework($0).map { $0.kind != .national } ?? false
            }
            let t0 = ContinuousClock.now
            let signed = try SignedLetter.sign(letter, with: key)
            let json = signed.json
            let t1 = ContinuousClock.now
            let pdf = try LetterPDF.render(letter, signed: signed)
            signing += SpoolBenchmark.elapsed(since: t0) - SpoolBenchmark.elapsed(since: t1)
            rendering += SpoolBenchmark.elapsed(since: t1)
            files.append((json, pdf))
        }
        let total = SpoolBenchmark.elapsed(since: start)
        let keyring = try KeyRing.imported(try KeyRing(directory: keys).export(), path: keys)
        let verifyStart = ContinuousClock.now
        let valid = try files.filter { if case .valid = try SignedLetter.verify($0.json, keys: keyring) { return true }; return false }.count
        let verify = SpoolBenchmark.elapsed(since: verifyStart)
        let pdfBytes = files.reduce(0) { $0 + $1.pdf.count } / max(1, files.count)
        print(String(format: "letters (recognise, build, sign, canonical JSON, PDF; one thread): %d in %.2f s = %.0f letters/s (target >= 200): %@",
                     files.count, total, Double(files.count) / total, Double(files.count) / total >= 200 ? "met" : "NOT MET"))
        print(String(format: "  of which signing and JSON %.0f us, PDF %.0f us per letter (PDF %d bytes on average); verification: %d of %d valid, %.0f letters/s",
                     signing / Double(files.count) * 1e6, rendering / Double(files.count) * 1e6, pdfBytes, valid, files.count, Double(files.count) / verify))
    }
}
