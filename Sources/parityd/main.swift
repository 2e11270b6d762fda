// parityd: the Parity daemon. Flags, configuration lookup, logging, then the service group.
import Foundation
import Glibc
import Logging
import ParityService
import ServiceLifecycle

let usage = """
    usage: parityd [--config FILE]
      Runs the Parity daemon. Without --config it reads $PARITY_CONFIG, then /etc/parity/parity.toml.
    """

var explicitConfig: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--config":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("parityd: --config needs a FILE\n\(usage)\n".utf8)); exit(64)
        }
        explicitConfig = value
    case "-h", "--help":
        print(usage); exit(0)
    default:
        FileHandle.standardError.write(Data("parityd: unknown argument '\(argument)'\n\(usage)\n".utf8)); exit(64)
    }
}

let environment = ProcessInfo.processInfo.environment
let configurationFile = ParityConfiguration.locate(explicit: explicitConfig, environment: environment)
let configuration: ParityConfiguration
do {
    configuration = try ParityConfiguration.load(file: configurationFile)
} catch {
    LoggingSystem.bootstrap { KeyValueLogHandler(label: $0, level: .info) }
    Logger(label: "parityd").critical("cannot start", metadata: ["problem": "\(error)"])
    exit(78)
}
let level = configuration.daemon.logLevel.loggerLevel
LoggingSystem.bootstrap { KeyValueLogHandler(label: $0, level: level) }
let logger = Logger(label: "parityd")

do {
    let (group, _) = try makeServiceGroup(configuration: configuration, environment: environment, logger: logger)
    try await group.run()
} catch let error as DaemonStartupError {
    for line in error.lines { logger.critical("cannot start", metadata: ["problem": "\(line)"]) }
    exit(error.exitCode)
} catch let error as NodeFenced {
    // Its messages are another node's now: nothing it does may land. systemd starts it again.
    logger.critical("stopped: fenced", metadata: ["problem": "\(error)"])
    exit(NodeFenced.exitCode)
} catch {
    logger.critical("stopped on error", metadata: ["error": "\(error)"])
    exit(1)
}
