import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

/// Each class of bad file gives a located error a person can act on.
@Suite struct MalformedFrameworkTests {
    let dir = TempDirectory()

    /// `file:line:column: message`, with a real line and column.
    func expectLocated(_ diagnostics: [XMLDiagnostic], file: String, line: Int? = nil, containing text: String) {
        #expect(!diagnostics.isEmpty, "expected an error containing '\(text)'")
        let match = diagnostics.first { $0.message.contains(text) }
        #expect(match != nil, "no diagnostic contains '\(text)': \(diagnostics)")
        guard let match else { return }
        #expect(match.location.file == file)
        #expect(match.location.line > 0)
        #expect(match.location.column > 0)
        if let line { #expect(match.location.line == line, "\(match)") }
        #expect(match.description.hasPrefix("\(file):\(match.location.line):\(match.location.column): "))
    }

    @Test func aValidMinimalDocumentReads() throws {
        let file = dir.write("ok.xml", Fixtures.framework())
        let document = try Fixtures.read(file)
        guard case .framework(let f) = document.content else { Issue.record("not a framework"); return }
        #expect(f.id == "xx-test")
        #expect(f.levels.map(\.id) == ["1", "2"])
        #expect(f.levels.first?.location.line == 6)
        #expect(f.location.line == 2)
    }

    @Test func aFileThatIsNotWellFormedGivesTheLineOfTheBreak() {
        let file = dir.write(
            "broken.xml",
            Fixtures.framework().replacingOccurrences(of: "<name>Level 2</name>", with: "<name>Level 2</nme>"))
        expectLocated(
            Fixtures.diagnostics(file), file: file, line: 7,
            containing: "Opening and ending tag mismatch: name line 7 and nme")
    }

    @Test func aMissingRequiredAttributeIsNamed() {
        let file = dir.write(
            "noorder.xml",
            Fixtures.framework().replacingOccurrences(of: #"<level id="2" order="2">"#, with: #"<level id="2">"#))
        expectLocated(
            Fixtures.diagnostics(file), file: file, line: 7, containing: "The attribute 'order' is required but missing"
        )
    }

    @Test func aValueOutsideAnEnumerationIsRejected() {
        let file = dir.write(
            "kind.xml", Fixtures.framework().replacingOccurrences(of: #"kind="national""#, with: #"kind="imperial""#))
        expectLocated(
            Fixtures.diagnostics(file), file: file, line: 2, containing: "'imperial' is not an element of the set")
    }

    @Test func anUnexpectedElementSaysWhatWasExpected() {
        let file = dir.write(
            "extra.xml",
            Fixtures.framework().replacingOccurrences(
                of: "<country>IE</country>", with: "<country>IE</country><flag>green</flag>"))
        expectLocated(Fixtures.diagnostics(file), file: file, line: 4, containing: "This element is not expected")
    }

    @Test func aBadCountryCodeIsRejected() {
        let file = dir.write(
            "country.xml",
            Fixtures.framework().replacingOccurrences(of: "<country>IE</country>", with: "<country>Ireland</country>"))
        expectLocated(Fixtures.diagnostics(file), file: file, line: 4, containing: "Ireland")
    }

    @Test func aDocumentOutsideTheNamespaceIsRejected() {
        let file = dir.write(
            "ns.xml", Fixtures.framework().replacingOccurrences(of: "urn:parity:framework:1", with: "urn:other"))
        expectLocated(Fixtures.diagnostics(file), file: file, containing: "No matching global declaration")
    }

    @Test func anEmptyFileIsRejected() {
        let file = dir.write("empty.xml", "")
        #expect(!Fixtures.diagnostics(file).isEmpty)
    }

    @Test func aDirectoryInPlaceOfAFileIsUnreadable() throws {
        try FileManager.default.createDirectory(atPath: dir.path + "/d.xml", withIntermediateDirectories: false)
        #expect(Fixtures.diagnostics(dir.path + "/d.xml").first?.message.contains("not a regular file") == true)
    }

    @Test func everyErrorIsReportedNotOnlyTheFirst() {
        let text = Fixtures.framework()
            .replacingOccurrences(of: #"<level id="2" order="2">"#, with: #"<level id="2">"#)
            .replacingOccurrences(of: #"kind="national""#, with: #"kind="imperial""#)
        let file = dir.write("two.xml", text)
        #expect(Fixtures.diagnostics(file).count >= 2)
    }

    @Test func anExternalEntityIsRefusedAndTheFileNeverRead() {
        let secret = dir.write("secret.txt", "TOP-SECRET-CONTENT")
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE framework [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
            <framework xmlns="urn:parity:framework:1" id="xx" kind="national" version="1" date="2026-01-01">
              <name>&xxe;</name><country>IE</country><levels><level id="1" order="1"><name>L</name></level></levels>
            </framework>
            """
        let file = dir.write("xxe.xml", text)
        let diagnostics = Fixtures.diagnostics(file)
        expectLocated(diagnostics, file: file, line: 2, containing: "<!DOCTYPE> is not allowed")
        #expect(!diagnostics.contains { $0.message.contains("TOP-SECRET") })
    }

    @Test func billionLaughsIsRefusedQuickly() {
        var entities = #"<!ENTITY lol0 "lol">"#
        for i in 1...10 { entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">" }
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE framework [ \(entities) ]>
            <framework xmlns="urn:parity:framework:1" id="xx" kind="national" version="1" date="2026-01-01">
              <name>&lol10;</name><country>IE</country><levels><level id="1" order="1"><name>L</name></level></levels>
            </framework>
            """
        let file = dir.write("lol.xml", text)
        // The parser stops as the DOCTYPE opens, before one entity is declared or expanded.
        let diagnostics = Fixtures.diagnostics(file)
        expectLocated(diagnostics, file: file, line: 2, containing: "<!DOCTYPE> is not allowed")
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(!diagnostics.contains { $0.message.contains("lol") })
    }

    @Test func anEntityReferenceWithoutADoctypeIsRefusedAtItsLine() {
        let file = dir.write(
            "entity.xml", Fixtures.framework().replacingOccurrences(of: "<country>", with: "<country>\n&nbsp;"))
        let diagnostics = Fixtures.diagnostics(file)
        expectLocated(diagnostics, file: file, line: 5, containing: "Entity 'nbsp' not defined")
    }

    @Test func aDanglingBridgeInAFileIsReportedAtItsLine() throws {
        dir.write(
            "a.xml",
            Fixtures.framework(
                id: "aa",
                bridges:
                    #"<bridge level="1" kind="referencing" status="confirmed" source="s"><to framework="zz" level="1"/></bridge>"#
            ))
        do {
            _ = try FrameworkDirectory(path: dir.path, schemaPath: Fixtures.schema).load()
            Issue.record("a dangling bridge must not load")
        } catch {
            #expect(error.lines.count == 1)
            #expect(error.lines.first?.hasPrefix(dir.path + "/a.xml:9:1: ") == true, "\(error.lines)")
            #expect(error.lines.first?.contains("unknown framework 'zz'") == true)
        }
    }

    @Test func aSelfBridgeInAFileIsRejected() {
        dir.write(
            "a.xml",
            Fixtures.framework(
                id: "aa",
                bridges:
                    #"<bridge level="1" kind="referencing" status="confirmed" source="s"><to framework="aa" level="2"/></bridge>"#
            ))
        #expect(throws: FrameworkLoadError.self) {
            try FrameworkDirectory(path: dir.path, schemaPath: Fixtures.schema).load()
        }
    }

    @Test func aLevelListedTwiceInAFileIsRejected() {
        let levels = #"<level id="1" order="1"><name>A</name></level><level id="1" order="2"><name>B</name></level>"#
        dir.write("a.xml", Fixtures.framework(id: "aa", levels: levels))
        do {
            _ = try FrameworkDirectory(path: dir.path, schemaPath: Fixtures.schema).load()
            Issue.record("a duplicate level must not load")
        } catch {
            #expect(error.lines.first?.contains("lists level '1' twice") == true)
        }
    }

    @Test func anEmptyDirectoryIsAnErrorNotAnEmptySet() {
        #expect(throws: FrameworkLoadError.self) {
            try FrameworkDirectory(path: dir.path, schemaPath: Fixtures.schema).load()
        }
    }
}

@Suite struct QualificationOccupationTests {
    @Test func aQualificationTypeCarriesItsISCOGroups() throws {
        let dir = TempDirectory()
        let levels =
            #"<level id="1" order="1"><name>L</name><qualificationType><title>Nursing</title><field>0913</field><occupation isco="2221"/><occupation isco="3221"/></qualificationType></level>"#
        let file = dir.write("q.xml", Fixtures.framework(levels: levels))
        guard case .framework(let f) = try Fixtures.read(file).content else { Issue.record("not a framework"); return }
        #expect(f.levels.first?.qualificationTypes.first?.occupations == ["2221", "3221"])
        #expect(f.levels.first?.qualificationTypes.first?.field == "0913")
    }
}
