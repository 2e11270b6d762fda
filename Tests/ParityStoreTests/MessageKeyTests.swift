import ParityStore
import Testing

/// A result's name carries its message's scope and id (issue 23): unique across services,
/// readable, never hidden, and short enough for the file system with the writer's prefix.
@Suite struct MessageKeyTests {
    @Test func aResultNameIsTheScopeAndTheIdAndGivesTheIdBack() {
        let key = MessageKey(scope: "pes-de", id: "job.2026.1")
        #expect(key.resultName("json") == "pes-de~job.2026.1.json")
        #expect(MessageKey.id(ofResultName: "pes-de~job.2026.1.json") == "job.2026.1")
        #expect(MessageKey.id(ofResultName: "job.2026.1.json") == "job.2026.1", "a name from before scopes")
        #expect(MessageKey.id(ofResultName: "pes-de~.json") == nil)
    }

    @Test func scopesThatCouldCollideOrHideAreEscaped() {
        // A dotted scope and a dotted id cannot spell the same name as another split of them.
        let names = Set(
            [
                MessageKey(scope: "a.b", id: "c"), MessageKey(scope: "a", id: "b.c"), MessageKey(scope: "a~b", id: "c"),
                MessageKey(scope: "a", id: "b~c"), MessageKey(scope: "a%7Eb", id: "c"),
            ].map { $0.resultName("json") })
        #expect(names.count == 5)
        #expect(MessageKey(scope: ".hidden", id: "j").resultName("json") == "%2Ehidden~j.json")
        #expect(MessageKey(scope: "dom/ain users", id: "j").resultName("json") == "dom%2Fain%20users~j.json")
        #expect(MessageKey(scope: "Übung", id: "j").resultName("json") == "%C3%9Cbung~j.json")
    }

    @Test func aLongScopeIsShortenedByItsDigestSoTheLongestNameFits() {
        let long = String(repeating: "service-", count: 16)  // 128 bytes
        let other = String(repeating: "service-", count: 15) + "servicex"
        let id = String(repeating: "i", count: 128)
        let name = MessageKey(scope: long, id: id).resultName("json")
        #expect(name.utf8.count == MessageKey.longestScope + 1 + 128 + 5)
        #expect(name.hasPrefix("service-service"))
        #expect(name != MessageKey(scope: other, id: id).resultName("json"))
        // The writer's prefix in tmp: a 64-byte node name, the process id and the attempt.
        let tmp = String(repeating: "n", count: 64) + "+4194304-999999999999+" + name
        #expect(tmp.utf8.count <= 255)
    }
}
