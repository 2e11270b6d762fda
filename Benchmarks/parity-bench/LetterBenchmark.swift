import Foundation
import ParityCore
import ParityLetters
import ParityTestSupport

/// Letters per second on one thread: for each, the credential recognised in its destination,
/// the letter built, signed (Ed25519 over the canonical JSON, and again over the QR code's
/// fields) and rendered as PDF by pango and cairo; then the same letters verified. Holders'
/// names in 17 scripts in turn (`HolderNames`), the six label languages in turn, credentials
/// drawn from the shipped national frameworks' levels, destinations among their countries.
/// The peer, measured in the same run: the same letters without the PDF.
enum LetterBenchmark {
    static func run(count: Int, frameworks: FrameworkSet, keys: String) throws {
        let engine = RecognitionEngine(set: frameworks)
        let national = frameworks.sortedFrameworks.filter { $0.kind == .national && !$0.countries.isEmpty }
        var g = SeededGenerator(state: 6)
        let names = HolderNames.all.map(\.name)
        let requests: [LetterRequest] = (0..<count).compactMap { i in
            guard let origin = national.randomElement(using: &g), let level = origin.levels.randomElement(using: &g),
                let destination = national.randomElement(using: &g)?.countries.first
            else { return nil }
            let credential = Credential(
                title: level.qualificationTypes.first?.title ?? "Certificate", awardingBody: "Awarding body \(i % 50)",
                country: origin.countries.first ?? "IE",
                framework: origin.id, level: level.id, evidence: .diploma)
            return LetterRequest(
                id: "letter-\(i)", person: Person(id: "p-\(i)", name: names[i % names.count]), credential: credential,
                destination: destination, language: LetterLanguage.allCases[i % LetterLanguage.allCases.count])
        }
        let key = try KeyRing(directory: keys).activeKey()
        func letter(_ request: LetterRequest) throws -> Letter {
            let result = try engine.recognise(request.credential, destination: request.destination)
            return Letter(request: request, result: result, issued: "2026-11-23", issuer: "Benchmark issuer") {
                frameworks.framework($0).map { $0.kind != .national } ?? false
            }
        }
        // The first letter loads fontconfig's configuration and the fonts: once per thread.
        let coldStart = ContinuousClock.now
        if let first = requests.first {
            _ = try LetterPDF.render(try letter(first), signed: try SignedLetter.sign(try letter(first), with: key))
        }
        let cold = SpoolBenchmark.elapsed(since: coldStart)

        let peerStart = ContinuousClock.now
        for request in requests { _ = try SignedLetter.sign(try letter(request), with: key).json }
        let peer = SpoolBenchmark.elapsed(since: peerStart)

        var files: [(json: [UInt8], pdf: Int)] = []
        files.reserveCapacity(requests.count)
        var rendering = 0.0
        let start = ContinuousClock.now
        for request in requests {
            let letter = try letter(request)
            let signed = try SignedLetter.sign(letter, with: key)
            let json = signed.json
            let t = ContinuousClock.now
            let pdf = try LetterPDF.render(letter, signed: signed)
            rendering += SpoolBenchmark.elapsed(since: t)
            files.append((json, pdf.count))  // the PDF's size only: RSS then shows whether rendering keeps memory
        }
        let total = SpoolBenchmark.elapsed(since: start)
        let keyring = try KeyRing.imported(try KeyRing(directory: keys).export(), path: keys)
        let verifyStart = ContinuousClock.now
        let valid = try files.filter {
            if case .valid = try SignedLetter.verify($0.json, keys: keyring) { return true }; return false
        }.count
        let verify = SpoolBenchmark.elapsed(since: verifyStart)
        let pdfBytes = files.reduce(0) { $0 + $1.pdf } / max(1, files.count)
        let rate = Double(files.count) / total
        print(
            String(
                format:
                    "letters (recognise, build, sign, JSON, QR code, PDF by pango/cairo; one thread): %d in %.2f s = %.0f letters/s (target >= 200): %@",
                files.count, total, rate, rate >= 200 ? "met" : "NOT MET"))
        print(
            String(
                format:
                    "  peer, same run: the same letters without the PDF %.0f letters/s; the PDF is %.0f us of each letter (%d bytes on average)",
                Double(requests.count) / peer, rendering / Double(files.count) * 1e6, pdfBytes))
        print(
            String(
                format:
                    "  first letter (fontconfig and fonts loaded, once per thread): %.0f ms; verification: %d of %d valid, %.0f letters/s",
                cold * 1000, valid, files.count, Double(files.count) / verify))
        try qrSizes(key: key, template: requests.first, letter: letter)
    }

    /// The QR payload for the longest test name, and for a name far beyond any real one.
    static func qrSizes(key: SigningKey, template: LetterRequest?, letter: (LetterRequest) throws -> Letter) throws {
        guard let template else { return }
        let credential = Credential(
            title: "Bachelor of Science in Nursing", awardingBody: "Uniwersytet Łódzki", country: "PL", level: "6",
            evidence: .diploma)
        for (label, name) in [
            (
                "longest test name (\(HolderNames.longest.count) characters, \(HolderNames.longest.utf8.count) bytes)",
                HolderNames.longest
            ),
            ("a 600-character name (cut to fit)", String(repeating: "রহিম উদ্দিন ", count: 50)),
        ] {
            var request = template
            request.person = Person(id: "p-qr", name: name)
            request.credential = credential
            request.destination = "DE"
            let qr = try SignedLetter.sign(try letter(request), with: key).qr
            let version = try LetterPDF.qrCodeVersion(for: qr.payload)
            print(
                "  QR payload, \(label): \(qr.payload.utf8.count) characters (limit \(LetterQR.maximumLength)), version \(version) at level M (limit 25)\(qr.fields.shortened ? ", shortened" : "")"
            )
        }
    }
}
