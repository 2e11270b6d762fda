import Foundation
import ParitySpool
import ParityTestSupport
import Testing

@testable import ParityService

@Suite struct MetricsFileTests {
    @Test func theTextFormatHasHelpTypeAndCumulativeBuckets() throws {
        let stats = ProcessingStats()
        stats.processed(kind: "credential-batch", seconds: 0.002)
        stats.processed(kind: "credential-batch", seconds: 0.2)
        stats.rejected(code: "not-json")
        let text = MetricsFile(path: "/unused").render(
            stats.snapshot,
            depths: [.incoming: .init(count: 3, oldestAge: 12.5), .done: .init(count: 7, oldestAge: 0)], frameworks: 21)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("parity_queue_messages{state=\"incoming\"} 3"))
        #expect(lines.contains("parity_queue_messages{state=\"done\"} 7"))
        #expect(lines.contains("parity_queue_oldest_age_seconds{state=\"incoming\"} 12.5"))
        #expect(lines.contains("parity_messages_processed_total{kind=\"credential-batch\"} 2"))
        #expect(lines.contains("parity_messages_rejected_total{reason=\"not-json\"} 1"))
        #expect(lines.contains("parity_message_processing_seconds_bucket{le=\"0.001\"} 0"))
        #expect(lines.contains("parity_message_processing_seconds_bucket{le=\"0.005\"} 1"))
        #expect(lines.contains("parity_message_processing_seconds_bucket{le=\"+Inf\"} 2"))
        #expect(lines.contains("parity_message_processing_seconds_count 2"))
        // Every sample belongs to a metric declared with HELP and TYPE just before.
        var declared: Set<String> = []
        for line in lines {
            if line.hasPrefix("# TYPE ") { declared.insert(String(line.split(separator: " ")[2])) }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let base = ["_bucket", "_sum", "_count"].reduce(name) {
                $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0
            }
            #expect(declared.contains(base), "\(line)")
        }
    }

    @Test func theFileIsReplacedWhole() throws {
        let dir = TempDirectory()
        let file = MetricsFile(path: dir.path + "/metrics/parity.prom")
        try file.write("a 1\n")
        try file.write("b 2\n")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "b 2\n")
    }
}
