import ParityCore
import ParityDocuments
import Testing

/// An HR-XML vacancy whose experience `Measure` is not a number of months a job can ask for:
/// `inf`, `nan`, `1e999` and `1e300` made `parity read` and parityd trap (and parityd again at
/// every restart). Each is now a warning at its line, and the rest of the vacancy is read.
@Suite struct HostileNumberDocumentTests {
    func vacancy(_ measure: String, unit: String = "year") throws -> DocumentReading {
        let xml = """
            <PositionOpening xmlns="http://www.hr-xml.org/3" majorVersionID="3" minorVersionID="2"><DocumentID>v-1</DocumentID>
            <PositionProfile><PositionTitle>Electrician</PositionTitle><PositionQualifications><ExperienceSummary><ExperienceCategory>
            <Measure unitCode="\(unit)">\(measure)</Measure></ExperienceCategory></ExperienceSummary></PositionQualifications></PositionProfile></PositionOpening>
            """
        return try DocumentReader.read(Array(xml.utf8), name: "v.xml")
    }

    @Test(arguments: ["inf", "nan", "1e999", "1e300", "-inf", "-3", "101"])
    func anExperienceNoJobCanAskForIsAWarningNotATrap(measure: String) throws {
        let reading = try vacancy(measure)
        #expect(reading.job?.title == "Electrician" && reading.job?.monthsOfExperience == nil)
        #expect(
            reading.warnings.contains { $0.contains("v.xml:3: experience '\(measure)' year") }, "\(reading.warnings)")
    }

    @Test func aSoundExperienceIsStillRead() throws {
        #expect(try vacancy("2").job?.monthsOfExperience == 24)
        #expect(try vacancy("-0", unit: "month").job?.monthsOfExperience == 0)
        #expect(try vacancy("1200", unit: "month").job?.monthsOfExperience == 1200)
    }
}
