public import ParityCore
import ParityJSON

/// Results written straight to JSON bytes: the same shape as their `Codable` encoding (keys
/// sorted, absent optionals left out), at the speed a 100,000-credential batch needs.
/// `ResultJSONTests` holds the two encodings equal.
public enum ResultJSON {
    public static func encode(_ batch: BatchResult) -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(batch.results.count * 2048 + 1024)
        encode(batch) { all.append(contentsOf: $0) }
        return all
    }

    /// The batch result handed to `sink` in pieces of about `chunk` bytes, in order: a large
    /// batch is written out without ever being whole in memory.
    public static func encode<E: Error>(
        _ batch: BatchResult, chunk: Int = 1 << 20, sink: ([UInt8]) throws(E) -> Void
    ) throws(E) {
        var w = JSONWriter(capacity: chunk + 64 * 1024)
        var memo = VersionsMemo()
        var failure: E?
        w.object { w in
            w.key("batch"); w.string(batch.batch)
            w.key("destination"); w.string(batch.destination)
            w.key("rejected");
            w.array(batch.rejected) { w, r in
                w.object { w in
                    w.key("field"); w.string(r.field)
                    w.key("location"); w.string(r.location)
                    w.key("message"); w.string(r.message)
                }
            }
            w.key("results");
            w.array(batch.results) { w, line in
                guard failure == nil else { return }
                w.object { w in
                    w.key("item"); w.string(line.item)
                    w.key("person"); w.string(line.person)
                    w.key("result"); write(line.result, to: &w, memo: &memo)
                    if let source = line.source { w.key("source"); EntryJSON.write(source, to: &w) }
                    w.key("title"); w.string(line.title)
                }
                if w.bytes.count >= chunk {
                    do throws(E) { try sink(w.bytes) } catch { failure = error }
                    w.clear()
                }
            }
            w.key("versions"); write(batch.versions, to: &w)
        }
        if let failure { throw failure }
        try sink(w.bytes)
    }

    public static func encode(_ result: EquivalenceResult) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        var memo = VersionsMemo()
        write(result, to: &w, memo: &memo)
        return w.bytes
    }

    /// Results on the same routes record the same data versions (a few hundred bytes each):
    /// those bytes are written once and copied while the versions stay the same.
    struct VersionsMemo {
        var versions: Versions?
        var bytes: [UInt8] = []

        mutating func write(_ v: Versions, to w: inout JSONWriter) {
            if v != versions {
                var own = JSONWriter(capacity: 1024)
                ResultJSON.write(v, to: &own)
                versions = v
                bytes = own.bytes
            }
            w.raw(bytes)
        }
    }

    static func write(_ r: EquivalenceResult, to w: inout JSONWriter, memo: inout VersionsMemo) {
        w.object { w in
            w.key("agreements");
            w.array(r.agreements) { w, a in
                w.object { w in
                    w.key("conditions"); w.strings(a.conditions)
                    w.key("id"); w.string(a.id)
                    w.key("name"); w.string(a.name)
                }
            }
            w.key("basis"); w.strings(r.basis)
            w.key("competentAuthorities");
            w.array(r.competentAuthorities) { w, a in
                w.object { w in
                    w.key("authority"); w.string(a.authority)
                    w.key("isco"); w.string(a.isco)
                    w.key("jurisdiction"); w.string(a.jurisdiction)
                    w.key("profession"); w.string(a.profession)
                    w.key("status"); w.string(a.status.rawValue)
                }
            }
            w.key("destination"); w.string(r.destination)
            w.key("equivalents"); w.array(r.equivalents) { w, e in write(e, to: &w) }
            if let origin = r.origin { w.key("origin"); write(origin, to: &w) }
            w.key("outcome"); w.string(r.outcome.rawValue)
            w.key("path"); w.array(r.path) { w, step in write(step, to: &w) }
            w.key("requirements"); w.array(r.requirements) { w, n in write(n, to: &w) }
            w.key("versions"); memo.write(r.versions, to: &w)
        }
    }

    static func write(_ e: Equivalent, to w: inout JSONWriter) {
        w.object { w in
            if let closest = e.closestQualification { w.key("closestQualification"); w.string(closest) }
            w.key("components"); w.array(e.components) { w, c in write(c, to: &w) }
            w.key("conditions"); w.array(e.conditions) { w, c in write(c, to: &w) }
            w.key("confidence"); w.number(e.confidence)
            w.key("confirmed"); w.bool(e.confirmed)
            w.key("framework"); w.string(e.framework)
            w.key("level"); w.string(e.level)
            w.key("levelName"); w.string(e.levelName)
            w.key("path"); w.array(e.path) { w, step in write(step, to: &w) }
            w.key("score"); w.number(e.score)
        }
    }

    /// A destination requirement, keys sorted (`where` for `place`).
    static func write(_ n: RequirementNote, to w: inout JSONWriter) {
        w.object { w in
            w.key("authority"); w.string(n.authority)
            if let v = n.check { w.key("check"); w.string(v) }
            w.key("id"); w.string(n.id)
            w.key("kind"); w.string(n.kind.rawValue)
            if let v = n.metBy { w.key("metBy"); w.string(v) }
            w.key("occupations"); w.strings(n.occupations)
            if let v = n.paidBy { w.key("paidBy"); w.string(v) }
            if let v = n.since { w.key("since"); w.string(v) }
            w.key("source"); w.string(n.source)
            w.key("status"); w.string(n.status.rawValue)
            if let v = n.until { w.key("until"); w.string(v) }
            w.key("what"); w.string(n.what)
            if let v = n.place { w.key("where"); w.string(v) }
        }
    }

    static func write(_ c: ScoreComponent, to w: inout JSONWriter) {
        w.object { w in
            w.key("explanation"); w.string(c.explanation)
            w.key("name"); w.string(c.name)
            w.key("value"); w.number(c.value)
            w.key("weight"); w.number(c.weight)
        }
    }

    static func write(_ c: Condition, to w: inout JSONWriter) {
        w.object { w in
            w.key("difference"); w.string(c.difference)
            w.key("measure"); w.string(c.measure.rawValue)
        }
    }

    static func write(_ step: PathStep, to w: inout JSONWriter) {
        w.object { w in
            w.key("from"); write(step.from, to: &w)
            w.key("kind"); w.string(step.kind.rawValue)
            w.key("reversed"); w.bool(step.reversed)
            w.key("source"); w.string(step.source)
            w.key("status"); w.string(step.status.rawValue)
            w.key("to"); write(step.to, to: &w)
        }
    }

    static func write(_ ref: LevelReference, to w: inout JSONWriter) {
        w.object { w in
            w.key("framework"); w.string(ref.framework)
            w.key("level"); w.string(ref.level)
        }
    }

    static func write(_ v: Versions, to w: inout JSONWriter) {
        w.object { w in
            w.key("data");
            w.array(v.data) { w, d in
                w.object { w in
                    w.key("contentHash"); w.string(d.contentHash)
                    w.key("id"); w.string(d.id)
                    w.key("version"); w.string(d.version)
                }
            }
            w.key("engine"); w.string(v.engine)
        }
    }
}
