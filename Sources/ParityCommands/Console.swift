import Foundation
import Synchronization

/// Where a command's words go and where its input comes from: the process's standard streams
/// (`parity`), or buffers (tests, which run the commands in process). Commands reach it as
/// `Console.current`, a task-local value, so that parallel tests never share a stream.
public final class Console: Sendable {
    @TaskLocal public static var current = Console(environment: ProcessInfo.processInfo.environment)

    /// The environment a command reads (`PARITY_CONFIG`).
    public let environment: [String: String]
    private let isCaptured: Bool
    private let captured = Mutex<(out: [UInt8], err: [UInt8])>(([], []))
    private let standardInput: [UInt8]?

    /// The process's own streams.
    public init(environment: [String: String]) {
        self.environment = environment
        isCaptured = false
        standardInput = nil
    }

    /// Buffers: what the command writes is kept (`output`, `errors`); it reads `input`.
    public init(capturing input: String? = nil, environment: [String: String]) {
        self.environment = environment
        isCaptured = true
        standardInput = Array((input ?? "").utf8)
    }

    public var output: String { String(decoding: captured.withLock { $0.out }, as: UTF8.self) }
    public var errors: String { String(decoding: captured.withLock { $0.err }, as: UTF8.self) }

    func out(_ bytes: [UInt8]) {
        guard isCaptured else { return FileHandle.standardOutput.write(Data(bytes)) }
        captured.withLock { $0.out += bytes }
    }

    func err(_ bytes: [UInt8]) {
        guard isCaptured else { return FileHandle.standardError.write(Data(bytes)) }
        captured.withLock { $0.err += bytes }
    }

    func out(_ text: String) { out(Array(text.utf8)) }
    func err(_ text: String) { err(Array(text.utf8)) }

    /// Standard input, whole.
    func input() -> [UInt8] { standardInput ?? Array(FileHandle.standardInput.readDataToEndOfFile()) }
}

/// One line of output.
func say(_ text: String = "") { Console.current.out(text + "\n") }
