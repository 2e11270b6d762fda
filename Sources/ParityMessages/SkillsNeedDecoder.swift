public import ParityCore
import ParityJSON

/// A `skills-need` message (DESIGN.md §7) read into a `SkillsNeed`; skills given as labels are
/// resolved against the taxonomy here, and those that are not ESCO labels are named in notes.
public enum SkillsNeedDecoder {
    public struct Decoded: Sendable {
        public var need: SkillsNeed
        public var notes: [String]
    }

    public static func decode(_ envelope: MessageEnvelope, skill: (String) -> String?) throws(MessageError) -> Decoded {
        let f = envelope.fields
        var notes: [String] = []
        var skills: [String] = []
        for item in try f.optional("skills")?.strings() ?? [] {
            if item.hasPrefix("http") {
                skills.append(item)
            } else if let uri = skill(item) {
                skills.append(uri)
            } else {
                notes.append("Skill '\(item.prefix(80))' is not an ESCO skill label: not used.")
            }
        }
        var minimum: LevelReference?
        if let level = try f.optional("minimumLevel") {
            minimum = LevelReference(
                framework: try level.required("framework").string(), level: try level.required("level").identifier())
        }
        let occupation = try f.optional("occupation")?.identifier()
        if let occupation,
            occupation.isEmpty || occupation.count > 4 || !occupation.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        {
            throw try f.required("occupation").fail(
                expected: "an ISCO-08 code of 1 to 4 digits", found: "'\(occupation.prefix(40))'")
        }
        let need = SkillsNeed(
            id: envelope.id, country: try f.required("country").string(), region: try f.optional("region")?.string(),
            occupation: occupation,
            skills: skills, minimumLevel: minimum, openings: try f.optional("openings")?.count(),
            validThrough: try f.optional("validThrough")?.string())
        return Decoded(need: need, notes: notes)
    }
}

/// A reintegration list for `outbox/reintegration` (keys sorted).
public enum ReintegrationJSON {
    public static func encode(_ list: ReintegrationList, notes: [String]) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.object { w in
            w.key("need"); w.string(list.need)
            w.key("notes"); w.strings(notes)
            w.key("returnees");
            w.array(list.returnees) { w, r in
                w.object { w in
                    w.key("components"); w.array(r.components) { w, c in ResultJSON.write(c, to: &w) }
                    if let name = r.name { w.key("name"); w.string(name) }
                    w.key("ref"); w.string(r.ref)
                    w.key("routes");
                    w.array(r.routes) { w, route in
                        w.object { w in
                            if !route.assessments.isEmpty {
                                w.key("assessments");
                                w.array(route.assessments) { w, a in
                                    w.object { w in
                                        w.key("body"); w.string(a.body)
                                        w.key("description"); w.string(a.description)
                                        w.key("isco"); w.strings(a.isco)
                                        w.key("level"); ResultJSON.write(a.level, to: &w)
                                        w.key("qualification"); w.string(a.qualification)
                                        w.key("source"); w.string(a.source)
                                        w.key("status"); w.string(a.status.rawValue)
                                    }
                                }
                            }
                            w.key("conditions"); w.array(route.conditions) { w, c in ResultJSON.write(c, to: &w) }
                            w.key("kind"); w.string(route.kind.rawValue)
                            if let level = route.level { w.key("level"); ResultJSON.write(level, to: &w) }
                            if let meets = route.meetsMinimumLevel { w.key("meetsMinimumLevel"); w.bool(meets) }
                            if let note = route.note { w.key("note"); w.string(note) }
                            w.key("outcome"); w.string(route.outcome.rawValue)
                            w.key("title"); w.string(route.title)
                        }
                    }
                    w.key("score"); w.number(r.score)
                }
            }
        }
        return w.bytes
    }
}
