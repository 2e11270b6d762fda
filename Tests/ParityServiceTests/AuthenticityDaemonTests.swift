import Foundation
import ParitySpool
import ParityTestSupport
import Testing

/// Issue 24's forgery through the real parityd: the signed Europass sample with its title
/// changed to "Master of Medicine" is refused with the seal's detail, never turned into a
/// letter; the untouched credential gets a letter that says, signed and on the page, how its
/// authenticity was established; and a batch with one forged and one genuine document takes
/// the genuine one only.
@Suite(.serialized) struct AuthenticityDaemonTests {
    let dir = TempDirectory()
    static let signed = Repo.root.appendingPathComponent(
        "Tests/ParityDocumentsTests/Fixtures/formats/elm/ELMv3_Sample-MC-Annex1-signed.jsonld"
    ).path

    static func document(forged: Bool) throws -> String {
        var text = try String(contentsOfFile: signed, encoding: .utf8)
        if forged {
            text = text.replacingOccurrences(of: "Digital micro-credential creation", with: "Master of Medicine")
        }
        return Data(text.utf8).base64EncodedString()
    }

    static func letterRequest(_ id: String, forged: Bool, checkedBy: String?) throws -> String {
        let attestation = checkedBy.map { #", "checkedBy": "\#($0)""# } ?? ""
        return """
            {"kind": "letter-request", "id": "\(id)", "person": {"id": "p-ana", "name": "Ana Andromeda"},
             "credential": {"document": {"format": "elm", "encoding": "base64", "content": "\(try document(forged: forged))"}\(attestation)},
             "destination": "DE", "language": "en"}
            """
    }

    @Test func aForgedCredentialIsRefusedAndTheGenuineOneGetsALetterSayingHowItWasChecked() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"], extra: "[spool]\nrescan_seconds = 0.2\n")
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        let forged = try spool.deliver(
            Array(try Self.letterRequest("forged", forged: true, checkedBy: "PES desk").utf8))
        let unattested = try spool.deliver(
            Array(try Self.letterRequest("unattested", forged: false, checkedBy: nil).utf8))
        _ = try spool.deliver(
            Array(try Self.letterRequest("genuine", forged: false, checkedBy: "PES Example, Dublin desk").utf8))
        let batch = """
            {"kind": "credential-batch", "id": "two-documents", "destination": "DE", "people": [
              {"person": {"id": "p-forged", "name": "Ana Andromeda"},
               "credentials": [{"document": {"format": "elm", "encoding": "base64", "content": "\(try Self.document(forged: true))"}}]},
              {"person": {"id": "p-genuine", "name": "Ana Andromeda"},
               "credentials": [{"document": {"format": "elm", "encoding": "base64", "content": "\(try Self.document(forged: false))"}}]}
            ]}
            """
        _ = try spool.deliver(Array(batch.utf8))
        _ = try #require(await daemon.status { $0.handled >= 4 })
        #expect(daemon.stop() == 0)

        let refused = try #require(spool.reason(forged)?.reason)
        #expect(refused.code == .invalidContent)
        #expect(refused.found.contains("seal failed") && refused.found.contains("changed after sealing"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: spool.result("letters", "forged")))

        let notAttested = try #require(spool.reason(unattested)?.reason)
        #expect(notAttested.code == .unauthenticated && notAttested.found.hasPrefix("indeterminate"), "\(notAttested)")
        #expect(notAttested.expected.contains("checkedBy"))

        let letter = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: spool.result("letters", "genuine"))))
                as? [String: Any])
        let content = try #require(letter["content"] as? [String: Any])
        let authenticity = try #require(content["authenticity"] as? [String: String])
        #expect(authenticity["how"] == "attested")
        #expect(
            authenticity["detail"]?.contains("PES Example, Dublin desk") == true
                && authenticity["detail"]?.contains("indeterminate") == true, "\(authenticity)")
        let page = try Tool.run(
            "/usr/bin/pdftotext", ["-enc", "UTF-8", spool.result("letters", "genuine", "pdf"), "-"]
        ).out
        #expect(page.contains("Authenticity of the credential") && page.contains("original seen by"), "\(page)")

        let result = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: spool.result("batches", "two-documents"))))
                as? [String: Any])
        let people = Set(((result["results"] as? [[String: Any]]) ?? []).compactMap { $0["person"] as? String })
        #expect(people == ["p-genuine"], "\(result)")
        let rejected = "\(result["rejected"] ?? "")"
        #expect(rejected.contains("people[0]") && rejected.contains("seal failed"), "\(rejected)")
    }
}
