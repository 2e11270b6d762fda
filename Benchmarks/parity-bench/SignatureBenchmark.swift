import Foundation
import ParityCore
import ParitySignatures
import ParityXML

/// Seals verified in process, one core: each file's whole check (JWS form, headers, the RSA
/// signature, the certificate, the timestamps' imprints; for XML, libxmlsec1 and the XAdES
/// properties) repeated for about `seconds`, and the rate printed.
enum SignatureBenchmark {
    static func run(files: [String], seconds budget: Double) {
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            let bytes = Array(data)
            let xml = file.hasSuffix(".xml")
            let once: () -> Authenticity.Verdict? = {
                if xml {
                    guard let tree = try? XMLTree(bytes: bytes, file: file) else { return nil }
                    return XMLSealVerifier.verify(bytes, tree: tree)?.verdict
                }
                return JAdESVerifier.verify(bytes)?.authenticity.verdict
            }
            guard let verdict = once() else { fail("\(file): no seal") }
            var count = 0
            let elapsed = seconds {
                let start = ContinuousClock.now
                while ContinuousClock.now - start < .milliseconds(Int(budget * 1000)) {
                    _ = once()
                    count += 1
                }
            }
            let name = (file as NSString).lastPathComponent
            let padded = name.padding(toLength: max(name.count, 46), withPad: " ", startingAt: 0)
            print(
                padded
                    + String(
                        format: " %8.0f verifications/s  %7.3f ms each  (%@, %d bytes)", Double(count) / elapsed,
                        elapsed * 1000 / Double(count), verdict.rawValue as NSString, bytes.count))
        }
    }
}
