// parityd: the Parity daemon. Flags, configuration lookup, logging, then the service group.
import Foundation
import Glibc
import Logging
import ParityService

let usage = """
    usage: parityd [--config FILE]
      Runs the Parity daemon. Without --config it reads $PARITY_CONFIG, then /etc/parity/parity.toml.
    """

var explicitConfig: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--config":
        guard let value = arguments.popFirst() else { FileHandle.standardError.write(Data("parityd: --config needs a FILE\n\(usage)\n".utf8)); exit(64) }
        explicitConfig = value
    case "-h", "--help":
        print(usage); exit(0)
    default:
        FileHandle.standardError.write(Data("parityd: unknown argument '\(argument)'\n\(usage)\n".utf8)); exit(64)
    }
}

let environment = ProcessInfo.processInfo.environment
let configurationFile = ParityConfiguration.locate(explicit: explicitConfig, environment: environment)
let level: Logger.Level = {
    guard let configuration = try? ParityConfiguration.load(file: configurationFile) else { return .info }
    switch configuration.daemon.logLevel {
    case .debug: return .debug
    case .info: return .info
    case .notice: return .notice
    case .warning: return .warning
    case .error: return .error
    }
}()
LoggingSystem.bootstrap { KeyValueLogHandler(label: $0, level: level) }
let logger = Logger(label: "parityd")

do {
    let (group, _) = try makeServiceGroup(configurationFile: configurationFile, environment: environment, logger: logger)
    try await group.run()
} catch let error as DaemonStartupError {
    for line in error.lines { logger.critical("cannot start", metadata: ["problem": "\(line)"]) }
    exit(error.exitCode)
} catch {
    logger.critical("stopped on error", metadata: ["error": "\(error)"])
    exit(1)
}
