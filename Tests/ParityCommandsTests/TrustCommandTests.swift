import Foundation
import ParityTestSupport
import Testing

/// `parity trust import` keeps only lists whose signatures check out, and `parity read` then
/// establishes a seal's signer through them.
extension CommandLineTests {
    static let trust = Repo.root.appendingPathComponent("Tests/ParitySignaturesTests/Fixtures/trust").path

    @Test func trustImportKeepsCheckedListsAndReadChainsASealThroughThem() async throws {
        let config = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"])
        let pinned = (1...8).map { Self.trust + "/oj-2019/ec.europa.eu.\($0).cer" }
        // A Member State list before its LOTL is refused: nobody has said who may sign it.
        let early = try await parity(["trust", "import", "--config", config, Self.trust + "/ES.xml"])
        #expect(early.status == 1 && early.err.contains("import the LOTL first"), "\(early)")
        // A LOTL changed after signing is refused whatever is pinned.
        let tampered = dir.write(
            "EU.xml",
            try String(contentsOfFile: Self.trust + "/EU.xml", encoding: .utf8).replacingOccurrences(
                of: "<TSLSequenceNumber>248<", with: "<TSLSequenceNumber>249<"))
        let refused = try await parity(
            ["trust", "import", "--config", config, "--pinned"] + pinned + ["--", tampered])
        #expect(refused.status == 1 && refused.err.contains("does not verify"), "\(refused)")
        let kept = try await parity(
            ["trust", "import", "--config", config, Self.trust + "/SI.xml", Self.trust + "/EU.xml"])
        #expect(kept.status == 0, "\(kept)")
        #expect(kept.out.contains("EU LOTL, 32 pointers, sequence 248") && kept.out.contains("SI 60 services"))
        let list = try await parity(["trust", "list", "--config", config, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["territory"] as? String } == ["EU", "SI"])
        #expect(entries.allSatisfy { $0["stale"] as? Bool == true }, "the 2019 snapshot is past its NextUpdate")

        let read = try await parity([
            "read", "--config", config,
            Repo.root.appendingPathComponent("Tests/ParitySignaturesTests/Fixtures/jades/MyNextID_edc-dc-signed.jsonld")
                .path,
        ])
        // Its payload holds nothing Parity recognises as a credential (65); the seal is checked all the same.
        #expect(read.status == 65, "\(read.err)")
        #expect(
            read.out.contains("chain: ok") && read.out.contains("Halcom Root Certificate Authority")
                && read.out.contains("trust anchor:"), "\(read.out)")
    }

    @Test func trustImportKeepsEMREXProviderKeysAndListsThem() async throws {
        let config = dir.configuration(frameworks: ["eqf.xml"])
        let (_, certificate) = try TestKeys.selfSigned(commonName: "Test NCP", file: "ncp", in: dir.path)
        let pem = try String(contentsOfFile: certificate, encoding: .utf8)
        let export = try JSONSerialization.data(withJSONObject: [
            "ncps": [["acronym": "DK-NCP", "countryCode": "DK", "url": "https://ncp.example.dk/", "pubKey": pem]]
        ])
        let registry = dir.write("emreg.json", String(decoding: export, as: UTF8.self))
        let broken = dir.write("broken.json", #"{"ncps": [{"acronym": "X", "pubKey": "AAAA"}]}"#)
        let refused = try await parity(["trust", "import", "--config", config, "--emrex", broken])
        #expect(refused.status == 65 && refused.err.contains("ncps[0].pubKey"), "\(refused)")
        let kept = try await parity(["trust", "import", "--config", config, "--emrex", registry])
        #expect(kept.status == 0 && kept.out.contains("kept EMREX provider DK-NCP"), "\(kept)")
        let list = try await parity(["trust", "list", "--config", config, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["kind"] as? String } == ["EMREX"] && entries.first?["name"] as? String == "DK-NCP")
    }
}
