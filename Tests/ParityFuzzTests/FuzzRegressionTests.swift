import Foundation
import ParityFuzzTargets
import ParityTestSupport
import Testing

/// Every input the fuzzers ever crashed on (`Tests/Fuzz/crashes/<target>-*`, kept by
/// `make fuzz`) is replayed on the same decoders in every test run: it must be handled (a
/// clear error or a result), never crash the process again. `Tests/Fuzz/regressions/<target>/`
/// holds inputs the fuzzers reached new code with (from one 600-second run, which crashed
/// nothing): each is replayed too, so the odd paths they found stay exercised.
@Suite struct FuzzRegressionTests {
    static let fuzz = Repo.root.appendingPathComponent("Tests/Fuzz").path

    static var inputs: [(target: String, file: String)] {
        var found: [(String, String)] = []
        let crashes = fuzz + "/crashes"
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: crashes)) ?? []).sorted() {
            guard let target = FuzzTargets.names.first(where: { name.hasPrefix($0 + "-") }) else { continue }
            found.append((target, crashes + "/" + name))
        }
        for target in FuzzTargets.names {
            let dir = fuzz + "/regressions/" + target
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
                found.append((target, dir + "/" + name))
            }
        }
        return found
    }

    @Test func everyTargetNamedByTheHarnessesExists() {
        for target in FuzzTargets.names { #expect(FuzzTargets.run(target, []), "\(target)") }
        #expect(!FuzzTargets.run("no-such-target", []))
    }

    @Test func everyKeptInputIsHandled() throws {
        #expect(Self.inputs.count >= FuzzTargets.names.count, "every target has kept inputs")
        for (target, file) in Self.inputs {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(FuzzTargets.run(target, bytes), "\(file)")
        }
    }
}
