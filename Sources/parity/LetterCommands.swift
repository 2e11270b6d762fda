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
            abstract: "Check a signed letter (the .json of outbox/letters) against the issuer's public keys.",
            discussion: """
                Works offline: with --keys, from a file `parity keys export` wrote; otherwise from the keys
                under paths.state of the configuration.
                Exit status: 0 valid; 1 tampered (the content, the code or the signature does not match);
                2 signed by a key that is not known; 65 not a letter file; 66 a file cannot be read; 64 usage.
                """)

        @Argument(help: "The letter's JSON file.") var file: String
        @Option(help: "Exported public keys (`parity keys export`), instead of the configuration's key directory.") var keys: String?
        @Flag(help: "Print the verdict as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Report: Encodable { var file: String; var verdict: String; var keyId: String?; var verificationCode: String?; var reason: String? }

        func run() async throws {
            try reporting {
                guard let letter = FileManager.default.contents(atPath: file) else { throw Failure(lines: ["\(file): cannot be read"], code: 66) }
                let known: [String: [UInt8]]
                do {
                    if let keys {
                        guard let exported = FileManager.default.contents(atPath: keys) else { throw Failure(lines: ["\(keys): cannot be read"], code: 66) }
                        known = try KeyRing.imported(Array(exported), path: keys)
                    } else {
                        let ring = KeyRing(directory: try options.load().letterKeys)
                        known = Dictionary(try ring.publicKeys().map { ($0.id, $0.raw) }, uniquingKeysWith: { a, _ in a })
                    }
                } catch let error as KeyError {
                    throw Failure(lines: [error.description], code: 66)
                }
                let verdict: SignedLetter.Verdict
                do { verdict = try SignedLetter.verify(Array(letter), keys: known) } catch {
                    throw Failure(lines: ["\(file): \(error)"], code: 65)
                }
                let (report, code): (Report, Int32) = switch verdict {
                case .valid(let keyId, let code): (Report(file: file, verdict: "valid", keyId: keyId, verificationCode: code), 0)
                case .tampered(let why): (Report(file: file, verdict: "tampered", reason: why), 1)
                case .unknownKey(let keyId): (Report(file: file, verdict: "unknown-key", keyId: keyId, reason: "no public key \(keyId) among the \(known.count) known"), 2)
                }
                if json { printJSON(report) } else {
                    switch verdict {
                    case .valid(let keyId, let code): print("\(file): valid, signed by key \(keyId), verification code \(code)")
                    case .tampered(let why): print("\(file): TAMPERED: \(why)")
                    case .unknownKey(let keyId): print("\(file): signed by key \(keyId), which is not known here (\(known.count) key(s) known); it cannot be checked")
                    }
                }
                if code != 0 { throw ExitCode(code) }
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
        static let configuration = CommandConfiguration(abstract: "Every public key, oldest first, and which one signs.")
        @Flag(help: "Print the keys as JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        struct Key: Encodable { var id: String; var created: String; var active: Bool }

        func run() async throws {
            try reporting {
                let ring = KeyRing(directory: try options.load().letterKeys)
                let (keys, active) = try keyFailure { (try ring.publicKeys(), try ring.activeId()) }
                let listed = keys.map { Key(id: $0.id, created: $0.created, active: $0.id == active) }
                if json { printJSON(listed); return }
                if listed.isEmpty { print("no letter keys in \(ring.directory): parityd creates one at its first start"); return }
                for key in listed { print("\(key.id)  created \(key.created)\(key.active ? "  active (signs new letters)" : "  retired (verifies old letters)")") }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every public key as one file, for `parity letter verify --keys` elsewhere and offline.")
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let ring = KeyRing(directory: try options.load().letterKeys)
                let bytes = try keyFailure { try ring.export() } + [0x0A]
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else { throw Failure(lines: ["\(output): cannot be written"], code: 73) }
                } else {
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a new signing key; the old private key is deleted, its public key kept so old letters still verify.",
            discussion: "Run it as the user parityd runs as; parityd signs with the new key from its next letter on.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let ring = KeyRing(directory: try options.load().letterKeys)
                let key = try keyFailure { try ring.rotate() }
                print("new signing key \(key.id); export the public keys again for those who verify letters offline")
            }
        }
    }
}

private func keyFailure<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as KeyError { throw Failure(lines: [error.description], code: 1) }
}
