import Foundation
import ParitySpool
import ParityTestSupport
import Testing

@testable import ParityLetters

/// Letters from the real parityd, four workers rendering at once: every holder's name, in every
/// script and label language, comes out of the PDF exactly, and the PDF's own code verifies; a
/// name no font can print is rejected with where and why, not misprinted.
@Suite(.serialized) struct LetterDaemonTests {
    let dir = TempDirectory()

    static func request(id: String, holder: String, language: String) -> String {
        """
        {"kind": "letter-request", "id": "\(id)", "person": {"id": "p-\(id)", "name": "\(holder)"},
         "credential": {"title": "Honours Bachelor Degree in Nursing", "awardingBody": "Uniwersytet Łódzki", "country": "IE", "level": "8", "occupation": "2221", "evidence": "diploma", "checkedBy": "PES test desk"},
         "destination": "DE", "language": "\(language)"}
        """
    }

    @Test func fourWorkersRenderEveryScriptExactlyAndRefuseWhatCannotBePrinted() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: """
                [spool]
                workers = 4
                group_size = 1
                rescan_seconds = 0.2
                """)
        let spool = Spool(root: dir.path + "/spool")
        let log = dir.path + "/parityd.log"
        let daemon = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path), log: log)
        _ = try #require(await daemon.ready())
        var expected: [(id: String, holder: String)] = []
        for (i, holder) in HolderNames.all.enumerated() {
            let third = LetterLanguage.allCases[2 + i % (LetterLanguage.allCases.count - 3)].rawValue  // es, de or pt
            for language in ["en", "ar", third] {
                let id = "letter-\(i)-\(language)"
                _ = try spool.deliver(Array(Self.request(id: id, holder: holder.name, language: language).utf8))
                expected.append((id, holder.name))
            }
        }
        let unprintable = try spool.deliver(
            Array(Self.request(id: "letter-private-use", holder: "Ana \u{10FFFD}", language: "en").utf8))
        let waited = await daemon.status { $0.handled >= expected.count + 1 }
        let last = try #require(
            waited,
            "parityd fell silent; its log ends: \(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(1500))"
        )
        #expect(last.processed == expected.count && last.rejected == 1)
        #expect(daemon.stop() == 0)

        let keys = Dictionary(
            try KeyRing(directory: dir.path + "/state/letter-keys").publicKeys().map { ($0.id, $0.raw) },
            uniquingKeysWith: { a, _ in a })
        for (id, holder) in expected {
            let pdf = spool.result("letters", id, "pdf")
            let bytes = try #require(FileManager.default.contents(atPath: pdf), "\(id)")
            let checked = try LetterQR.verify(try LetterPDFPayload.read(Array(bytes)), keys: keys)
            guard case .valid = checked.verdict else { Issue.record("\(id): \(checked.verdict)"); continue }
            #expect(checked.fields.holder == holder)
            let text = try Tool.run("/usr/bin/pdftotext", ["-enc", "UTF-8", pdf, "-"]).out
            let plain = String(
                String.UnicodeScalarView(text.unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) }))
            #expect(plain.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(holder), "\(id)")
        }
        let reason = try #require(
            FileManager.default.contents(atPath: spool.directory(.rejected) + "/\(unprintable).reason.json"))
        let record = try JSONDecoder().decode(RejectionRecord.self, from: reason)
        #expect(
            record.reason.location.hasSuffix(": person.name") && record.reason.found.contains("U+10FFFD"),
            "\(record.reason)")
        #expect(
            !FileManager.default.fileExists(atPath: spool.result("letters", "letter-private-use", "pdf"))
                && !FileManager.default.fileExists(atPath: spool.result("letters", "letter-private-use")))
    }

    /// A machine without fonts: parityd says so at start, and a letter request waits in the
    /// queue (retried) instead of being refused for what is the installation's fault.
    @Test func withoutFontsParitydWarnsAndLettersWaitRatherThanBeRefused() async throws {
        let fonts = dir.write(
            "fonts.conf",
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>\(dir.path)/no-fonts</dir><cachedir>\(dir.path)/fc-cache</cachedir></fontconfig>\n"
        )
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"], extra: "[spool]\nworkers = 2\nrescan_seconds = 0.5\n")
        let log = dir.path + "/parityd.log"
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(
            config: config, listener: try NotifyListener(directory: dir.path), environment: ["FONTCONFIG_FILE": fonts],
            log: log)
        _ = try #require(await daemon.ready())
        let started = ContinuousClock.now
        let name = try spool.deliver(
            Array(Self.request(id: "letter-no-fonts", holder: "Ana Lima", language: "pt").utf8))
        // Tried again after each rescan, not in a loop: 2 workers, a pause of 0.5 s each, so at
        // most two attempts per half second. The test waits (on the log's inotify events) for
        // the fifth attempt, then bounds the attempts by the time that really passed: a retry
        // loop without pauses gets there in milliseconds; a loaded machine only takes longer.
        @Sendable func attempts() -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "render the letter")
                .count - 1
        }
        let reached = await waitUntil(watching: [dir.path], timeout: 60) { attempts() >= 5 }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(daemon.stop() == 0)
        #expect(reached && 5 <= 2 * (seconds / 0.5 + 1), "5 attempts in \(seconds) s")
        #expect(
            logged.contains("letters: no font can be loaded")
                || logged.contains("letters: 'Noto Sans' is not installed"), "\(logged.prefix(800))")
        #expect(logged.contains("render the letter"), "\(logged.suffix(800))")
        let waiting =
            (try FileManager.default.contentsOfDirectory(atPath: spool.directory(.incoming)))
            + (try FileManager.default.contentsOfDirectory(atPath: spool.directory(.active)))
        let rejected = try FileManager.default.contentsOfDirectory(atPath: spool.directory(.rejected))
        let letters = try FileManager.default.contentsOfDirectory(atPath: spool.outbox("letters").new)
        #expect(waiting.contains(name) && rejected.isEmpty && letters.isEmpty, "\(waiting) \(rejected) \(letters)")
    }
}
