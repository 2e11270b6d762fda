import Foundation
import ParityCore
import ParityJSON
import ParityTestSupport
import ParityXML
import Testing

@testable import ParityLetters

enum Letters {
    static let engine: RecognitionEngine = {
        do {
            return RecognitionEngine(set: try FrameworkDirectory(path: Repo.frameworks, schemaPath: Repo.schema).load())
        } catch {
            preconditionFailure("the shipped frameworks must load: \(error)")
        }
    }()

    /// A returning nurse's Irish degree compared in the Philippines, with accents and a
    /// parenthesis in the name to test escaping.
    static func letter(_ language: LetterLanguage, holder: String = "María-José O'Brien (Ñuñez)") throws -> Letter {
        let credential = Credential(
            title: "Honours Bachelor Degree in Nursing", awardingBody: "University College Dublin", country: "IE",
            level: "8",
            occupation: "2221", evidence: .diploma)
        let request = LetterRequest(
            id: "letter-1", person: Person(id: "p-7", name: holder), credential: credential, destination: "DE",
            language: language)
        let result = try engine.recognise(credential, destination: "DE")
        return Letter(
            request: request, result: result, issued: "2026-11-23", issuer: "Public Employment Service, Test",
            isMetaFramework: { engine.set.framework($0)?.kind != .national })
    }
}

@Suite struct SignedLetterTests {
    let dir = TempDirectory()

    @Test func aSignedLetterVerifiesWithItsKey() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let signed = try SignedLetter.sign(try Letters.letter(.en), with: try ring.activeKey())
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        #expect(
            try SignedLetter.verify(signed.json, keys: keys)
                == .valid(keyId: signed.keyId, code: signed.verificationCode))
        #expect(signed.verificationCode.count == 19 && signed.verificationCode.split(separator: "-").count == 4)
    }

    /// Issue 23: a field beside the signed content is not part of the letter, and says so.
    @Test func aFieldAddedBesideTheSignedContentIsTampered() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let signed = try SignedLetter.sign(try Letters.letter(.en), with: try ring.activeKey())
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        let text = String(decoding: signed.json, as: UTF8.self)
        for changed in [
            text.replacingOccurrences(of: #"{"content":"#, with: #"{"approvedBy":"the ministry","content":"#),
            text.replacingOccurrences(of: #""algorithm":"Ed25519","#, with: #""algorithm":"Ed25519","note":"x","#),
        ] {
            #expect(changed != text)
            guard case .tampered(let why) = try SignedLetter.verify(Array(changed.utf8), keys: keys) else {
                Issue.record("an added field verified as valid: \(changed.prefix(80))")
                continue
            }
            #expect(why.contains("approvedBy") || why.contains("signature.note"), "\(why)")
        }
    }

    /// Every string in the signed content, changed by one character, and the code changed:
    /// each is found out.
    @Test func anyChangeToASignedLettersContentFailsVerification() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let signed = try SignedLetter.sign(try Letters.letter(.fr), with: try ring.activeKey())
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        let original = String(decoding: signed.json, as: UTF8.self)
        var strings: [String] = []
        func collect(_ v: CanonicalJSON) {
            switch v {
            case .string(let s): strings.append(s)
            case .bool: break
            case .array(let items): items.forEach(collect)
            case .object(let members): members.values.forEach(collect)
            }
        }
        collect(signed.content)
        #expect(strings.count > 20)
        var checked = 0
        for s in Set(strings) where !s.isEmpty && original.components(separatedBy: "\"\(s)\"").count == 2 {
            let changed = original.replacingOccurrences(of: "\"\(s)\"", with: "\"\(s)x\"")
            // Tampered, or (for the format) no longer read as a letter: never valid.
            switch Result(catching: { try SignedLetter.verify(Array(changed.utf8), keys: keys) }) {
            case .success(.tampered), .failure: checked += 1
            case .success(let verdict): Issue.record("a change to '\(s)' was not found out: \(verdict)")
            }
        }
        #expect(checked > 15)
        // The outcome changed as a whole word, and the confirmed flag flipped.
        for (from, to) in [
            ("\"outcome\":\"comparable", "\"outcome\":\"indicative"), ("\"confirmed\":true", "\"confirmed\":false"),
            ("\"confirmed\":false", "\"confirmed\":true"),
        ] where original.contains(from) {
            #expect(
                try SignedLetter.verify(Array(original.replacingOccurrences(of: from, with: to).utf8), keys: keys)
                    != .valid(keyId: signed.keyId, code: signed.verificationCode))
        }
        let otherCode = original.replacingOccurrences(of: signed.verificationCode, with: "0000-0000-0000-0000")
        guard case .tampered = try SignedLetter.verify(Array(otherCode.utf8), keys: keys) else {
            Issue.record("a changed code was not found out"); return
        }
    }

    @Test func aLetterSignedBeforeARotationStillVerifies() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let first = try ring.activeKey()
        let before = try SignedLetter.sign(try Letters.letter(.es), with: first)
        let second = try ring.rotate()
        let after = try SignedLetter.sign(try Letters.letter(.es), with: try ring.activeKey())
        #expect(second.id != first.id && after.keyId == second.id)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/keys/\(first.id).key"))
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        #expect(
            try SignedLetter.verify(before.json, keys: keys) == .valid(keyId: first.id, code: before.verificationCode))
        #expect(
            try SignedLetter.verify(after.json, keys: keys) == .valid(keyId: second.id, code: after.verificationCode))
        #expect(Set(try ring.publicKeys().map(\.id)) == [first.id, second.id])
        #expect(try ring.activeId() == second.id)
    }

    @Test func aLetterFromAKeyTheRingDoesNotHoldIsUnknownNotValid() throws {
        let signed = try SignedLetter.sign(
            try Letters.letter(.en), with: try KeyRing(directory: dir.path + "/elsewhere").activeKey())
        let keys = try KeyRing.imported(try KeyRing(directory: dir.path + "/keys").export(), path: "export")
        #expect(try SignedLetter.verify(signed.json, keys: keys) == .unknownKey(signed.keyId))
    }

    @Test func thePrivateKeyIsReadableByItsOwnerOnly() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let key = try ring.activeKey()
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.path + "/keys/\(key.id).key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try ring.activeKey().id == key.id)  // the same key on the next start
    }

    @Test func whatIsNotALetterIsSaidSo() {
        #expect(throws: SignedLetter.ReadError.self) {
            try SignedLetter.verify(Array(#"{"content": 1}"#.utf8), keys: [:])
        }
        #expect(throws: SignedLetter.ReadError.self) { try SignedLetter.verify(Array("not json".utf8), keys: [:]) }
    }

    @Test func canonicalJSONSortsKeysAndEscapesOnlyWhatItMust() throws {
        let value = CanonicalJSON.object(["b": .string("é\"\\\n"), "a": .array([.bool(true), .string("/")])])
        #expect(String(decoding: value.bytes, as: UTF8.self) == #"{"a":[true,"/"],"b":"é\"\\\n"}"#)
        #expect(try StrictJSON.parse(value.bytes) == value)
    }
}
