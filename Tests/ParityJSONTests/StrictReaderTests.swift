import ParityJSON
import Testing

/// The one JSON reader, as messages and letters both use it.
@Suite struct StrictReaderTests {
    @Test func invalidUTF8IsRefusedAtItsByteNeverReplaced() {
        // "p-\xff" and "p-\xfe" must never both become "p-\u{FFFD}".
        for bad: UInt8 in [0xFF, 0xFE, 0xC0] {
            let bytes = Array(#"{"id":"p-"#.utf8) + [bad] + Array(#""}"#.utf8)
            do {
                _ = try JSONParser.parse(bytes)
                Issue.record("0x\(String(bad, radix: 16)) must be refused")
            } catch {
                #expect(error.offset == 9 && error.message.contains("not valid UTF-8"), "\(error)")
            }
        }
        // Escaped text decodes to UTF-8; a lone surrogate escape is refused too.
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(#"{"id":"p-\ud800"}"#.utf8)) }
        let escaped = try? JSONParser.parse(Array(#"{"id":"jos\u00e9-1","n":"Ελένη"}"#.utf8))
        #expect(escaped.map { $0.string(2) } == "josé-1")
        #expect(escaped.map { $0.string(4) } == "Ελένη")
    }

    @Test func lettersAdmitNoNumbersNoNullAndSayWhere() {
        for (text, offset) in [(#"{"a":1}"#, 5), (#"{"a":[true,null]}"#, 11), (#"{"a":"x","a":"y"}"#, 9)] {
            do {
                _ = try StrictJSON.parse(Array(text.utf8))
                Issue.record("\(text) must be refused")
            } catch {
                #expect(error.offset == offset, "\(text): \(error)")
            }
        }
        // White space after the value is allowed; anything else is not.
        #expect((try? StrictJSON.parse(Array(#"{"a":"x"} "#.utf8))) == .object(["a": .string("x")]))
        #expect(throws: StrictJSON.SyntaxError.self) { try StrictJSON.parse(Array(#"{"a":"x"} trailing"#.utf8)) }
    }

    @Test func lettersAndMessagesDecodeEscapesAlike() throws {
        let text = #"{"holder":{"id":"jos\u00e9\/1","name":"A \"quoted\" name\n"}}"#
        let letter = try StrictJSON.parse(Array(text.utf8))
        let message = try JSONParser.parse(Array(text.utf8))
        guard case .object(let top) = letter, case .object(let holder)? = top["holder"] else {
            Issue.record("not an object")
            return
        }
        #expect(holder["id"] == .string(message.string(4)))
        #expect(holder["name"] == .string(message.string(6)))
        #expect(holder["id"] == .string("josé/1"))
    }

    @Test func canonicalBytesReadBackAsTheSameValue() throws {
        let value = CanonicalJSON.object(["b": .array([.bool(true), .string("é\u{1}")]), "a": .string("x")])
        #expect(try StrictJSON.parse(value.bytes) == value)
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"a":"x","b":[true,"é\u0001"]}"#)
    }
}
