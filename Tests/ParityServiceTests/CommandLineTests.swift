import Foundation
import ParityTestSupport
import Testing

/// The `parity` executable as an operator runs it: output, errors and exit statuses.
@Suite struct CommandLineTests {
    let dir = TempDirectory()

    struct Run { var status: Int32; var out: String; var err: String }

    func parity(_ arguments: [String], input: String? = nil) throws -> Run {
        let binary = Repo.root.appendingPathComponent(".build/debug/parity").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "make test builds the executables first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ["PARITY_CONFIG": Repo.root.appendingPathComponent("Config/parity.dev.toml").path]
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: stdout, as: UTF8.self), err: String(decoding: stderr, as: UTF8.self))
    }

    @Test func validateListsEveryProblemAndExitsOne() throws {
        let file = dir.write("bad.xml", """
            <?xml version="1.0"?>
            <framework xmlns="urn:parity:framework:1" id="xx" kind="imperial" version="1" date="2026-01-01">
              <name>x</name><country>IE</country><levels><level id="1"><name>L</name></level></levels>
            </framework>
            """)
        let run = try parity(["frameworks", "validate", file])
        #expect(run.status == 1)
        #expect(run.err.contains("\(file):2:1: Element '{urn:parity:framework:1}framework', attribute 'kind'"))
        #expect(run.err.contains("\(file):3:"))
        #expect(run.err.contains("problem(s) found"))
    }

    @Test func theShippedFilesValidate() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repo.frameworks).filter { $0.hasSuffix(".xml") }.map { Repo.frameworks + "/" + $0 }
        let run = try parity(["frameworks", "validate"] + files)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("\(files.count) file(s) valid"))
    }

    @Test func listAsJSONCarriesTheContractFields() throws {
        let run = try parity(["frameworks", "list", "--json"])
        #expect(run.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [[String: Any]])
        let nfq = try #require(items.first { $0["id"] as? String == "ie-nfq" })
        #expect(nfq["country"] as? [String] == ["IE"])
        #expect(nfq["kind"] as? String == "national")
        #expect(items.first { $0["id"] as? String == "eqf" }?["region"] as? String == "EU")
    }

    @Test func matchPrintsTheResultAsJSON() throws {
        let run = try parity(["match", "--credential", "-", "--to", "DE", "--json"], input: #"{"title":"Honours Bachelor Degree","country":"IE","level":8}"#)
        #expect(run.status == 0, "\(run.err)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(result["outcome"] as? String == "comparable")
        #expect((result["equivalents"] as? [[String: Any]])?.first?["level"] as? String == "6")
    }

    @Test func badInputGetsItsOwnExitStatus() throws {
        #expect(try parity(["match", "--credential", "-", "--to", "DE"], input: #"{"title":5}"#).status == 65)
        #expect(try parity(["match", "--credential", "-", "--to", "XX"], input: #"{"title":"x","country":"IE"}"#).status == 64)
        #expect(try parity(["frameworks", "show", "nope"]).status == 1)
        #expect(try parity(["frameworks", "bogus"]).status == 64)
    }

    @Test func aBatchWithABadRowStillWritesTheRestAndExitsTwo() throws {
        let csv = dir.write("b.csv", "person_id,title,country,level,mode\np1,Bachelor,DE,6,formal\np2,Master,DE,7,online\n")
        let run = try parity(["batch", csv, "--to", "IE", "--output", dir.path + "/out"])
        #expect(run.status == 2)
        #expect(run.err.contains("row 3: field 'mode'"))
        let summary = try String(contentsOfFile: dir.path + "/out.summary.csv", encoding: .utf8)
        #expect(summary.contains("p1,credentials[0],Bachelor,comparable,ie-nfq,"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/out.result.json"))
    }
}
