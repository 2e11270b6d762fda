import Foundation

/// An outside program run to the end, as tests use poppler, zbarimg, chromium and the
/// project's own executables: its status and what it printed.
public enum Tool {
    public struct Run: Sendable {
        public var status: Int32
        public var out: String
        public var err: String

        public init(status: Int32, out: String, err: String) { self.status = status; self.out = out; self.err = err }
    }

    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Both pipes drained at once: a tool that fills one while we wait on the other would stall.
        nonisolated(unsafe) var stderr = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, out: String(decoding: stdout, as: UTF8.self),
            err: String(decoding: stderr, as: UTF8.self))
    }
}
