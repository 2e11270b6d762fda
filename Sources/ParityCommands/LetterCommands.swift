import ArgumentParser
import Foundation
import ParityLetters
import ParityService

struct LetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter", abstract: "Equivalence letters.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                "Check a letter against the issuer's public keys: its signed JSON, its PDF, or the QR code printed on it.",
            discussion: """
                FILE is the letter's .json (the full signed letter, exactly: a field added beside it is tampered)
                or its .pdf (the QR code's payload that the PDF carries, parity-letter-qr-1, and the page's text,
                which must show that code's verification code and holder); --qr TEXT checks what a scanner read
                from the printed QR code.
                Works offline: with --keys, from a file `parity keys export` wrote; otherwise from the keys
                under paths.state of the configuration.
                Exit status: 0 valid; 1 tampered (the content, the code or the signature does not match);
                2 signed by a key that is not known; 65 not a letter; 66 a file cannot be read; 64 usage.
                """)

        @Argument(help: "The letter's JSON or PDF file.") var file: String?
        @Option(help: "The QR code's text, as a scanner reads it (it begins with \(LetterQR.prefix)).") var qr: String?
        @Option(help: "Exported public keys (`parity keys export`), instead of the configuration's key directory.")
        var keys: String?
        @Flag(help: "Print the verdict as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Report: Encodable {
            var file: String; var verdict: String; var keyId: String?; var verificationCode: String?;
            var reason: String?; var fields: LetterQR.Fields?
        }

        func validate() throws {
            if (file == nil) == (qr == nil) {
                throw ValidationError("give the letter's file, or --qr with the QR code's text, but not both")
            }
        }

        func run() async throws {
            try reporting {
                let known = try knownKeys()
                let source = file ?? "QR code"
                let verdict: SignedLetter.Verdict
                var fields: LetterQR.Fields?
                do {
                    if let qr {
                        let checked = try LetterQR.verify(qr, keys: known)
                        (verdict, fields) = (checked.verdict, checked.fields)
                    } else if let file {
                        guard let data = FileManager.default.contents(atPath: file) else {
                            throw Failure(lines: ["\(file): cannot be read"], code: 66)
                        }
                        let bytes = Array(data)
                        if bytes.starts(with: Array("%PDF-".utf8)) {
                            let checked = try LetterPDFCheck.verify(bytes, keys: known)
                            (verdict, fields) = (checked.verdict, checked.fields)
                        } else {
                            verdict = try SignedLetter.verify(bytes, keys: known)
                        }
                    } else {
                        throw Failure(lines: ["give the letter's file or --qr"], code: 64)
                    }
                } catch let error as SignedLetter.ReadError {
                    throw Failure(lines: ["\(source): \(error)"], code: 65)
                }
                let (report, code): (Report, Int32) =
                    switch verdict {
                    case .valid(let keyId, let code):
                        (
                            Report(
                                file: source, verdict: "valid", keyId: keyId, verificationCode: code, fields: fields), 0
                        )
                    case .tampered(let why): (Report(file: source, verdict: "tampered", reason: why, fields: fields), 1)
                    case .unknownKey(let keyId):
                        (
                            Report(
                                file: source, verdict: "unknown-key", keyId: keyId,
                                reason: "no public key \(keyId) among the \(known.count) known", fields: fields), 2
                        )
                    }
                if json {
                    printJSON(report)
                } else {
                    switch verdict {
                    case .valid(let keyId, let code):
                        say("\(source): valid, signed by key \(keyId), verification code \(code)")
                    case .tampered(let why): say("\(source): TAMPERED: \(why)")
                    case .unknownKey(let keyId):
                        say(
                            "\(source): signed by key \(keyId), which is not known here (\(known.count) key(s) known); it cannot be checked"
                        )
                    }
                    if let f = fields {
                        say("  the code's fields\(code == 0 ? ", as signed" : ", NOT to be trusted"):")
                        say("  holder: \(f.holder)\(f.holderIsId ? " (the holder's id; no name was given)" : "")")
                        say(
                            "  qualification: \(f.qualification)\n  awarding country: \(f.awardingCountry)\n  compared in: \(f.destination)"
                        )
                        say(
                            "  comparable level: \(f.comparableLevel ?? "none")\n  outcome: \(f.outcome)\n  issued: \(f.issued)\n  verification code: \(f.verificationCode)"
                        )
                        if f.shortened {
                            say(
                                "  (the name or the title was shortened to fit the code, ending in …; compare the rest with the letter)"
                            )
                        }
                    }
                }
                if code != 0 { throw ExitCode(code) }
            }
        }

        private func knownKeys() throws -> [String: [UInt8]] {
            do {
                if let keys {
                    guard let exported = FileManager.default.contents(atPath: keys) else {
                        throw Failure(lines: ["\(keys): cannot be read"], code: 66)
                    }
                    return try KeyRing.imported(Array(exported), path: keys)
                }
                let ring = KeyRing(directory: try options.load().letterKeys)
                return Dictionary(try ring.publicKeys().map { ($0.id, $0.raw) }, uniquingKeysWith: { a, _ in a })
            } catch let error as KeyError {
                throw Failure(lines: [error.description], code: 66)
            }
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The keys that sign letters (under paths.state/letter-keys).",
        subcommands: [List.self, Export.self, Rotate.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every public key, oldest first, and which one signs.")
        @Flag(help: "Print the keys as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Key: Encodable { var id: String; var created: String; var active: Bool }

        func run() async throws {
            try reporting {
                let ring = KeyRing(directory: try options.load().letterKeys)
                let (keys, active) = try keyFailure { (try ring.publicKeys(), try ring.activeId()) }
                let listed = keys.map { Key(id: $0.id, created: $0.created, active: $0.id == active) }
                if json { printJSON(listed); return }
                if listed.isEmpty {
                    say("no letter keys in \(ring.directory): parityd creates one at its first start"); return
                }
                for key in listed {
                    say(
                        "\(key.id)  created \(key.created)\(key.active ? "  active (signs new letters)" : "  retired (verifies old letters)")"
                    )
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Every public key as one file, for `parity letter verify --keys` elsewhere and offline; or, with --html, a verifier page.",
            discussion: """
                --html FILE writes one self-contained HTML page holding the public keys: opened in a browser, offline, it checks
                a letter's QR code with the browser's WebCrypto Ed25519 and shows the signed fields. Export it again after
                `parity keys rotate`.
                """)
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Write the offline verifier page (HTML) to this file.") var html: String?
        @OptionGroup var options: ConfigOptions

        func validate() throws {
            if output != nil && html != nil {
                throw ValidationError("give --output for the keys file or --html for the verifier page, not both")
            }
        }

        func run() async throws {
            try reporting {
                let configuration = try options.load()
                let ring = KeyRing(directory: configuration.letterKeys)
                if let html {
                    let keys = try keyFailure { try ring.publicKeys() }
                    guard !keys.isEmpty else {
                        throw Failure(
                            lines: ["no letter keys in \(ring.directory): parityd creates one at its first start"],
                            code: 1)
                    }
                    let page = VerifierPage.html(keys: keys, issuer: configuration.letters.issuer)
                    guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
                        throw Failure(lines: ["\(html): cannot be written"], code: 73)
                    }
                    say("\(html): verifier page with \(keys.count) public key(s) of \(configuration.letters.issuer)")
                    return
                }
                let bytes = try keyFailure { try ring.export() } + [0x0A]
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                        throw Failure(lines: ["\(output): cannot be written"], code: 73)
                    }
                } else {
                    Console.current.out(bytes)
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Start a new signing key; the old private key is deleted, its public key kept so old letters still verify.",
            discussion: "Run it as the user parityd runs as; parityd signs with the new key from its next letter on.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let ring = KeyRing(directory: try options.load().letterKeys)
                let key = try keyFailure { try ring.rotate() }
                say("new signing key \(key.id); export the public keys again for those who verify letters offline")
            }
        }
    }
}

private func keyFailure<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as KeyError { throw Failure(lines: [error.description], code: 1) }
}
