public import ParityCore
import ParityJSON

/// A shortlist for `outbox/employers` (DESIGN.md §7): `job`, `candidates` best first (pseudonymous
/// `ref`, `score`, `components`, `recognition` with outcome and conditions, `name` only with
/// consent, `requirements` of the job's country met or still to meet), `withheld` (count and reason per rule) and `flags`; or `refused` with `reasons`.
/// Keys sorted; `notes` say what of the posting could not be used.
public enum ShortlistJSON {
    public static func encode(_ s: Shortlist, notes: [String]) -> [UInt8] {
        var w = JSONWriter(capacity: 4096 + s.candidates.count * 1024)
        w.object { w in
            w.key("candidates");
            w.array(s.candidates) { w, c in
                w.object { w in
                    w.key("components"); w.array(c.components) { w, component in ResultJSON.write(component, to: &w) }
                    if let name = c.name { w.key("name"); w.string(name) }
                    if let r = c.recognition {
                        w.key("recognition");
                        w.object { w in
                            w.key("conditions");
                            w.array(r.equivalents.first?.conditions ?? []) { w, condition in
                                ResultJSON.write(condition, to: &w)
                            }
                            w.key("destination"); w.string(r.destination)
                            if let best = r.equivalents.first {
                                w.key("equivalent");
                                w.object { w in
                                    w.key("framework"); w.string(best.framework)
                                    w.key("level"); w.string(best.level)
                                }
                            }
                            w.key("outcome"); w.string(r.outcome.rawValue)
                        }
                    }
                    w.key("ref"); w.string(c.ref)
                    w.key("requirements"); w.array(c.requirements) { w, n in ResultJSON.write(n, to: &w) }
                    w.key("score"); w.number(c.score)
                }
            }
            w.key("flags"); w.array(s.flags) { w, f in finding(f, to: &w) }
            w.key("job"); w.string(s.job)
            w.key("notes"); w.strings(notes)
            w.key("reasons"); w.array(s.reasons) { w, f in finding(f, to: &w) }
            w.key("refused"); w.bool(s.refused)
            w.key("withheld");
            w.array(s.withheld) { w, x in
                w.object { w in
                    w.key("basis"); w.string(x.basis)
                    w.key("count"); w.number(Double(x.count))
                    w.key("reason"); w.string(x.reason)
                    w.key("rule"); w.string(x.rule.rawValue)
                }
            }
        }
        return w.bytes
    }

    static func finding(_ f: FairRecruitment.Finding, to w: inout JSONWriter) {
        w.object { w in
            w.key("basis"); w.string(f.basis)
            w.key("explanation"); w.string(f.explanation)
            w.key("rule"); w.string(f.rule.rawValue)
        }
    }
}
