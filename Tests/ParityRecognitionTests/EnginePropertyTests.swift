import Foundation
import ParityCore
import ParityMessages
import ParityTestSupport
import Testing

/// Random credentials: real countries and levels mixed with junk, every optional field on or off.
enum RandomCredential {
    static let countries = [
        "IE", "DE", "FR", "GB-ENG", "GB-SCT", "GB-WLS", "AU", "NZ", "HK", "PH", "MY", "ID", "ZA", "KE", "BD", "IN",
        "ZZ", "", "GB",
    ]
    static let junk = [
        "", " ", "0", "99", "-1", "entry-9", "I", "V", "\u{0}", "ñ", "level 8", String(repeating: "x", count: 300),
    ]

    static func make(_ g: inout SeededGenerator, set: FrameworkSet) -> Credential {
        let country = countries.randomElement(using: &g) ?? "IE"
        let framework = Bool.random(using: &g) ? nil : set.sortedFrameworks.randomElement(using: &g)
        let levels = (framework ?? set.frameworks(forCountry: country).first)?.levels.map(\.id) ?? []
        let level: String? =
            switch Int.random(in: 0..<4, using: &g) {
            case 0: nil
            case 1: junk.randomElement(using: &g)
            default: levels.randomElement(using: &g)
            }
        return Credential(
            title: ["Bachelor", "Honours Bachelor Degree", "Masters Degree", "Certificate III", "", "Meister"]
                .randomElement(using: &g) ?? "",
            country: country, framework: framework?.id, level: level,
            isced: Bool.random(using: &g)
                ? .init(
                    level: Int.random(in: -1...9, using: &g),
                    field: ["0913", "0612", "9999", ""].randomElement(using: &g)) : nil,
            occupation: [
                "2221", "2512", "22", "", nil,
                "http://data.europa.eu/esco/occupation/0464b062-cea6-4164-b10d-956c61956ae7",
            ].randomElement(using: &g) ?? nil,
            skills: Bool.random(using: &g)
                ? ["Haskell", "http://data.europa.eu/esco/skill/f9a6f35b-01a7-40c9-8b61-b6ee46f97272", "nonsense"] : [],
            credits: Bool.random(using: &g)
                ? .init(system: "ECTS", value: Double(Int.random(in: -10...400, using: &g))) : nil,
            durationYears: Bool.random(using: &g) ? Double.random(in: 0...6, using: &g) : nil,
            mode: Credential.Mode.allCases.randomElement(using: &g) ?? .formal,
            evidence: Bool.random(using: &g) ? Credential.Evidence.allCases.randomElement(using: &g) : nil)
    }

    static func destination(_ g: inout SeededGenerator, set: FrameworkSet) -> String {
        (["DE", "GB", "GB-SCT", "HK", "MY", "eqf", "aqrf", "ZA"] + set.sortedFrameworks.map(\.id)).randomElement(
            using: &g) ?? "DE"
    }
}

@Suite struct EnginePropertyTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func noInputCrashesAndEveryNumberStaysWithinZeroAndOne(seed: UInt64) throws {
        var g = SeededGenerator(state: seed)
        for _ in 0..<500 {
            let credential = RandomCredential.make(&g, set: Shipped.set)
            let destination = RandomCredential.destination(&g, set: Shipped.set)
            guard let r = try? Shipped.engine.recognise(credential, destination: destination) else { continue }
            for e in r.equivalents {
                #expect((0...1).contains(e.score), "seed \(seed): \(credential) -> \(destination)")
                #expect((0...1).contains(e.confidence))
                for c in e.components { #expect((0...1).contains(c.value)) }
                if r.outcome == .comparable { #expect(r.equivalents.first?.confirmed == true) }
            }
            if r.outcome == .noMapping || r.outcome == .insufficientInformation { #expect(r.equivalents.isEmpty) }
        }
    }

    @Test func resultsAreByteIdenticalAcrossRunsAndEngines() throws {
        var g = SeededGenerator(state: 42)
        let other = RecognitionEngine(set: Shipped.set)
        for _ in 0..<200 {
            let credential = RandomCredential.make(&g, set: Shipped.set)
            let destination = RandomCredential.destination(&g, set: Shipped.set)
            guard let a = try? Shipped.engine.recognise(credential, destination: destination),
                let b = try? other.recognise(credential, destination: destination)
            else { continue }
            #expect(ResultJSON.encode(a) == ResultJSON.encode(b))
        }
    }

    /// Adding a confirmed bridge between two random levels never lowers a result's best
    /// confidence, and never turns a comparable result into something weaker.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func addingAConfirmedBridgeNeverLowersConfidence(seed: UInt64) throws {
        var g = SeededGenerator(state: seed)
        let documents = Shipped.set.frameworks.values.map { f in
            SourceDocument(file: f.id, contentHash: String(repeating: "0", count: 64), content: .framework(f))
        }
        for _ in 0..<40 {
            let frameworks = Shipped.set.sortedFrameworks
            guard let a = frameworks.randomElement(using: &g), let b = frameworks.randomElement(using: &g),
                a.id != b.id,
                let la = a.levels.randomElement(using: &g), let lb = b.levels.randomElement(using: &g)
            else { continue }
            let bridge = Bridge(
                from: LevelReference(framework: a.id, level: la.id),
                target: .level(LevelReference(framework: b.id, level: lb.id)),
                kind: .referencing, provenance: Provenance(status: .confirmed, source: "property test"))
            var extended = documents
            if let index = extended.firstIndex(where: { $0.id == a.id }),
                case .framework(var f) = extended[index].content
            {
                if f.bridges.contains(where: { $0.from == bridge.from && $0.target.framework == b.id }) { continue }
                f.bridges.append(bridge)
                extended[index].content = .framework(f)
            }
            guard let bigger = try? FrameworkSet(documents: extended) else { continue }
            let before = RecognitionEngine(set: try FrameworkSet(documents: documents))
            let after = RecognitionEngine(set: bigger)
            for _ in 0..<20 {
                let credential = RandomCredential.make(&g, set: Shipped.set)
                let destination = RandomCredential.destination(&g, set: Shipped.set)
                guard let r0 = try? before.recognise(credential, destination: destination),
                    let r1 = try? after.recognise(credential, destination: destination)
                else { continue }
                let c0 = r0.equivalents.map(\.confidence).max() ?? 0
                let c1 = r1.equivalents.map(\.confidence).max() ?? 0
                #expect(
                    c1 >= c0, "seed \(seed): bridge \(bridge.from) -> \(lb.id)@\(b.id), \(credential) -> \(destination)"
                )
                if r0.outcome == .comparable { #expect([.comparable, .comparableWithConditions].contains(r1.outcome)) }
            }
        }
    }
}
