import Foundation
import ParityCommands
import ParityCore
import ParityLetters
import ParityService
import ParityTestSupport
import ParityXML
import Testing

/// The `parity` commands as an operator runs them, in process: output, errors and exit statuses.
@Suite struct CommandLineTests {
    let dir = TempDirectory()

    func parity(_ arguments: [String], input: String? = nil) async throws -> Tool.Run {
        await runParity(
            arguments, input: input,
            environment: ["PARITY_CONFIG": Repo.root.appendingPathComponent("Config/parity.dev.toml").path])
    }

    @Test func validateListsEveryProblemAndExitsOne() async throws {
        let file = dir.write(
            "bad.xml",
            """
            <?xml version="1.0"?>
            <framework xmlns="urn:parity:framework:1" id="xx" kind="imperial" version="1" date="2026-01-01">
              <name>x</name><country>IE</country><levels><level id="1"><name>L</name></level></levels>
            </framework>
            """)
        let run = try await parity(["frameworks", "validate", file])
        #expect(run.status == 1)
        #expect(run.err.contains("\(file):2:1: Element '{urn:parity:framework:1}framework', attribute 'kind'"))
        #expect(run.err.contains("\(file):3:"))
        #expect(run.err.contains("problem(s) found"))
    }

    @Test func theShippedFilesValidate() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repo.frameworks).filter { $0.hasSuffix(".xml") }
            .map { Repo.frameworks + "/" + $0 }
        let run = try await parity(["frameworks", "validate"] + files)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("\(files.count) file(s) valid"))
    }

    @Test func listAsJSONCarriesTheContractFields() async throws {
        let run = try await parity(["frameworks", "list", "--json"])
        #expect(run.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [[String: Any]])
        let nfq = try #require(items.first { $0["id"] as? String == "ie-nfq" })
        #expect(nfq["country"] as? [String] == ["IE"])
        #expect(nfq["kind"] as? String == "national")
        #expect(items.first { $0["id"] as? String == "eqf" }?["region"] as? String == "EU")
    }

    @Test func matchPrintsTheResultAsJSON() async throws {
        let run = try await parity(
            ["match", "--credential", "-", "--to", "DE", "--json"],
            input: #"{"title":"Honours Bachelor Degree","country":"IE","level":8}"#)
        #expect(run.status == 0, "\(run.err)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(result["outcome"] as? String == "comparable")
        #expect((result["equivalents"] as? [[String: Any]])?.first?["level"] as? String == "6")
    }

    @Test func badInputGetsItsOwnExitStatus() async throws {
        #expect(try await parity(["match", "--credential", "-", "--to", "DE"], input: #"{"title":5}"#).status == 65)
        #expect(
            try await parity(["match", "--credential", "-", "--to", "XX"], input: #"{"title":"x","country":"IE"}"#)
                .status == 64)
        #expect(try await parity(["frameworks", "show", "nope"]).status == 1)
        #expect(try await parity(["frameworks", "bogus"]).status == 64)
    }

    @Test func aBatchWithABadRowStillWritesTheRestAndExitsTwo() async throws {
        let csv = dir.write(
            "b.csv", "person_id,title,country,level,mode\np1,Bachelor,DE,6,formal\np2,Master,DE,7,online\n")
        let run = try await parity(["batch", csv, "--to", "IE", "--output", dir.path + "/out"])
        #expect(run.status == 2)
        #expect(run.err.contains("row 3: field 'mode'"))
        let summary = try String(contentsOfFile: dir.path + "/out.summary.csv", encoding: .utf8)
        #expect(summary.contains("p1,credentials[0],Bachelor,comparable,ie-nfq,"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/out.result.json"))
    }
}

/// `parity letter verify` and `parity keys`: each verdict has its own exit status.
extension CommandLineTests {
    @Test func letterVerifyTellsValidTamperedAndUnknownKeyApart() async throws {
        let config = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"])
        let configuration = try ParityConfiguration.load(file: config)
        let engine = RecognitionEngine(set: try configuration.frameworkDirectory.load())
        let credential = Credential(title: "Honours Bachelor Degree", country: "IE", level: "8", evidence: .diploma)
        let request = LetterRequest(
            id: "l-1", person: Person(id: "p-1", name: "Aoife Example"), credential: credential, destination: "DE",
            language: .fr)
        let letter = Letter(
            request: request, result: try engine.recognise(credential, destination: "DE"), issued: "2026-11-23",
            issuer: "Test"
        ) { _ in false }
        let key = try KeyRing(directory: configuration.letterKeys).activeKey()
        let signed = try SignedLetter.sign(letter, with: key)
        let file = dir.write("letter.json", String(decoding: signed.json, as: UTF8.self))

        let valid = try await parity(["letter", "verify", file, "--config", config])
        #expect(
            valid.status == 0
                && valid.out.contains("valid, signed by key \(key.id), verification code \(signed.verificationCode)"),
            "\(valid)")
        let tampered = dir.write(
            "tampered.json",
            String(decoding: signed.json, as: UTF8.self).replacingOccurrences(of: "Aoife", with: "Aoifa"))
        #expect(try await parity(["letter", "verify", tampered, "--config", config]).status == 1)

        // Offline, with another issuer's exported keys: the key is unknown.
        let other = dir.write(
            "other.toml",
            try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(
                of: "state = \"state\"", with: "state = \"other-state\""))
        _ = try await parity(["keys", "rotate", "--config", other])
        let exported = dir.path + "/other-keys.json"
        #expect(try await parity(["keys", "export", "-o", exported, "--config", other]).status == 0)
        let unknown = try await parity(["letter", "verify", file, "--keys", exported, "--json"])
        #expect(unknown.status == 2 && unknown.out.contains("unknown-key"), "\(unknown)")
        // With the issuer's own export, offline: valid again.
        let own = dir.path + "/own-keys.json"
        #expect(try await parity(["keys", "export", "-o", own, "--config", config]).status == 0)
        #expect(try await parity(["letter", "verify", file, "--keys", own]).status == 0)

        let notALetter = dir.write("nope.json", #"{"content": {"format": "something else"}}"#)
        let refused = try await parity(["letter", "verify", notALetter, "--keys", own])
        #expect(refused.status == 65 && refused.err.contains("expected content.format"), "\(refused)")
        let listed = try await parity(["keys", "list", "--config", config])
        #expect(listed.status == 0 && listed.out.contains("\(key.id)  created") && listed.out.contains("active"))

        // From paper: the PDF's own code, and the QR code's text; the same exit statuses.
        let pdf = dir.path + "/letter.pdf"
        #expect(
            FileManager.default.createFile(atPath: pdf, contents: Data(try LetterPDF.render(letter, signed: signed))))
        let fromPDF = try await parity(["letter", "verify", pdf, "--keys", own])
        #expect(
            fromPDF.status == 0 && fromPDF.out.contains("valid, signed by key \(key.id)")
                && fromPDF.out.contains("holder: Aoife Example"), "\(fromPDF)")
        let fromQR = try await parity(["letter", "verify", "--qr", signed.qr.payload, "--keys", own, "--json"])
        #expect(fromQR.status == 0 && fromQR.out.contains("\"holder\" : \"Aoife Example\""), "\(fromQR)")
        var changed = Array(signed.qr.payload.utf8)
        changed[changed.count - 10] =
            changed[changed.count - 10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(
            [1, 65].contains(
                try await parity(["letter", "verify", "--qr", String(decoding: changed, as: UTF8.self), "--keys", own])
                    .status))
        let fieldChanged =
            LetterQR.prefix
            + Base45.encode(
                Array(Base45.decode(String(signed.qr.payload.dropFirst(4))) ?? []).map {
                    $0 == UInt8(ascii: "A") ? UInt8(ascii: "E") : $0
                })
        let tamperedQR = try await parity(["letter", "verify", "--qr", fieldChanged, "--keys", own])
        #expect(
            tamperedQR.status == 1 && tamperedQR.out.contains("NOT to be trusted") && tamperedQR.out.contains("Eoife"),
            "\(tamperedQR)")
        #expect(try await parity(["letter", "verify", "--qr", signed.qr.payload, "--keys", exported]).status == 2)
        #expect(try await parity(["letter", "verify", "--qr", "hello", "--keys", own]).status == 65)
        #expect(try await parity(["letter", "verify", pdf, "--qr", signed.qr.payload, "--keys", own]).status == 64)

        let page = dir.path + "/verifier.html"
        let exportedPage = try await parity(["keys", "export", "--html", page, "--config", config])
        #expect(exportedPage.status == 0 && exportedPage.out.contains("1 public key(s)"), "\(exportedPage)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("\"\(key.id)\":{\"publicKey\""))
        #expect(try await parity(["keys", "export", "--html", page, "-o", own, "--config", config]).status == 64)
    }
}

/// `parity read` and `parity match` on exchange documents.
extension CommandLineTests {
    static let formats = Repo.root.appendingPathComponent("Tests/ParityDocumentsTests/Fixtures/formats").path

    @Test func readTellsTheFormatWhereEachFieldCameFromAndExitsByWhatItRead() async throws {
        // The official example's seal fails (edited after signing): read as the unsigned transcript it shows.
        let
            elmo = dir.write(
                "elmo.xml", try Unsigned.xml(contentsOf: Self.formats + "/elmo/elmo-schemas_v1.7.0_example.xml")),
            elm = Self.formats + "/elm/ELMv3_Sample-MC-Annex1-unsigned.jsonld"
        let run = try await parity(["read", elmo, elm, Self.formats + "/hrxml/NAV-export_PositionOpening_ad_1.xml"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("EMREX ELMO, namespace https://github.com/emrex-eu/elmo-schemas/tree/v1"))
        #expect(
            run.out.contains(
                "level: eqf 5   ← report[0]/learningOpportunitySpecification[1]/specifies/learningOpportunityInstance/level[type=EQF]/value"
            ))
        #expect(
            run.out.contains("job opening db6cc067-7f39-42f1-9866-d9ee47894ec6")
                && run.out.contains("occupations (ISCO-08): 7411"))
        let json = try await parity(["read", "--json", elm])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(
            reports.first?["format"] as? String == "elm"
                && (reports.first?["credentials"] as? [[String: Any]])?.first?["level"] as? String == "6")
        // Not well-formed: refused with file:line:column; nothing recognisable: 65 too, with the reading shown.
        let broken = dir.write("broken.xml", "<elmo><report>\n<learningOpportunitySpecification>")
        let refused = try await parity(["read", broken])
        #expect(refused.status == 65 && refused.err.contains("broken.xml:2:"), "\(refused)")
        let participation = try await parity(["read", Self.formats + "/elm/ELMv3_Sample-CertOfPart-unsigned.jsonld"])
        #expect(participation.status == 65 && participation.out.contains("LearningActivity"))
    }

    /// Issue 24: a sealed document is shown with its verdict and steps; one whose seal failed
    /// is still shown, marked, and `parity read` exits 1.
    @Test func readShowsTheSealsStepsAndExitsOneWhenTheSealFailed() async throws {
        let signed = Self.formats + "/elm/ELMv3_Sample-MC-Annex1-signed.jsonld"
        let run = try await parity(["read", signed])
        #expect(run.status == 0, "\(run.err)")
        #expect(
            run.out.contains("authenticity: indeterminate") && run.out.contains("seal: ok")
                && run.out.contains("CN=TEST SEAL"), "\(run.out)")
        let json = try await parity(["read", "--json", signed])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        let authenticity = try #require(reports.first?["authenticity"] as? [String: Any])
        #expect(authenticity["verdict"] as? String == "indeterminate" && authenticity["signer"] != nil)
        let forged = dir.write(
            "forged.jsonld",
            try String(contentsOfFile: signed, encoding: .utf8).replacingOccurrences(
                of: "Digital micro-credential creation", with: "Master of Medicine"))
        let refused = try await parity(["read", forged])
        #expect(refused.status == 1 && refused.err.contains("its seal failed"), "\(refused)")
        #expect(refused.out.contains("Master of Medicine") && refused.out.contains("authenticity: failed"))
    }

    @Test func matchTakesAnELMCredentialDirectly() async throws {
        let run = try await parity([
            "match", "--credential", Self.formats + "/elm/ELMv3_Sample-MC-Annex1-signed.jsonld", "--to", "DE",
        ])
        #expect(
            run.status == 0 && run.out.contains("Digital micro-credential creation (IE) -> DE")
                && run.out.contains("eqf 6"), "\(run)")
    }
}
