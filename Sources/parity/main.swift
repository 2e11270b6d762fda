// parity: the operator's command line. The commands live in ParityCommands (tested in process).
import Glibc
import ParityCommands

exit(await Parity.execute(Array(CommandLine.arguments.dropFirst())))
