import ParityCore
import Testing

/// Small frameworks built in memory: the set-level checks need no files.
enum Sample {
    static func framework(
        _ id: String, levels: Int = 3, bridges: [Bridge] = [], kind: Framework.Kind = .national
    ) -> Framework {
        Framework(
            id: id, name: id.uppercased(), kind: kind, scope: .countries(["IE"]), version: "1", date: "2026-01-01",
            levels: (1...levels).map { Level(id: "\($0)", order: $0, name: "Level \($0)", location: at(10 + $0)) },
            bridges: bridges, location: at(1))
    }

    static func bridge(
        _ from: String, _ level: String, to framework: String, _ target: String?, line: Int = 40
    ) -> Bridge {
        Bridge(
            from: LevelReference(framework: from, level: level),
            target: target.map { .level(LevelReference(framework: framework, level: $0)) }
                ?? .noAgreedLevel(framework: framework),
            kind: .referencing, provenance: Provenance(status: .confirmed, source: "test"), location: at(line))
    }

    static func at(_ line: Int) -> SourcePosition { SourcePosition(file: "f.xml", line: line, column: 3) }

    static func document(_ f: Framework, file: String = "f.xml") -> SourceDocument {
        SourceDocument(file: file, contentHash: String(repeating: "0", count: 64), content: .framework(f))
    }

    static func issues(_ frameworks: [Framework]) -> [SemanticIssue] {
        do {
            _ = try FrameworkSet(documents: frameworks.map { document($0) })
            return []
        } catch {
            return error.issues
        }
    }
}

@Suite struct FrameworkSetTests {
    @Test func aConsistentSetBuildsWithItsVersionsSortedById() throws {
        let set = try FrameworkSet(documents: [
            Sample.document(Sample.framework("ie-nfq", bridges: [Sample.bridge("ie-nfq", "3", to: "eqf", "2")])),
            Sample.document(Sample.framework("eqf", kind: .meta)),
        ])
        #expect(set.versions.map(\.id) == ["eqf", "ie-nfq"])
        #expect(set.frameworks(forCountry: "IE").map(\.id) == ["eqf", "ie-nfq"])
    }

    @Test func aBridgeToAnUnknownFrameworkIsRejectedWithItsLine() {
        let issues = Sample.issues([
            Sample.framework("a", bridges: [Sample.bridge("a", "1", to: "nowhere", "1", line: 42)])
        ])
        #expect(issues.count == 1)
        #expect(issues.first?.description.hasPrefix("f.xml:42:3: ") == true)
        #expect(issues.first?.message.contains("unknown framework 'nowhere'") == true)
    }

    @Test func aBridgeToAnUnknownLevelNamesTheKnownLevels() {
        let issues = Sample.issues([
            Sample.framework("a", bridges: [Sample.bridge("a", "1", to: "b", "9")]), Sample.framework("b"),
        ])
        #expect(
            issues.map(\.message) == [
                "bridge from 'a' level '1' points to level '9' of 'b', which has no such level (levels: 1, 2, 3)"
            ])
    }

    @Test func aBridgeFromALevelTheFrameworkLacksIsRejected() {
        let issues = Sample.issues([
            Sample.framework("a", bridges: [Sample.bridge("a", "7", to: "b", "1")]), Sample.framework("b"),
        ])
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("has no such level") == true)
    }

    @Test func aFrameworkBridgedToItselfIsRejected() {
        let issues = Sample.issues([Sample.framework("a", bridges: [Sample.bridge("a", "1", to: "a", "2")])])
        #expect(
            issues.map(\.message) == [
                "bridge from 'a' level '1' points to its own framework; a bridge links two different frameworks"
            ])
    }

    @Test func aLevelListedTwiceIsRejected() {
        var f = Sample.framework("a")
        f.levels.append(Level(id: "2", order: 9, name: "again", location: Sample.at(30)))
        let issues = Sample.issues([f])
        #expect(issues.count == 1)
        #expect(issues.first?.location.line == 30)
        #expect(issues.first?.message.contains("lists level '2' twice") == true)
    }

    @Test func twoLevelsWithTheSameOrderAreRejected() {
        var f = Sample.framework("a")
        f.levels.append(Level(id: "4", order: 3, name: "dup", location: Sample.at(31)))
        #expect(Sample.issues([f]).first?.message.contains("order 3, already used by level '3'") == true)
    }

    @Test func twoDocumentsWithTheSameIdAreRejected() {
        #expect(
            Sample.issues([Sample.framework("a"), Sample.framework("a")]).first?.message.contains("already used")
                == true)
    }

    @Test func aDuplicateBridgeIsRejected() {
        let b = Sample.bridge("a", "1", to: "b", "1")
        #expect(
            Sample.issues([Sample.framework("a", bridges: [b, b]), Sample.framework("b")]).map(\.message)
                == ["bridge from 'a' level '1' to 'b' level '1' is listed twice"])
    }

    @Test func noAgreedLevelAndALevelForTheSameTargetContradictEachOther() {
        let issues = Sample.issues([
            Sample.framework(
                "a", bridges: [Sample.bridge("a", "2", to: "b", nil), Sample.bridge("a", "2", to: "b", "2")]),
            Sample.framework("b"),
        ])
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("no agreed level") == true)
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let issues = Sample.issues([
            Sample.framework(
                "a", bridges: [Sample.bridge("a", "1", to: "a", "1"), Sample.bridge("a", "1", to: "x", "1")])
        ])
        #expect(issues.count == 2)
    }

    @Test func legacyLabelsFindEveryLevelThatCarriesThem() {
        var f = Sample.framework("fr", levels: 8)
        f.levels[6].legacyLabels = ["I"]
        f.levels[7].legacyLabels = ["I"]
        #expect(f.levels(withLegacyLabel: "I").map(\.id) == ["7", "8"])
    }
}
