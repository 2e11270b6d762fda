import ArgumentParser
import Foundation
import ParityCore
import ParityMessages
import ParityService

@main
struct Parity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Operate Parity: qualification frameworks, matching, the spool and letters.",
        discussion: "Exit status: 0 success, 1 the checked data has problems, 64 usage error, 78 configuration error.",
        subcommands: [FrameworksCommand.self, MatchCommand.self, ReadCommand.self, BatchCommand.self, SubmitCommand.self, StatusCommand.self, QueueCommand.self, LetterCommand.self, KeysCommand.self])
}

/// Options every command that reads the configuration takes.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $PARITY_CONFIG, then /etc/parity/parity.toml).")
    var config: String?

    func load() throws -> ParityConfiguration {
        let file = ParityConfiguration.locate(explicit: config)
        do { return try ParityConfiguration.load(file: file) } catch {
            throw Failure(lines: [error.description], code: 78)
        }
    }
}

/// A failure already explained to the operator: its lines go to stderr, then the exit code.
struct Failure: Error, CustomStringConvertible {
    var lines: [String]
    var code: Int32
    var description: String { lines.joined(separator: "\n") }
}

/// Runs a command body, turning a `Failure` into its message and exit status.
func reporting(_ body: () throws -> Void) throws {
    do { try body() } catch let failure as Failure {
        for line in failure.lines { FileHandle.standardError.write(Data("parity: \(line)\n".utf8)) }
        throw ExitCode(failure.code)
    }
}

func printJSON<T: Encodable>(_ value: T) {
    FileHandle.standardOutput.write(MessageCodec.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// The installed framework set of the configuration, or a failure listing every problem.
func loadInstalled(_ configuration: ParityConfiguration) throws -> FrameworkSet {
    do { return try configuration.frameworkDirectory.load() } catch {
        throw Failure(lines: error.lines + ["the installed frameworks in \(configuration.paths.frameworks) do not load"], code: 1)
    }
}
