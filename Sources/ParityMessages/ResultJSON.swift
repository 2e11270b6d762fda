import ParityCore

/// Results written straight to JSON bytes: the same shape as their `Codable` encoding (keys
/// sorted, absent optionals left out), at the speed a 100,000-credential batch needs.
/// `ResultJSONTests` holds the two encodings equal.
public enum ResultJSON {
    public static func encode(_ batch: BatchResult) -> [UInt8] {
        var w = JSONWriter(capacity: batch.results.count * 2048 + 1024)
        w.object { w in
            w.key("batch"); w.string(batch.batch)
            w.key("destination"); w.string(batch.destination)
            w.key("rejected"); w.array(batch.rejected) { w, r in
                w.object { w in
                    w.key("field"); w.string(r.field)
                    w.key("location"); w.string(r.location)
                    w.key("message"); w.string(r.message)
                }
            }
            w.key("results"); w.array(batch.results) { w, line in
                w.object { w in
                    w.key("item"); w.string(line.item)
                    w.key("person"); w.string(line.person)
                    w.key("result"); write(line.result, to: &w)
                    w.key("title"); w.string(line.title)
                }
            }
            w.key("versions"); write(batch.versions, to: &w)
        }
        return w.bytes
    }

    public static func encode(_ result: EquivalenceResult) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        write(result, to: &w)
        return w.bytes
    }

    static func write(_ r: EquivalenceResult, to w: inout JSONWriter) {
        w.object { w in
            w.key("agreements"); w.array(r.agreements) { w, a in
                w.object { w in
                    w.key("conditions"); w.strings(a.conditions)
                    w.key("id"); w.string(a.id)
                    w.key("name"); w.string(a.name)
                }
            }
            w.key("basis"); w.strings(r.basis)
            w.key("competentAuthorities"); w.array(r.competentAuthorities) { w, a in
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
            w.key("versions"); write(r.versions, to: &w)
        }
    }

    static func write(_ e: Equivalent, to w: inout JSONWriter) {
        w.object { w in
            if let closest = e.closestQualification { w.key("closestQualification"); w.string(closest) }
            w.key("components"); w.array(e.components) { w, c in
                w.object { w in
                    w.key("explanation"); w.string(c.explanation)
                    w.key("name"); w.string(c.name)
                    w.key("value"); w.number(c.value)
                    w.key("weight"); w.number(c.weight)
                }
            }
            w.key("conditions"); w.array(e.conditions) { w, c in
                w.object { w in
                    w.key("difference"); w.string(c.difference)
                    w.key("measure"); w.string(c.measure.rawValue)
                }
            }
            w.key("confidence"); w.number(e.confidence)
            w.key("confirmed"); w.bool(e.confirmed)
            w.key("framework"); w.string(e.framework)
            w.key("level"); w.string(e.level)
            w.key("levelName"); w.string(e.levelName)
            w.key("path"); w.array(e.path) { w, step in write(step, to: &w) }
            w.key("score"); w.number(e.score)
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
            w.key("data"); w.array(v.data) { w, d in
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
