public import ArgumentParser
import Foundation
import ParityCore
import ParityMessages
import ParityService
import ParityXML

/// The operator's command line (DESIGN.md §8). `parity` runs `execute` on its arguments; the
/// tests run it in process, with a capturing `Console`.
public struct Parity: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Operate Parity: qualification frameworks, matching, the spool and letters.",
        discussion: "Exit status: 0 success, 1 the checked data has problems, 64 usage error, 78 configuration error.",
        subcommands: [
            FrameworksCommand.self, MatchCommand.self, ReadCommand.self, BatchCommand.self, SubmitCommand.self,
            StatusCommand.self, QueueCommand.self, LetterCommand.self, KeysCommand.self, TrustCommand.self,
        ])

    public init() {}

    /// Parses and runs one command line; returns its exit status, having written any error and
    /// the usage to `Console.current` (help to its output, with status 0).
    public static func execute(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let status = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if status == 0 { Console.current.out(message + "\n") } else { Console.current.err(message + "\n") }
            }
            return status
        }
    }
}

/// Options every command that reads the configuration takes.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $PARITY_CONFIG, then /etc/parity/parity.toml).")
    var config: String?

    func load() throws -> ParityConfiguration {
        let file = ParityConfiguration.locate(explicit: config, environment: Console.current.environment)
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
        for line in failure.lines { Console.current.err("parity: \(line)\n") }
        throw ExitCode(failure.code)
    }
}

func printJSON<T: Encodable>(_ value: T) {
    Console.current.out(Array(MessageCodec.encode(value)))
    Console.current.out("\n")
}

/// The installed framework set of the configuration, or a failure listing every problem.
func loadInstalled(_ configuration: ParityConfiguration) throws -> FrameworkSet {
    do { return try configuration.frameworkDirectory.load() } catch {
        throw Failure(
            lines: error.lines + ["the installed frameworks in \(configuration.paths.frameworks) do not load"], code: 1)
    }
}
