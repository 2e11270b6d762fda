import Foundation
import ParityCore
import ParityDocuments
import Testing

/// Issue 23: what one document may cost is bounded before libxml2 sees it, and documents in
/// encodings Parity does not read are named for what they are.
@Suite struct DocumentBudgetTests {
    func problem(_ bytes: [UInt8]) -> DocumentError? {
        do {
            _ = try DocumentReader.read(bytes, name: "doc.xml")
            return nil
        } catch { return error }
    }

    @Test func aDocumentOfTooManyEmptyElementsIsRefusedWithTheFigureBeforeItIsParsed() throws {
        // <elmo>, 499,999 empty elements, </elmo>: one tag over.
        let xml = "<elmo>" + String(repeating: "<a/>", count: DocumentBudget.maximumTags - 1) + "</elmo>"
        let error = try #require(problem(Array(xml.utf8)))
        #expect(error.description.contains("\(DocumentBudget.maximumTags + 1) tags"), "\(error)")
        #expect(error.description.contains("at most \(DocumentBudget.maximumTags)"), "\(error)")
    }

    @Test func theSameInflatedFromBase64OfGzipIsRefusedToo() throws {
        let xml = "<elmo>" + String(repeating: "<a/>", count: DocumentBudget.maximumTags) + "</elmo>"
        let gzip = try Self.gzip(Array(xml.utf8))
        let error = try #require(problem(Array(Data(gzip).base64EncodedString().utf8)))
        #expect(error.description.contains("tags"), "\(error)")
    }

    @Test func utf16XMLIsRefusedAsUTF16() throws {
        let text = #"<?xml version="1.0" encoding="UTF-16"?><elmo/>"#
        for bytes in [
            [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian) ?? Data()),
            Array(text.data(using: .utf16BigEndian) ?? Data()),
        ] {
            let error = try #require(problem(bytes))
            #expect(error.description.contains("UTF-16"), "\(error)")
        }
    }

    @Test func gzipAsItIsAndBase64OfZlibAreNamedForWhatTheyAre() throws {
        let gzip = try Self.gzip(Array("<elmo/>".utf8))
        #expect(try #require(problem(gzip)).description.contains("gzip data as it is"))
        // zlib's header (78 9c) rather than gzip's (1f 8b).
        let zlib = Data([0x78, 0x9C, 0x01, 0x02, 0x03]).base64EncodedString()
        #expect(try #require(problem(Array(zlib.utf8))).description.contains("without the gzip header"))
    }

    /// gzip(1) itself, as a producer would compress.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
