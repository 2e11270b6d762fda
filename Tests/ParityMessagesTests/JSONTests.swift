import Foundation
import ParityCore
import ParityJSON
import Testing

@testable import ParityMessages

@Suite struct JSONParserTests {
    func parse(
        _ text: String, depth: Int = JSONParser.defaultMaximumDepth
    ) throws(JSONParser.SyntaxError) -> JSONDocument {
        try JSONParser.parse(Array(text.utf8), maximumDepth: depth)
    }

    func fields(_ text: String) throws -> MessageFields {
        MessageFields(document: try parse(text), path: "", source: "test")
    }

    @Test func parsesEveryKindOfValueWithEscapes() throws {
        let root = try fields(
            #"{"a":[1,-2.5,1e3,true,false,null,{"k":[]}],"s":"q\"\\\/\n\u00e9\ud83d\ude00","t":"plain","\u0075":"escaped key"}"#
        )
        let a = try root.required("a").array()
        #expect(a.count == 7)
        #expect(try a[0].number() == 1)
        #expect(try a[1].number() == -2.5)
        #expect(try a[2].number() == 1000)
        #expect(try a[3].bool() == true)
        #expect(try a[4].bool() == false)
        #expect(a[5].document.nodes[a[5].node].kind == .null)
        #expect(try a[6].required("k").array().isEmpty)
        #expect(try root.required("s").string() == "q\"\\/\né😀")
        #expect(try root.required("t").string() == "plain")
        #expect(try root.required("u").string() == "escaped key")
        #expect(try root.optional("missing") == nil)
    }

    @Test func errorsOfTheWrongTypeNameTheFieldAndWhatWasFound() throws {
        let root = try fields(#"{"people":[{"id":"a","skills":["x",7]}]}"#)
        let person = try #require(try root.required("people").array().first)
        do { _ = try person.required("skills").strings(); Issue.record("must fail") } catch {
            #expect(error.description == "test: field 'people[0].skills[1]': expected a string, found a number")
        }
        do { _ = try person.required("id").number(); Issue.record("must fail") } catch {
            #expect(error.description == "test: field 'people[0].id': expected a number, found a string")
        }
        do { _ = try person.required("name"); Issue.record("must fail") } catch {
            #expect(error.description == "test: field 'people[0].name': required field is missing")
        }
    }

    @Test func aDocumentNestedTooDeeplyIsRefused() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(deep) }
        #expect((try? parse(deep, depth: 64)) != nil)
    }

    @Test func aDuplicateMemberIsRefused() {
        do { _ = try parse(#"{"id":"a","id":"b"}"#); Issue.record("must fail") } catch {
            #expect(error.description == #"line 1, column 11: member "id" appears twice in one object"#)
        }
        // Spelled differently, the same name; and in a large object, found through the set.
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#"{"id":"a","\u0069d":"b"}"#) }
        let large = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect((try? parse("{\(large)}")) != nil)
        #expect(throws: JSONParser.SyntaxError.self) { try parse("{\(large),\"k3\":0}") }
    }

    @Test func errorsGiveLineAndColumn() {
        do { _ = try parse("{\n  \"a\": 1,\n  \"b\" 2\n}"); Issue.record("must fail") } catch {
            #expect(error.line == 3)
            #expect(error.message == "expected ':' after \"b\"")
        }
        #expect(throws: JSONParser.SyntaxError.self) { try parse("{\"a\":1} trailing") }
        #expect(throws: JSONParser.SyntaxError.self) { try parse("\"unterminated") }
        #expect(throws: JSONParser.SyntaxError.self) { try parse("\"raw \u{01} control\"") }
    }

    @Test func invalidJSONInAMessageSaysWhere() {
        do {
            _ = try MessageCodec.decodeCredential(Data("{\"title\": }".utf8), source: "c.json");
            Issue.record("must fail")
        } catch {
            #expect(
                error.description
                    == "c.json: not valid JSON: line 1, column 11: expected a value (an object, list, string, number, true, false or null), found '}'"
            )
        }
    }
}

/// The fast result writer and the Codable encoding describe the same JSON.
@Suite struct ResultJSONTests {
    static func sample(_ i: Int) -> EquivalenceResult {
        let ref = LevelReference(framework: "eqf", level: "\(i % 8 + 1)")
        let step = PathStep(
            from: LevelReference(framework: "ie-nfq", level: "8"), to: ref, kind: .referencing, status: .confirmed,
            source: "QQI \"report\" \\ 2020\nhttps://x/y", reversed: i % 2 == 0)
        let e = Equivalent(
            framework: "eqf", level: ref.level, levelName: "Level é \(i)",
            closestQualification: i % 3 == 0 ? nil : "Bachelor, honours",
            score: Double(i % 1000) / 1000, confidence: 0.05 * Double(i % 20), confirmed: i % 2 == 0,
            components: [ScoreComponent(name: "level", value: 0.903, weight: 0.35, explanation: "tab\there")],
            conditions: i % 4 == 0 ? [Condition(difference: "d", measure: .aptitudeTest)] : [], path: [step])
        return EquivalenceResult(
            outcome: .comparable, destination: "DE", equivalents: [e], path: [step], basis: ["b1", "b\u{01}2"],
            origin: i % 5 == 0 ? nil : LevelReference(framework: "ie-nfq", level: "8"),
            agreements: [AgreementNote(id: "a", name: "n", conditions: ["c"])],
            competentAuthorities: [
                AuthorityNote(isco: "2221", profession: "Nurse", jurisdiction: "DE", authority: "X", status: .confirmed)
            ],
            requirements: i % 3 == 0 ? [] : [Self.requirement(i)],
            versions: Versions(
                engine: "e",
                data: [DataVersion(id: "eqf", version: "1", contentHash: String(repeating: "a", count: 64))]))
    }

    /// A requirement with every optional field, or none of them.
    static func requirement(_ i: Int) -> RequirementNote {
        let full = i % 2 == 0
        let r = DestinationRequirement(
            id: "sa-svp-\(i)", kind: full ? .tradeTest : .skillClass, destination: "SA", authority: "MHRSD",
            what: "Pass \"the\" test", place: full ? "In India" : nil, check: full ? "svp.qiwa.sa" : nil,
            paidBy: full ? "employer" : nil, since: full ? "2023-06" : nil, until: full ? "2030" : nil,
            occupations: [.init(isco: "7411", title: full ? "Building Electrician" : nil)],
            provenance: Provenance(status: full ? .confirmed : .unconfirmed, source: "https://x"))
        return RequirementNote(r, occupation: "7411", metBy: full ? "SVP pass, 2023-08-14" : nil)
    }

    @Test func theWriterAndTheEncoderAgree() throws {
        let batch = BatchResult(
            batch: "b", destination: "DE",
            results: (0..<50).map {
                BatchResult.Line(person: "p\($0)", item: "credentials[0]", title: "t\($0)", result: Self.sample($0))
            },
            rejected: [RejectedItem(location: "row 2", field: "mode", message: "'x' is \"bad\"")],
            versions: Versions(engine: "e", data: []))
        let fast = try JSONSerialization.jsonObject(with: Data(ResultJSON.encode(batch))) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: MessageCodec.encode(batch)) as? NSDictionary
        #expect(fast != nil)
        #expect(fast == reference)
    }

    @Test(arguments: [0.0, 1, 0.5, 0.05, 0.903, 0.35, 12.125, 0.1 + 0.2, 1.0 / 3])
    func numbersReadBackAsTheSameDouble(value: Double) throws {
        var w = JSONWriter()
        w.number(value)
        #expect(Double(String(decoding: w.bytes, as: UTF8.self)) == value)
    }
}

/// The candidate record is the batch entry in the message's own format.
@Suite struct EntryJSONTests {
    static let entry = CredentialBatch.Entry(
        person: Person(
            id: "p-1", name: "Ana \"A\" Ñ", consent: .init(matching: true), residence: "DE",
            languages: ["es", "de-B1"],
            availableFrom: "2027-01", returning: .init(country: "PH"), sex: "f", birthYear: 1990, nationality: "PH"),
        credentials: [
            Credential(
                title: "Bachelor", awardingBody: "U", country: "PH", framework: "ph-pqf", level: "6",
                qualification: "q",
                isced: .init(level: 6, field: "0913"), occupation: "2221", skills: ["s1"],
                credits: .init(system: "ECTS", value: 240),
                durationYears: 4.5, awarded: "2019", mode: .nonFormal, evidence: .rplAssessment),
            Credential(title: "Certificate", country: "IE", checkedBy: "PES desk, Dublin"),
            // Read from a sealed document: its authenticity travels with it into the pool.
            Credential(
                title: "Micro-credential", country: "IE", level: "6",
                source: .init(
                    format: "elm", document: "credentials[0].document", field: "credentialSubject.hasClaim[0].title",
                    notes: ["n"],
                    authenticity: Authenticity(
                        verdict: .indeterminate,
                        steps: [
                            .init(.seal, .ok, "RS256 signature intact"), .init(.chain, .skipped, "no \"lists\""),
                        ],
                        signer: .init(subject: "CN=TEST SEAL", issuer: "CN=ANF", serial: "03"),
                        signedAt: "2023-09-27T11:54:17Z",
                        trustAnchor: .init(list: "ES", service: "ANF Assured ID CA1", status: "granted")))),
        ],
        experience: [Experience(occupation: "5322", country: "DE", months: 30, skills: ["x"])]
    )
    .withTest()

    @Test func theWriterAndTheEncoderAgree() throws {
        let fast = try JSONSerialization.jsonObject(with: Data(EntryJSON.encode(Self.entry))) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: MessageCodec.encode(Self.entry)) as? NSDictionary
        #expect(fast != nil)
        #expect(fast == reference)
    }

    @Test func theRecordReadsBackAsTheSameEntry() throws {
        let document = try JSONParser.parse(EntryJSON.encode(Self.entry))
        #expect(
            try MessageMapping.entry(
                MessageFields(document: document, path: "", source: "record"), documents: NoExchangeDocuments())
                == Self.entry)
    }
}

extension CredentialBatch.Entry {
    /// The entry with an occupational test beside its qualifications: its type, result and
    /// destination travel into the pool's record too.
    fileprivate func withTest() -> CredentialBatch.Entry {
        var test = Credential(
            title: "Skill Verification Program: Plumber", awardingBody: "Takamol / NAVTTC", country: "PK",
            occupation: "7126", awarded: "2023-02-01")
        test.type = .occupationalTest
        test.result = .passed
        test.testFor = "SA"
        var entry = self
        entry.credentials.append(test)
        return entry
    }
}
