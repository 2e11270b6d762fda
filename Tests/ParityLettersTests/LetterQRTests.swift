import Foundation
import ParityCore
import ParityTestSupport
import Testing

@testable import ParityLetters

/// The QR code's payload (`parity-letter-qr-1`): what it carries, that it verifies, that no
/// change goes unnoticed, and that the printed code gives it back.
@Suite struct LetterQRTests {
    let dir = TempDirectory()

    var ring: KeyRing { KeyRing(directory: dir.path + "/keys") }
    func keys() throws -> [String: [UInt8]] { try KeyRing.imported(try ring.export(), path: "export") }

    @Test func base45FollowsRFC9285() {
        for (bytes, text) in [
            ("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0"),
        ] {
            #expect(Base45.encode(Array(bytes.utf8)) == text)
            #expect(Base45.decode(text) == Array(bytes.utf8))
        }
        #expect(Base45.decode(":::") == nil)  // 91124 > 65535
        #expect(Base45.decode("GG") == nil)  // 736 > 255
        #expect(Base45.decode("A") == nil && Base45.decode("ab") == nil)
    }

    @Test func thePayloadCarriesTheFieldsAnEmployerMustSeeAndVerifies() throws {
        let letter = try Letters.letter(.de, holder: "Łukasz Wężyk-Żółć")
        let signed = try SignedLetter.sign(letter, with: try ring.activeKey())
        let checked = try LetterQR.verify(signed.qr.payload, keys: try keys())
        #expect(checked.verdict == .valid(keyId: signed.keyId, code: signed.verificationCode))
        let f = checked.fields
        #expect(
            f.holder == "Łukasz Wężyk-Żółć" && !f.holderIsId && f.qualification == "Honours Bachelor Degree in Nursing")
        #expect(f.awardingCountry == "IE" && f.destination == "DE" && f.comparableLevel == "de-dqr 6")
        #expect(
            f.outcome == letter.outcome.rawValue && f.issued == "2026-11-23" && f.keyId == signed.keyId
                && f.verificationCode == signed.verificationCode)
        #expect(!f.shortened && signed.qr.payload.hasPrefix("PL1:"))
        // As a scanner passes it on, with a line break.
        #expect(try LetterQR.verify(signed.qr.payload + "\r\n", keys: try keys()).verdict == checked.verdict)
    }

    /// Every character of the payload changed to another of the alphabet: never valid.
    @Test func anyChangedCharacterFailsVerification() throws {
        let signed = try SignedLetter.sign(
            try Letters.letter(.en, holder: "Nguyễn Thị Hương"), with: try ring.activeKey())
        let keys = try keys(), payload = Array(signed.qr.payload.utf8), alphabet = Base45.alphabet
        var refused = 0, tampered = 0
        for i in LetterQR.prefix.utf8.count..<payload.count {
            var changed = payload
            changed[i] = alphabet[((alphabet.firstIndex(of: payload[i]) ?? 0) + 1) % alphabet.count]
            switch Result(catching: { try LetterQR.verify(String(decoding: changed, as: UTF8.self), keys: keys) }) {
            case .success(let checked)
            where checked.verdict == .valid(keyId: signed.keyId, code: signed.verificationCode):
                Issue.record("a change at character \(i) was not found out")
            case .success: tampered += 1
            case .failure: refused += 1
            }
        }
        #expect(tampered > 0 && refused + tampered == payload.count - LetterQR.prefix.utf8.count)
        #expect(throws: SignedLetter.ReadError.self) {
            try LetterQR.verify("HC1:" + signed.qr.payload.dropFirst(4), keys: keys)
        }
    }

    @Test func aLetterSignedBeforeARotationStillVerifiesFromItsQRCode() throws {
        let before = try SignedLetter.sign(try Letters.letter(.pt), with: try ring.activeKey())
        try ring.rotate()
        let after = try SignedLetter.sign(try Letters.letter(.pt), with: try ring.activeKey())
        #expect(before.keyId != after.keyId)
        #expect(
            try LetterQR.verify(before.qr.payload, keys: try keys()).verdict
                == .valid(keyId: before.keyId, code: before.verificationCode))
        #expect(
            try LetterQR.verify(after.qr.payload, keys: try keys()).verdict
                == .valid(keyId: after.keyId, code: after.verificationCode))
    }

    @Test func aCodeFromAKeyNotHeldIsUnknownNotValid() throws {
        let signed = try SignedLetter.sign(
            try Letters.letter(.en), with: try KeyRing(directory: dir.path + "/elsewhere").activeKey())
        _ = try ring.activeKey()
        #expect(try LetterQR.verify(signed.qr.payload, keys: try keys()).verdict == .unknownKey(signed.keyId))
    }

    /// A name of 600 Bengali letters (1,800 bytes) still gives a code of version 25 or smaller:
    /// cut, marked as cut, and signed as cut.
    @Test func aVeryLongNameIsShortenedMarkedAndStillFitsVersion25() throws {
        let long = String(repeating: "রহিম উদ্দিন ", count: 50)
        let signed = try SignedLetter.sign(try Letters.letter(.en, holder: long), with: try ring.activeKey())
        #expect(signed.qr.payload.utf8.count <= LetterQR.maximumLength)
        let checked = try LetterQR.verify(signed.qr.payload, keys: try keys())
        #expect(checked.verdict == .valid(keyId: signed.keyId, code: signed.verificationCode))
        #expect(
            checked.fields.shortened && checked.fields.holder.hasSuffix("…")
                && long.hasPrefix(checked.fields.holder.dropLast()))
        #expect(try QRSymbol(signed.qr.payload).version <= QRSymbol.maximumVersion)
        for holder in LetterPDFTests.holders {
            let ordinary = try SignedLetter.sign(
                try Letters.letter(.en, holder: holder.name), with: try ring.activeKey())
            let version = try QRSymbol(ordinary.qr.payload).version
            #expect(!ordinary.qr.fields.shortened && version <= 15, "\(holder.script): version \(version)")
        }
    }

    /// The code printed on the page, scanned from a 300 dpi rendering, is the payload, which
    /// the PDF also carries in its document information.
    @Test func theQRCodeOnThePageDecodesToTheSignedPayload() throws {
        for (language, holder) in [(LetterLanguage.en, "Олена Шевченко"), (.ar, "محمد عبد الله")] {
            let letter = try Letters.letter(language, holder: holder)
            let signed = try SignedLetter.sign(letter, with: try ring.activeKey())
            let pdf = try LetterPDF.render(letter, signed: signed)
            let path = dir.path + "/qr-\(language).pdf"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(pdf)))
            #expect(
                try Tool.run(
                    "/usr/bin/pdftoppm",
                    ["-png", "-r", "300", "-f", "1", "-l", "1", path, dir.path + "/qr-\(language)"]
                ).status == 0)
            let scan = try Tool.run(
                "/usr/bin/zbarimg", ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", dir.path + "/qr-\(language)-1.png"])
            #expect(scan.status == 0, "\(scan.err)")
            let scanned = scan.out.trimmingCharacters(in: .newlines)
            #expect(scanned == signed.qr.payload)
            #expect(
                try LetterQR.verify(scanned, keys: try keys()).verdict
                    == .valid(keyId: signed.keyId, code: signed.verificationCode))
            #expect(try LetterPDFPayload.read(pdf) == signed.qr.payload)
        }
    }

    @Test func aPDFWithoutACodeOrWithTwoIsSaidSo() throws {
        let signed = try SignedLetter.sign(try Letters.letter(.en), with: try ring.activeKey())
        let pdf = try LetterPDF.render(try Letters.letter(.en), signed: signed)
        #expect(throws: SignedLetter.ReadError.self) {
            try LetterPDFPayload.read(Array("%PDF-1.5\n/Title (x)\n%%EOF".utf8))
        }
        #expect(throws: SignedLetter.ReadError.self) { try LetterPDFPayload.read(Array("not a pdf".utf8)) }
        // An incremental update that changed the code: two different codes, refused.
        let other = signed.qr.payload.replacingOccurrences(of: "PL1:", with: "PL1:0")
        #expect(throws: SignedLetter.ReadError.self) {
            try LetterPDFPayload.read(pdf + Array("\n<< /Keywords (\(other)) >>\n%%EOF\n".utf8))
        }
        // The same code as UTF-16 hex (as other writers put it) reads the same.
        let hex = ([0xFE, 0xFF] + signed.qr.payload.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).map {
            String(format: "%02X", $0)
        }.joined()
        #expect(try LetterPDFPayload.read(Array("%PDF-1.5\n<< /Keywords <\(hex)> >>\n".utf8)) == signed.qr.payload)
    }
}
