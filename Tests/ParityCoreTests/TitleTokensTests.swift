import Testing

@testable import ParityCore

@Suite struct TitleTokensTests {
    static let asciiTitles = [
        "Honours Bachelor Degree", "Masters Degree", "Certificate III in Individual Support",
        "BTEC Level 3 National Diploma",
        "Bachelor of Science (Nursing)", "MSc", "  leading and trailing  ", "A-Levels/AS", "HNDs", "bus",
        "Class 12 (CBSE)", "", "---",
    ]

    @Test(arguments: asciiTitles)
    func theAsciiTokeniserAgreesWithTheUnicodeOne(title: String) throws {
        let ascii = try #require(QualificationFit.asciiTokens(title))
        #expect(ascii == QualificationFit.unicodeTokens(title))
    }

    @Test func titlesWithNonAsciiLettersTakeTheUnicodePath() {
        #expect(QualificationFit.asciiTokens("Diplôme d'État d'infirmier") == nil)
        #expect(QualificationFit.tokens("Diplôme d'État d'infirmier") == ["diplôme", "d", "état", "infirmier"])
    }
}
