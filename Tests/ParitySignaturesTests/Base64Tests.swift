import Foundation
import Testing

@testable import ParitySignatures

/// JOSE's base64url (no padding) and x5c's base64 (padded), decoded strictly: whatever
/// Foundation decodes the same way is accepted, and what breaks the alphabet or the form is not.
@Suite struct Base64Tests {
    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 255, 1024])
    func everyLengthRoundTripsAndAgreesWithFoundation(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let url = Base64.encodeURL(bytes)
        #expect(!url.contains("=") && !url.contains("+") && !url.contains("/"))
        #expect(Base64.decodeURL(url) == bytes)
        #expect(Base64.decode(Data(bytes).base64EncodedString()) == bytes)
    }

    @Test func whatBreaksTheFormIsRefused() {
        #expect(Base64.decodeURL("ab+c") == nil, "the standard alphabet in base64url")
        #expect(Base64.decodeURL("abc=") == nil, "padding in base64url")
        #expect(Base64.decodeURL("abcde") == nil, "a length no encoding gives")
        #expect(Base64.decodeURL("aQ") == [0x69] && Base64.decodeURL("aR") == nil, "non-zero unused bits")
        #expect(Base64.decode("YWJj\nZA==") == nil && Base64.decode("YWJjZA=") == nil)
    }
}
