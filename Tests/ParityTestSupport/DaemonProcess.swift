public import Foundation
import Glibc

/// parityd as a separate process, listened to as systemd would: tests and benchmarks wait on
/// its READY and STATUS messages, never on the clock.
public final class DaemonProcess {
    public let process = Process()
    public let listener: NotifyListener
    private let exited = DispatchSemaphore(value: 0)

    /// The counters of a STATUS line.
    public struct Status: Sendable {
        public var queue = 0, processed = 0, rejected = 0, duplicates = 0
        public var text: String
        public var handled: Int { processed + rejected + duplicates }

        public init?(_ message: String) {
            guard let range = message.range(of: "STATUS=") else { return nil }
            text = String(message[range.upperBound...])
            for field in text.split(separator: " ") {
                let parts = field.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int(parts[1]) else { continue }
                switch parts[0] {
                case "queue": queue = value
                case "processed": processed = value
                case "rejected": rejected = value
                case "duplicates": duplicates = value
                default: break
                }
            }
        }
    }

    /// Starts `binary` (by default the debug parityd of this checkout) with `config`.
    /// `log`, when given, is the file its standard error (the log) goes to. `launcher`, when
    /// given, is a command that execs the daemon (as `ip netns exec NAME` does): the process is still parityd.
    public init(
        config: String, listener: NotifyListener, binary: String = Repo.root.path + "/.build/debug/parityd",
        environment: [String: String] = [:],
        log: String? = nil, launcher: [String] = []
    ) throws {
        self.listener = listener
        process.executableURL = URL(fileURLWithPath: launcher.first ?? binary)
        process.arguments = launcher.dropFirst() + (launcher.isEmpty ? [] : [binary]) + ["--config", config]
        process.environment = ["NOTIFY_SOCKET": listener.path, "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        // Not the test's own output: a daemon left running would hold the runner's pipe open.
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        if let log { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        process.standardError = FileHandle(forWritingAtPath: log ?? "/dev/null")
        try process.run()
    }

    /// A daemon a failed test leaves behind is killed with the test's objects.
    deinit { if process.isRunning { kill9() } }

    /// The READY message's status; nil if the daemon never became ready.
    public func ready() async -> Status? {
        guard let messages = await listener.until("READY=1") else { return nil }
        return messages.last.flatMap(Status.init)
    }

    /// Waits for STATUS messages until one satisfies `done`; nil if the daemon fell silent.
    public func status(until done: (Status) -> Bool) async -> Status? {
        while let message = await listener.next() {
            if let status = Status(message), done(status) { return status }
        }
        return nil
    }

    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status; nil if it is still running `seconds` later (then it is killed).
    public func stop(within seconds: Double) -> Int32? {
        process.terminate()
        guard exited.wait(timeout: .now() + seconds) == .success else {
            kill9()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGTERM, then the exit status.
    public func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Runs the Python Maildir producer; returns (name, id) per delivered message.
public func produce(
    spool: String, count: Int, prefix: String, badEvery: Int = 0, credentials: Int = 1
) throws -> [(name: String, id: String)] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", Repo.root.path + "/scripts/maildir-producer.py", spool, "\(count)", "--prefix", prefix,
        "--bad-every", "\(badEvery)", "--credentials", "\(credentials)",
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
        let parts = line.split(separator: " ")
        return (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
    }
}
