import Foundation
import ParityCore
import ParityMessages
import Testing

/// `"type": "occupational-test"` credentials (an SVP pass, a TESDA assessment abroad): their
/// fields are required, a level is refused, and each error names its field.
@Suite struct OccupationalTestDecodingTests {
    static func decode(_ json: String) throws -> Credential {
        try MessageCodec.decodeCredential(Data(json.utf8), source: "c.json")
    }

    static func failure(_ json: String) -> String {
        do {
            _ = try decode(json)
            return "no error"
        } catch { return "\(error)" }
    }

    static let svp =
        #"{"type":"occupational-test","title":"SVP: Building Electrician","country":"IN","occupation":"7411","result":"passed","awarded":"2023-08-14","testFor":"SA","awardingBody":"Takamol / NSDC International"}"#

    @Test func anSVPPassIsReadWithItsOccupationResultDateAndDestination() throws {
        let c = try Self.decode(Self.svp)
        #expect(c.isOccupationalTest && c.passedTest)
        #expect(c.occupation == "7411" && c.awarded == "2023-08-14" && c.testFor == "SA")
        #expect(c.level == nil && c.framework == nil)
    }

    @Test func aQualificationStaysOneAndCannotCarryATestResult() throws {
        let plain = try Self.decode(#"{"type":"qualification","title":"B.Sc.","country":"IN"}"#)
        #expect(plain.type == nil && !plain.isOccupationalTest)
        #expect(
            Self.failure(#"{"title":"B.Sc.","country":"IN","result":"passed"}"#)
                == #"c.json: field 'result': 'result' belongs to an occupational test; add "type": "occupational-test" or leave it out"#
        )
    }

    @Test func eachMissingOrWrongFieldIsNamed() {
        func without(_ key: String) -> String {
            Self.svp.replacingOccurrences(
                of: #","\#(key)":"[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(Self.failure(without("result")) == "c.json: field 'result': required field is missing")
        #expect(Self.failure(without("awarded")) == "c.json: field 'awarded': required field is missing")
        #expect(Self.failure(without("occupation")).contains("expected 'occupation' as a 4-digit ISCO-08 unit group"))
        #expect(
            Self.failure(Self.svp.replacingOccurrences(of: #""7411""#, with: #""741""#))
                .hasPrefix("c.json: field 'occupation': an occupational test is for one occupation"))
        #expect(
            Self.failure(Self.svp.replacingOccurrences(of: "passed", with: "pass"))
                == "c.json: field 'result': expected one of passed, failed, found 'pass'")
        #expect(
            Self.failure(Self.svp.replacingOccurrences(of: #""SA""#, with: #""Saudi""#))
                == "c.json: field 'testFor': expected an ISO 3166-1 alpha-2 country code (e.g. SA), found 'Saudi'")
    }

    @Test func aTestHasNoLevel() {
        let levelled = Self.svp.replacingOccurrences(of: #""result""#, with: #""level":"4","result""#)
        #expect(
            Self.failure(levelled)
                == "c.json: field 'level': an occupational test has no framework level or workload: leave out 'level' (a qualification is a separate credential)"
        )
    }
}
