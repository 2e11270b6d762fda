// parity-bench: workloads for `make bench`. Each subcommand prints figures; scripts/bench.sh
// runs the peers (xmllint) in the same run and puts them side by side.
import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import ParityXML

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("parity-bench: \(message)\n".utf8))
    exit(64)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    fail("usage: parity-bench load-shipped DIR XSD [RUNS] | generate FILE MEGABYTES | import FILE XSD")
}

switch command {
case "load-shipped":
    guard arguments.count >= 3 else { fail("usage: parity-bench load-shipped DIR XSD [RUNS]") }
    let runs = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    let directory = FrameworkDirectory(path: arguments[1], schemaPath: arguments[2])
    var times: [Double] = []
    var documents = 0
    for _ in 0..<runs {
        times.append(
            seconds {
                do { documents = try directory.load().versions.count } catch { fail("\(error)") }
            })
    }
    times.sort()
    print(
        String(
            format: "load shipped set: %d documents, median %.1f ms, best %.1f ms over %d runs",
            documents, times[times.count / 2] * 1000, times[0] * 1000, runs))

case "generate":
    guard arguments.count == 3, let megabytes = Int(arguments[2]) else {
        fail("usage: parity-bench generate FILE MEGABYTES")
    }
    try FrameworkGenerator(targetBytes: megabytes << 20).write(to: arguments[1])

case "import":
    guard arguments.count == 3 else { fail("usage: parity-bench import FILE XSD") }
    var summary = ""
    let time = seconds {
        let schema: FrameworkSchema
        do { schema = try FrameworkSchema(path: arguments[2]) } catch { fail("\(error)") }
        do {
            let document = try FrameworkDocumentReader.read(file: arguments[1], schema: schema)
            guard case .framework(let f) = document.content else { fail("not a framework document") }
            let types = f.levels.reduce(0) { $0 + $1.qualificationTypes.count }
            summary =
                "\(f.levels.count) levels, \(types) qualification types, sha256 \(document.contentHash.prefix(12))"
        } catch { fail("\(error)") }
    }
    print(String(format: "import: %.3f s (%@)", time, summary))

case "generate-batch":
    guard arguments.count == 5, let count = Int(arguments[2]) else {
        fail("usage: parity-bench generate-batch FILE COUNT FRAMEWORKS-DIR XSD")
    }
    let set: FrameworkSet
    do { set = try FrameworkDirectory(path: arguments[3], schemaPath: arguments[4]).load() } catch { fail("\(error)") }
    let batch = BatchWorkload.generate(set: set, count: count, destination: "DE")
    do { try MessageCodec.encode(batch, pretty: false).write(to: URL(fileURLWithPath: arguments[1])) } catch {
        fail("\(error)")
    }
    print("generated \(arguments[1]): \(count) credentials, \(batch.people.count) people")

case "batch":
    // End to end on one core: decode the message, recognise every credential, encode the result.
    guard arguments.count == 4 else { fail("usage: parity-bench batch FILE FRAMEWORKS-DIR XSD") }
    let set: FrameworkSet
    do { set = try FrameworkDirectory(path: arguments[2], schemaPath: arguments[3]).load() } catch { fail("\(error)") }
    guard let data = FileManager.default.contents(atPath: arguments[1]) else { fail("cannot read \(arguments[1])") }
    let engine = RecognitionEngine(set: set)
    var decoded: BatchDecoder.Decoded?
    var result: BatchResult?
    var bytes = 0
    let decode = seconds { decoded = try? BatchDecoder.json(data, source: arguments[1], documents: DocumentReader()) }
    guard let decoded else { fail("the batch does not decode") }
    let match = seconds { result = try? engine.recognise(decoded.batch, rejected: decoded.rejected) }
    guard let result else { fail("the batch does not match") }
    // Encoded in 1 MiB pieces, as the daemon streams a result file: bytes produced, as the
    // decode starts from bytes in memory (file I/O is measured by the spool benchmark).
    var last: UInt8 = 0
    let encode = seconds {
        ResultJSON.encode(result) { piece in
            bytes += piece.count
            last = piece.last ?? last
        }
    }
    guard last == UInt8(ascii: "}") else { fail("the batch result does not end its JSON object") }
    let total = decode + match + encode
    print(
        String(
            format:
                "batch: %d credentials: decode %.2f s, match %.2f s, encode %.2f s (%d MB of JSON); %.0f credentials/s end to end",
            result.results.count, decode, match, encode, bytes >> 20, Double(result.results.count) / total))

case "pool":
    guard arguments.count >= 5, let count = Int(arguments[1]) else {
        fail("usage: parity-bench pool CANDIDATES ESCO-DIR FRAMEWORKS-DIR XSD [QUERIES [no-peer]]")
    }
    do {
        let set = try FrameworkDirectory(path: arguments[3], schemaPath: arguments[4]).load()
        try PoolBenchmark.run(
            count: count, esco: arguments[2], frameworks: set,
            queries: arguments.count > 5 ? Int(arguments[5]) ?? 200 : 200,
            peer: !(arguments.count > 6 && arguments[6] == "no-peer"))
    } catch { fail("\(error)") }

case "elmo":
    guard arguments.count >= 4, let count = Int(arguments[3]) else {
        fail("usage: parity-bench elmo FILE ELMO-SCHEMA COUNT")
    }
    do { try ElmoBenchmark.run(file: arguments[1], schema: arguments[2], count: count) } catch { fail("\(error)") }

case "letters":
    guard arguments.count >= 5, let count = Int(arguments[1]) else {
        fail("usage: parity-bench letters COUNT FRAMEWORKS-DIR XSD KEY-DIR")
    }
    do {
        try LetterBenchmark.run(
            count: count, frameworks: try FrameworkDirectory(path: arguments[2], schemaPath: arguments[3]).load(),
            keys: arguments[4])
    } catch { fail("\(error)") }

case "seals":
    guard arguments.count >= 3, let budget = Double(arguments[1]) else {
        fail("usage: parity-bench seals SECONDS-PER-FILE FILE...")
    }
    SignatureBenchmark.run(files: Array(arguments.dropFirst(2)), seconds: budget)
case "spool":
    guard arguments.count >= 5 else {
        fail("usage: parity-bench spool PARITYD FRAMEWORKS-DIR XSD WORKDIR [QUIET-SECONDS [MESSAGES]]")
    }
    do {
        try await SpoolBenchmark.run(
            parityd: arguments[1], frameworks: arguments[2], schema: arguments[3], work: arguments[4],
            quietSeconds: arguments.count > 5 ? Int(arguments[5]) ?? 60 : 60,
            messages: arguments.count > 6 ? Int(arguments[6]) ?? 100_000 : 100_000)
    } catch { fail("\(error)") }

case "nodes":
    guard arguments.count >= 5 else { fail("usage: parity-bench nodes PARITYD FRAMEWORKS-DIR XSD WORKDIR [MESSAGES]") }
    do {
        try await NodesBenchmark.run(
            parityd: arguments[1], frameworks: arguments[2], schema: arguments[3], work: arguments[4],
            messages: arguments.count > 5 ? Int(arguments[5]) ?? 10_000 : 10_000)
    } catch { fail("\(error)") }

case "ready":
    guard arguments.count >= 5 else {
        fail("usage: parity-bench ready PARITYD FRAMEWORKS-DIR XSD WORKDIR [PEOPLE]")
    }
    do {
        try await ReadyBenchmark.run(
            parityd: arguments[1], frameworks: arguments[2], schema: arguments[3], work: arguments[4],
            people: arguments.count > 5 ? Int(arguments[5]) ?? 1_000_000 : 1_000_000,
            set: try FrameworkDirectory(path: arguments[2], schemaPath: arguments[3]).load())
    } catch { fail("\(error)") }

default:
    fail("unknown command \(command)")
}
