import ParityCommands
import ParityTestSupport

/// Runs `parity` with these arguments in this process, its streams captured.
func runParity(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async -> Tool.Run {
    let console = Console(capturing: input, environment: environment)
    let status = await Console.$current.withValue(console) { await Parity.execute(arguments) }
    return Tool.Run(status: status, out: console.output, err: console.errors)
}
