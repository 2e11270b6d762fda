import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import Testing

@Suite struct CSVReaderTests {
    @Test func quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws {
        let rows = try CSVReader.rows("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\n")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\"\nthere"], ["last", ""]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        #expect(try CSVReader.rows("\u{FEFF}person_id\np1").first?.fields == ["person_id"])
    }

    @Test func anUnclosedQuoteNamesItsLine() {
        #expect(throws: CSVReader.Problem.unterminatedQuote(line: 2)) { try CSVReader.rows("a\n\"never closed\nmore") }
    }
}

@Suite struct BatchCSVTests {
    let header = "person_id,title,country,level,mode,isced_field,consent_matching"

    @Test func rowsAreGroupedByPersonInInputOrder() throws {
        let decoded = try BatchCSV.decode(
            "\(header)\np2,Bachelor,DE,6,,,yes\np1,Master,DE,7,,,no\np2,Meister,DE,6,,,yes\n", source: "b.csv", id: "b",
            destination: "IE")
        #expect(decoded.batch.people.map(\.person.id) == ["p2", "p1"])
        #expect(decoded.batch.people.first?.credentials.map(\.title) == ["Bachelor", "Meister"])
        #expect(decoded.batch.people.first?.person.consent.matching == true)
        #expect(decoded.rejected.isEmpty)
    }

    @Test func eachBadRowIsReportedWithItsLineAndFieldAndTheRestIsKept() throws {
        let text =
            "\(header)\np1,Bachelor,DE,6,online,,yes\np2,,DE,6,,,\np3,Master,DE,7,,91,\np4,Master,DE,7,,,\np5,too,few\n"
        let decoded = try BatchCSV.decode(text, source: "b.csv", id: "b", destination: "IE")
        #expect(decoded.batch.people.map(\.person.id) == ["p4"])
        #expect(
            decoded.rejected == [
                RejectedItem(
                    location: "row 2", field: "mode", message: "'online' is not one of formal, non-formal, informal"),
                RejectedItem(location: "row 3", field: "title", message: "required field is empty"),
                RejectedItem(
                    location: "row 4", field: "isced_field", message: "'91' is not a 4-digit ISCED-F 2013 field"),
                RejectedItem(location: "row 6", field: "", message: "3 fields; expected 7 as in the header"),
            ])
    }

    @Test func anUnknownColumnIsRefusedByName() {
        do {
            _ = try BatchCSV.decode("person_id,title,country,levle\n", source: "b.csv", id: "b", destination: "IE");
            Issue.record("must fail")
        } catch {
            #expect(error.description.contains("unknown column(s) levle"))
        }
    }

    @Test func aMissingRequiredColumnIsRefused() {
        #expect(throws: MessageError.self) {
            try BatchCSV.decode("person_id,title\n", source: "b.csv", id: "b", destination: "IE")
        }
    }

    @Test func summaryCellsCannotRunAsSpreadsheetFormulas() throws {
        let versions = Versions(engine: "e", data: [])
        let result = EquivalenceResult(
            outcome: .noMapping, destination: "DE", equivalents: [], path: [], basis: [], origin: nil,
            agreements: [], competentAuthorities: [], versions: versions)
        let batch = BatchResult(
            batch: "b", destination: "DE",
            results: [.init(person: "=cmd()", item: "credentials[0]", title: "a, \"b\"", result: result)],
            rejected: [], versions: versions)
        let csv = BatchSummary.csv(batch)
        #expect(csv.contains("'=cmd(),credentials[0],\"a, \"\"b\"\"\",no-mapping"))
    }
}

@Suite struct BatchJSONTests {
    @Test func aBadEntryIsRejectedWithItsPathAndTheOthersAreKept() throws {
        let json = """
            {"kind":"credential-batch","id":"b-1","destination":"DE","people":[
              {"person":{"id":"p1","consent":{"matching":true,"shareContact":false}},"credentials":[{"title":"Bachelor","country":"IE","level":8}]},
              {"person":{"id":"p2"},"credentials":[{"title":"Master","country":"IE","credits":{"system":"ECTS","value":"ninety"}}]},
              {"person":{"name":"no id"}},
              {"person":{"id":"p4"},"experience":[{"occupation":"7411","country":"DE","months":36}]}
            ]}
            """
        let decoded = try BatchDecoder.json(Data(json.utf8), source: "m.json", documents: DocumentReader())
        #expect(decoded.batch.people.map(\.person.id) == ["p1", "p4"])
        #expect(decoded.batch.people.first?.credentials.first?.level == "8")
        #expect(decoded.rejected.map(\.location) == ["people[1]", "people[2]"])
        #expect(decoded.rejected.first?.field == "people[1].credentials[0].credits.value")
        #expect(decoded.rejected.first?.message == "expected a number, found a string")
        #expect(decoded.rejected.last?.field == "people[2].person.id")
    }

    @Test func aNegativeWorkloadIsRefused() {
        do {
            _ = try MessageCodec.decodeCredential(
                Data(#"{"title":"x","country":"IE","credits":{"system":"ECTS","value":-60}}"#.utf8), source: "c.json");
            Issue.record("must fail")
        } catch {
            #expect(
                error.description == "c.json: field 'credits.value': expected a number of zero or more, found -60.0")
        }
    }

    @Test func hugeOrNegativeMonthsAreRefusedNotTrapped() throws {
        for months in ["1e300", "-3", "2.5"] {
            let json =
                #"{"kind":"credential-batch","id":"b","destination":"DE","people":[{"person":{"id":"p"},"experience":[{"occupation":"7411","country":"DE","months":"#
                + months + "}]}]}"
            let decoded = try BatchDecoder.json(Data(json.utf8), source: "m.json", documents: DocumentReader())
            #expect(decoded.rejected.first?.field == "people[0].experience[0].months", "\(months)")
        }
    }

    @Test func anAvailabilityThatIsNoDateIsRefusedWithItsField() throws {
        for date in ["\"soon\"", "\"2027-13-01\"", "\"01/03/2027\""] {
            let json =
                #"{"kind":"credential-batch","id":"b","destination":"DE","people":[{"person":{"id":"p","availableFrom":"#
                + date + "}}]}"
            let decoded = try BatchDecoder.json(Data(json.utf8), source: "m.json", documents: DocumentReader())
            #expect(decoded.rejected.first?.field == "people[0].person.availableFrom", "\(date)")
        }
        let good =
            #"{"kind":"credential-batch","id":"b","destination":"DE","people":[{"person":{"id":"p","availableFrom":"2027-03-01"}}]}"#
        #expect(try BatchDecoder.json(Data(good.utf8), source: "m.json", documents: DocumentReader()).rejected.isEmpty)
    }

    @Test func theWrongKindIsRefused() {
        do {
            _ = try BatchDecoder.json(
                Data(#"{"kind":"job-opening","id":"x","people":[]}"#.utf8), source: "m.json",
                documents: DocumentReader());
            Issue.record("must fail")
        } catch {
            #expect(error.description == "m.json: field 'kind': expected \"credential-batch\", found \"job-opening\"")
        }
    }

    @Test func aCredentialErrorNamesTheFieldAndTheChoices() {
        do {
            _ = try MessageCodec.decodeCredential(
                Data(#"{"title":"x","country":"IE","mode":"online"}"#.utf8), source: "c.json");
            Issue.record("must fail")
        } catch {
            #expect(
                error.description
                    == "c.json: field 'mode': expected one of formal, non-formal, informal, found 'online'")
        }
        do {
            _ = try MessageCodec.decodeCredential(Data(#"{"title":"x"}"#.utf8), source: "c.json");
            Issue.record("must fail")
        } catch {
            #expect(error.description == "c.json: field 'country': required field is missing")
        }
    }
}
