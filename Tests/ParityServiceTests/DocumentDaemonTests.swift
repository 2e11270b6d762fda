import Foundation
import ParitySpool
import ParityTestSupport
import Testing

/// Exchange documents through the real parityd: a credential batch carrying an ELM and an
/// ELMO document gives results whose `source` names the document, and a bare HR-XML
/// PositionOpening delivered to the spool gives a shortlist.
@Suite(.serialized) struct DocumentDaemonTests {
    let dir = TempDirectory()
    static let formats = Repo.root.appendingPathComponent("Tests/ParityDocumentsTests/Fixtures/formats").path

    @Test func aBatchOfELMAndELMODocumentsAndABarePositionOpeningAreProcessed() async throws {
        let elm = try Data(contentsOf: URL(fileURLWithPath: Self.formats + "/elm/ELMv3_Sample-MC-Annex1-signed.jsonld"))
            .base64EncodedString()
        // The official example's seal fails (edited after signing): sent as the unsigned transcript it shows.
        let elmo = try Unsigned.xml(contentsOf: Self.formats + "/elmo/elmo-schemas_v1.7.0_example.xml")
        let elmoJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: elmo, options: .fragmentsAllowed), as: UTF8.self)
        let batch = """
            {"kind": "credential-batch", "id": "batch-documents", "destination": "DE", "people": [
              {"person": {"id": "p-ana", "name": "Ana Andromeda", "consent": {"matching": true}},
               "credentials": [{"document": {"format": "elm", "encoding": "base64", "content": "\(elm)"}, "occupation": "2221"}]},
              {"person": {"id": "p-wojciech", "name": "Wojciech Rygielski", "consent": {"matching": true}},
               "credentials": [{"document": {"format": "elmo", "encoding": "utf-8", "content": \(elmoJSON)}}]},
              {"person": {"id": "p-someone-else", "name": "Kaisa Keränen"},
               "credentials": [{"document": {"format": "elmo", "content": \(elmoJSON)}}]}
            ]}
            """
        let vacancy = try String(
            contentsOfFile: Self.formats + "/hrxml/NAV-export_PositionOpening_ad_1.xml", encoding: .utf8
        )
        .replacingOccurrences(of: ">7411<", with: ">2221<").replacingOccurrences(
            of: "<CountryCode>NO</CountryCode>", with: "<CountryCode>DE</CountryCode>")
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"], extra: "[spool]\nrescan_seconds = 0.2\n")
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        _ = try spool.deliver(Array(batch.utf8))
        _ = try spool.deliver(Array(vacancy.utf8))
        let last = try #require(await daemon.status { $0.handled >= 2 })
        #expect(last.processed == 2 && last.rejected == 0)
        #expect(daemon.stop() == 0)

        let result = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: spool.result("batches", "batch-documents"))))
                as? [String: Any])
        let lines = try #require(result["results"] as? [[String: Any]])
        let ana = try #require(lines.first { $0["person"] as? String == "p-ana" })
        let source = try #require(ana["source"] as? [String: Any])
        #expect(
            source["format"] as? String == "elm"
                && (source["document"] as? String)?.hasSuffix("people[0].credentials[0].document") == true)
        // The batch result carries the document's authenticity: its seal intact, its signer not yet established.
        let authenticity = try #require(source["authenticity"] as? [String: Any])
        #expect(authenticity["verdict"] as? String == "indeterminate", "\(authenticity)")
        let steps = (authenticity["steps"] as? [[String: Any]]) ?? []
        #expect(steps.contains { $0["step"] as? String == "seal" && $0["status"] as? String == "ok" })
        #expect(steps.contains { $0["step"] as? String == "owner" && $0["status"] as? String == "ok" })
        #expect(((ana["result"] as? [String: Any])?["outcome"] as? String) != "insufficient-information", "\(ana)")
        let wojciech = lines.filter { $0["person"] as? String == "p-wojciech" }
        #expect(
            wojciech.count == 3
                && wojciech.allSatisfy { ($0["source"] as? [String: Any])?["format"] as? String == "elmo" })
        // The third person's document is someone else's transcript: that entry is refused, with why.
        let rejected = try #require(result["rejected"] as? [[String: Any]])
        #expect(
            rejected.contains {
                $0["location"] as? String == "people[2]"
                    && ($0["message"] as? String)?.contains("not the message's person") == true
            }, "\(rejected)")

        let shortlist = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: URL(
                        fileURLWithPath: spool.result("employers", "db6cc067-7f39-42f1-9866-d9ee47894ec6"))))
                as? [String: Any])
        #expect((shortlist["candidates"] as? [[String: Any]])?.isEmpty == false, "\(shortlist)")
    }
}
