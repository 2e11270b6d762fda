import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import Testing

/// Numbers a careless or hostile producer writes: each is refused at its field with what was
/// expected, or (not JSON at all) the message is refused; none traps.
@Suite struct HostileNumberDecodingTests {
    func batch(months: String) throws -> BatchDecoder.Decoded {
        let text =
            #"{"kind":"credential-batch","id":"b-1","destination":"DE","people":[{"person":{"id":"p-1","consent":{"matching":true}},"credentials":[],"experience":[{"occupation":"7411","country":"SA","months":MONTHS}]}]}"#
        return try BatchDecoder.json(
            Data(text.replacingOccurrences(of: "MONTHS", with: months).utf8), source: "b.json",
            documents: DocumentReader())
    }

    @Test(arguments: ["1e14", "9223372036854775807", "1e300", "1201", "-1", "2.5"])
    func monthsOutOfRangeRejectTheirEntryAtTheField(months: String) throws {
        let decoded = try batch(months: months)
        #expect(decoded.batch.people.isEmpty)
        #expect(decoded.rejected.first?.field == "people[0].experience[0].months", "\(decoded.rejected)")
        #expect(decoded.rejected.first?.message.contains("a whole number of months from 0 to 1200") == true)
    }

    @Test(arguments: ["0", "-0", "1200"])
    func monthsInRangeAreRead(months: String) throws {
        #expect(try batch(months: months).batch.people.first?.experience.first?.months == Int(Double(months) ?? -1))
    }

    @Test(arguments: ["1e999", "NaN", "Infinity", "-Infinity", "nan", "inf"])
    func numbersJSONHasNoSpellingForAreNotJSON(months: String) {
        #expect(throws: MessageError.self) { try batch(months: months) }
    }

    @Test func aJobAskingForMoreThanAWorkingLifeIsRefusedAtItsField() throws {
        let text =
            #"{"kind":"job-opening","id":"j-1","posting":{"@type":"JobPosting","title":"Electrician","experienceRequirements":{"monthsOfExperience":1e18}}}"#
        let envelope = try MessageEnvelope.read(
            Array(text.utf8), source: "j.json", maximumDepth: 32, documents: DocumentReader())
        do {
            _ = try JobPostingDecoder.decode(envelope, occupation: { _ in nil }, skill: { _ in nil })
            Issue.record("must be refused")
        } catch {
            #expect(error.field == "posting.experienceRequirements.monthsOfExperience" && error.found == "1e+18")
        }
    }
}
