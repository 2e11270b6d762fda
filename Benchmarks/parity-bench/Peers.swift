import Foundation
import ParityCore

/// The peers' view of candidates and jobs: skills and ISCO groups as tokens, the same for
/// SQLite FTS5 and Tantivy (a skill is `s` and its ESCO id's hex digits, an ISCO group
/// `i` and its 2-, 3- and 4-digit prefixes, so a peer can reward a near occupation as Parity does).
enum PeerTerms {
    static func skill(_ uri: String) -> String { "s" + uri.suffix(36).replacingOccurrences(of: "-", with: "") }

    static func isco(_ codes: some Sequence<String>) -> [String] {
        codes.flatMap { code in (2...4).map { "i" + code.prefix($0) } }
    }

    static func of(_ candidate: Candidate) -> [String] {
        candidate.profile.skills.map(skill) + isco(candidate.profile.occupations)
    }

    static func of(_ job: JobOpening) -> [String] { job.skills.map(skill) + isco(job.occupations) }
}

/// Tantivy (Rust, Lucene-class, BM25 with block-max WAND), run by Benchmarks/peers/tantivy_peer.py
/// in a Python process of its own on the same candidates and queries. `make bench` installs it
/// into a virtual environment under .build and names it in TANTIVY_PYTHON.
enum TantivyPeer {
    struct Result {
        var build: Double
        var rssAfterBuildKB: Int
        var peakKB: Int
        /// Per pass: each query's milliseconds and ids, best first.
        var passes: [[(ms: Double, ids: [Int])]]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var python: String? { ProcessInfo.processInfo.environment["TANTIVY_PYTHON"] }

    static func run(
        python: String, pool: CandidatePool, count: Int, jobs: [JobOpening], top: Int, work: URL
    ) throws -> Result {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let corpus = work.appendingPathComponent("tantivy-corpus.txt")
        let queries = work.appendingPathComponent("tantivy-queries.txt")
        let output = work.appendingPathComponent("tantivy-out.txt")
        // Written in blocks, so the corpus never sits in this process's memory whole.
        FileManager.default.createFile(atPath: corpus.path, contents: nil)
        let out = try FileHandle(forWritingTo: corpus)
        var block = ""
        for i in 0..<count {  // slot i holds the i-th generated candidate
            block += PeerTerms.of(pool.candidate(Int32(i))).joined(separator: " ")
            block += "\n"
            if block.utf8.count > 1 << 20 || i == count - 1 {
                try out.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        try out.close()
        try Data(jobs.map { PeerTerms.of($0).joined(separator: " ") + "\n" }.joined().utf8).write(to: queries)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../peers/tantivy_peer.py").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, corpus.path, queries.path, String(top), output.path]
        try process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: corpus)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(python) \(script) exited with status \(process.terminationStatus)")
        }
        return try parse(String(contentsOf: output, encoding: .utf8), queries: jobs.count)
    }

    typealias Measured = (latencies: [Double], precision: (all: [Double], ict: [Double]))

    /// Runs the peer on the pool's candidates and `jobs` (`picked[q]`: query q's occupation,
    /// `truth[slot]`: the candidate's), prints its figures beside Parity's best pass.
    static func compare(
        python: String, pool: CandidatePool, count: Int, jobs: [JobOpening], picked: [Int], truth: [Int32],
        ict: [Bool], parity: Measured
    ) throws {
        let tantivy = try run(
            python: python, pool: pool, count: count, jobs: jobs, top: 20, work: URL(fileURLWithPath: "var/bench"))
        let passes: [Measured] = tantivy.passes.map { pass in
            var precision: (all: [Double], ict: [Double]) = ([], [])
            for (answer, o) in zip(pass, picked) {
                let hits = Double(answer.ids.prefix(10).filter { truth[$0] == Int32(o) }.count) / 10
                precision.all.append(hits)
                if ict[o] { precision.ict.append(hits) }
            }
            return (pass.map(\.ms), precision)
        }
        let p50s = passes.map { PoolBenchmark.percentile($0.latencies, 0.5) }
        let best = passes[p50s.indices.min { p50s[$0] < p50s[$1] } ?? 0]
        print(
            String(
                format:
                    "Tantivy index built in %.2f s (in RAM, terms with frequencies); RSS %d MB after building, peak %d MB",
                tantivy.build, tantivy.rssAfterBuildKB / 1024, tantivy.peakKB / 1024))
        PoolBenchmark.report(
            "Tantivy 0.27 BM25, block-max WAND (ids only, no explanations, top 20)", best.latencies, best.precision,
            passes: p50s)
        let (p50, p99) = (
            PoolBenchmark.percentile(parity.latencies, 0.5), PoolBenchmark.percentile(parity.latencies, 0.99)
        )
        let (tp50, tp99) = (
            PoolBenchmark.percentile(best.latencies, 0.5), PoolBenchmark.percentile(best.latencies, 0.99)
        )
        let (ours, theirs) = (PoolBenchmark.mean(parity.precision.all), PoolBenchmark.mean(best.precision.all))
        print(
            String(
                format:
                    "parity against Tantivy: p50 %.2f against %.2f ms (Tantivy/parity %.2fx), p99 %.2f against %.2f ms (%.2fx), precision@10 %.3f against %.3f (target: faster at both, precision at least Tantivy's): %@",
                p50, tp50, tp50 / p50, p99, tp99, tp99 / p99, ours, theirs,
                p50 < tp50 && p99 < tp99 && ours >= theirs ? "met" : "NOT MET"))
    }

    static func parse(_ text: String, queries: Int) throws -> Result {
        var result = Result(build: 0, rssAfterBuildKB: 0, peakKB: 0, passes: [])
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let first = fields.first else { continue }
            switch first {
            case "build":
                guard fields.count == 3, let b = Double(fields[1]), let r = Int(fields[2]) else {
                    throw Failure(description: "tantivy peer: bad build line '\(line)'")
                }
                result.build = b
                result.rssAfterBuildKB = r
            case "peak":
                result.peakKB = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            default:
                guard fields.count >= 3, let pass = Int(fields[0]), let ms = Double(fields[2]) else {
                    throw Failure(description: "tantivy peer: bad result line '\(line)'")
                }
                while result.passes.count <= pass { result.passes.append([]) }
                result.passes[pass].append((ms, fields.dropFirst(3).compactMap { Int($0) }))
            }
        }
        guard !result.passes.isEmpty, result.passes.allSatisfy({ $0.count == queries }) else {
            throw Failure(description: "tantivy peer: expected \(queries) answers per pass")
        }
        return result
    }
}
