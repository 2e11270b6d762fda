import Foundation
import Glibc
import ParitySpool
import ParityTestSupport
import Testing

@testable import ParityService

/// The ordering contract of DESIGN.md §8b on the real parityd: "a job sees every batch
/// delivered before it, and none delivered after it", whichever worker takes each message and
/// wherever the group boundaries fall.
@Suite(.serialized) struct CausalOrderDaemonTests {
    let dir = TempDirectory()

    static let job = try! String(
        contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/job-opening.json"), encoding: .utf8)
    static let need = try! String(
        contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/skills-need.json"), encoding: .utf8)

    /// One nurse who fits the sample job (DE, ISCO 2221) and one carer returning to the
    /// Philippines who fits the sample skills need, with ids of their own.
    static func batch(_ round: Int) -> String {
        """
        {"kind": "credential-batch", "id": "batch-\(round)", "destination": "DE", "people": [
          {"person": {"id": "nurse-\(round)", "consent": {"matching": true}, "availableFrom": "2027-01-01"},
           "credentials": [{"title": "Honours Bachelor Degree in Nursing", "country": "IE", "level": "8", "isced": {"field": "0913"}, "occupation": "2221", "evidence": "diploma"}]},
          {"person": {"id": "carer-\(round)", "consent": {"matching": true}, "returning": {"country": "PH", "from": "2027-03"}},
           "credentials": [{"title": "Baccalaureate", "country": "PH", "level": 6, "evidence": "transcript"}],
           "experience": [{"occupation": "5322", "country": "DE", "months": 30}]}
        ]}
        """
    }

    func listed(_ file: String, _ key: String) throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Set((object[key] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? String })
    }

    @Test(arguments: [(2, 1), (2, 64), (4, 1), (4, 3)])
    func aJobSeesEveryBatchDeliveredBeforeItAndNoneAfter(workers: Int, groupSize: Int) async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"],
            extra: """
                [spool]
                workers = \(workers)
                group_size = \(groupSize)
                rescan_seconds = 0.2
                [matching]
                shortlist_size = 500
                """)
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        let rounds = 50
        // Back to back, no pause: a job and a need before each batch, a job and a need after it.
        for round in 0..<rounds {
            _ = try spool.deliver(
                Array(Self.job.replacingOccurrences(of: "klinikum-example-2026-0042", with: "before-\(round)").utf8))
            _ = try spool.deliver(
                Array(
                    Self.need.replacingOccurrences(of: "ph-dole-region-vii-2026-11", with: "need-before-\(round)").utf8)
            )
            _ = try spool.deliver(Array(Self.batch(round).utf8))
            _ = try spool.deliver(
                Array(Self.job.replacingOccurrences(of: "klinikum-example-2026-0042", with: "after-\(round)").utf8))
            _ = try spool.deliver(
                Array(
                    Self.need.replacingOccurrences(of: "ph-dole-region-vii-2026-11", with: "need-after-\(round)").utf8))
        }
        let last = try #require(await daemon.status { $0.handled >= rounds * 5 })
        #expect(last.processed == rounds * 5 && last.rejected == 0)
        #expect(daemon.stop() == 0)

        let key = Array(try #require(FileManager.default.contents(atPath: dir.path + "/state/pseudonym.key")))
        let scope = ProducerPolicy.groupScope(getegid())
        func ref(_ id: String) -> String {
            "c-"
                + HMAC.sha256(key: key, message: Array(scope.utf8) + [0x1F] + Array(id.utf8)).prefix(8).map {
                    String(format: "%02x", $0)
                }.joined()
        }
        for round in 0..<rounds {
            // Exactly the people of the batches delivered before.
            let nursesBefore = Set((0..<round).map { ref("nurse-\($0)") }),
                carersBefore = Set((0..<round).map { ref("carer-\($0)") })
            #expect(
                try listed(spool.result("employers", "before-\(round)"), "candidates") == nursesBefore,
                "job before batch \(round)")
            #expect(
                try listed(spool.result("employers", "after-\(round)"), "candidates")
                    == nursesBefore.union([ref("nurse-\(round)")]), "job after batch \(round)")
            #expect(
                try listed(spool.result("reintegration", "need-before-\(round)"), "returnees") == carersBefore,
                "need before batch \(round)")
            #expect(
                try listed(spool.result("reintegration", "need-after-\(round)"), "returnees")
                    == carersBefore.union([ref("carer-\(round)")]), "need after batch \(round)")
        }
    }
}
