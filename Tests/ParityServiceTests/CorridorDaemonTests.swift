import Foundation
import ParitySpool
import ParityTestSupport
import Testing

/// The Asia–Gulf corridor through the real parityd (corridors.md §2.4, §4.1): an Indian
/// electrician and a Filipino nurse bound for Saudi Arabia and for the UAE get results that list
/// what each destination requires, and a Saudi job opening shortlists the electrician who passed
/// the Skill Verification Program with that requirement met, beside the one who has yet to
/// take it, who is not dropped.
@Suite(.serialized) struct CorridorDaemonTests {
    let dir = TempDirectory()

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// The requirement ids of one person's result lines, and what met each.
    static func requirements(_ result: [String: Any], person: String) -> [String: String] {
        var out: [String: String] = [:]
        let lines = (result["results"] as? [[String: Any]]) ?? []
        for line in lines where line["person"] as? String == person {
            let notes = ((line["result"] as? [String: Any])?["requirements"] as? [[String: Any]]) ?? []
            for note in notes {
                guard let id = note["id"] as? String else { continue }
                out[id] = (note["metBy"] as? String) ?? out[id] ?? "open"
            }
        }
        return out
    }

    @Test func gulfBoundWorkersSeeTheRequirementsAndTheSVPPassIsMetInTheShortlist() async throws {
        let saudi = try String(contentsOf: Repo.root.appendingPathComponent("Samples/credential-batch-gulf.json"))
        let emirati =
            saudi
            .replacingOccurrences(of: #""destination": "SA""#, with: #""destination": "AE""#)
            .replacingOccurrences(of: "ncs-in-2026-12-05-gulf", with: "ncs-in-2026-12-05-gulf-ae")
        let job = try String(contentsOf: Repo.root.appendingPathComponent("Samples/job-opening-gulf.json"))
        let config = dir.configuration(
            frameworks: [
                "sa-nqf-ksa.xml", "ae-qfemirates.xml", "nz-nzqf.xml", "hk-hkqf.xml", "ph-pqf.xml", "in-nsqf.xml",
                "aqrf.xml",
                "sa-requirements.xml", "ae-requirements.xml",
            ], extra: "[spool]\nrescan_seconds = 0.2\n")
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        for message in [saudi, emirati, job] { _ = try spool.deliver(Array(message.utf8)) }
        let last = try #require(await daemon.status { $0.handled >= 3 })
        #expect(last.processed == 3 && last.rejected == 0)
        #expect(daemon.stop() == 0)

        let sa = try Self.json(spool.result("batches", "ncs-in-2026-12-05-gulf"))
        let ravi = Self.requirements(sa, person: "p-in-201")
        #expect(ravi["sa-svp-in"]?.hasPrefix("Skill Verification Program: Building Electrician") == true, "\(ravi)")
        #expect(Self.requirements(sa, person: "p-in-202") == ["sa-svp-in": "open"])
        #expect(Self.requirements(sa, person: "p-ph-203") == ["sa-professional-verification": "open"])
        // No level route is stated for an ITI certificate without its level; the requirement is beside it.
        let line = try #require((sa["results"] as? [[String: Any]])?.first { $0["person"] as? String == "p-in-202" })
        #expect((line["result"] as? [String: Any])?["outcome"] as? String != "comparable")

        let ae = try Self.json(spool.result("batches", "ncs-in-2026-12-05-gulf-ae"))
        #expect(Self.requirements(ae, person: "p-in-201")["ae-mohre-unskilled"] == "open")
        #expect(Self.requirements(ae, person: "p-ph-203") == ["ae-mohre-skilled": "open"])

        let shortlist = try Self.json(spool.result("employers", "contractor-example-2026-sa-017"))
        let candidates = try #require(shortlist["candidates"] as? [[String: Any]])
        #expect(candidates.count == 2, "\(candidates.map { $0["ref"] ?? "" })")
        let svp = candidates.map { candidate in
            ((candidate["requirements"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == "sa-svp-in" }
        }
        #expect(svp.allSatisfy { $0 != nil })
        #expect(svp.filter { $0?["metBy"] != nil }.count == 1)
        #expect(svp.allSatisfy { ($0?["paidBy"] as? String)?.hasPrefix("employer") == true })
    }
}
