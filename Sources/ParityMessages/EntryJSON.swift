public import ParityCore
import ParityJSON

/// A credential-batch entry (person, credentials, experience) written back in the message's own
/// format, keys sorted: how the matching pool stores a candidate, readable again with the same
/// decoder (`MessageMapping.entry`). `EntryJSONTests` holds it equal to the `Codable` encoding.
public enum EntryJSON {
    public static func encode(_ entry: CredentialBatch.Entry) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.object { w in
            w.key("credentials"); w.array(entry.credentials) { w, c in write(c, to: &w) }
            w.key("experience");
            w.array(entry.experience) { w, e in
                w.object { w in
                    w.key("country"); w.string(e.country)
                    w.key("months"); w.number(Double(e.months))
                    w.key("occupation"); w.string(e.occupation)
                    w.key("skills"); w.strings(e.skills)
                }
            }
            w.key("person"); write(entry.person, to: &w)
        }
        return w.bytes
    }

    /// A stored record read back (the same decoder as for the batch message).
    public static func decode(_ bytes: [UInt8], source: String) throws(MessageError) -> CredentialBatch.Entry {
        let document: JSONDocument
        do { document = try JSONParser.parse(bytes) } catch {
            throw MessageError(source: source, field: "", message: "not valid JSON: \(error.description)")
        }
        // A stored record holds decoded credentials, never a document to read.
        return try MessageMapping.entry(
            MessageFields(document: document, path: "", source: source), documents: NoExchangeDocuments())
    }

    static func write(_ p: Person, to w: inout JSONWriter) {
        w.object { w in
            if let v = p.availableFrom { w.key("availableFrom"); w.string(v) }
            if let v = p.birthYear { w.key("birthYear"); w.number(Double(v)) }
            w.key("consent");
            w.object { w in
                w.key("matching"); w.bool(p.consent.matching)
                w.key("shareContact"); w.bool(p.consent.shareContact)
            }
            w.key("id"); w.string(p.id)
            w.key("languages"); w.strings(p.languages)
            if let v = p.name { w.key("name"); w.string(v) }
            if let v = p.nationality { w.key("nationality"); w.string(v) }
            if let v = p.residence { w.key("residence"); w.string(v) }
            if let r = p.returning {
                w.key("returning");
                w.object { w in
                    w.key("country"); w.string(r.country)
                    if let from = r.from { w.key("from"); w.string(from) }
                }
            }
            if let v = p.sex { w.key("sex"); w.string(v) }
        }
    }

    static func write(_ c: Credential, to w: inout JSONWriter) {
        w.object { w in
            if let v = c.awarded { w.key("awarded"); w.string(v) }
            if let v = c.awardingBody { w.key("awardingBody"); w.string(v) }
            if let v = c.checkedBy { w.key("checkedBy"); w.string(v) }
            w.key("country"); w.string(c.country)
            if let credits = c.credits {
                w.key("credits");
                w.object { w in
                    w.key("system"); w.string(credits.system)
                    w.key("value"); w.number(credits.value)
                }
            }
            if let v = c.durationYears { w.key("durationYears"); w.number(v) }
            if let v = c.evidence { w.key("evidence"); w.string(v.rawValue) }
            if let v = c.framework { w.key("framework"); w.string(v) }
            if let isced = c.isced {
                w.key("isced");
                w.object { w in
                    if let field = isced.field { w.key("field"); w.string(field) }
                    if let level = isced.level { w.key("level"); w.number(Double(level)) }
                }
            }
            if let v = c.level { w.key("level"); w.string(v) }
            w.key("mode"); w.string(c.mode.rawValue)
            if let v = c.occupation { w.key("occupation"); w.string(v) }
            if let v = c.qualification { w.key("qualification"); w.string(v) }
            if let v = c.result { w.key("result"); w.string(v.rawValue) }
            w.key("skills"); w.strings(c.skills)
            if let source = c.source { w.key("source"); write(source, to: &w) }
            if let v = c.testFor { w.key("testFor"); w.string(v) }
            w.key("title"); w.string(c.title)
            if let v = c.type { w.key("type"); w.string(v.rawValue) }
        }
    }

    static func write(_ s: Credential.Source, to w: inout JSONWriter) {
        w.object { w in
            if let a = s.authenticity { w.key("authenticity"); write(a, to: &w) }
            w.key("document"); w.string(s.document)
            w.key("field"); w.string(s.field)
            w.key("format"); w.string(s.format)
            w.key("notes"); w.strings(s.notes)
        }
    }

    /// A document's authenticity, keys sorted (as `Authenticity`'s `Codable` encoding).
    static func write(_ a: Authenticity, to w: inout JSONWriter) {
        w.object { w in
            if let v = a.signedAt { w.key("signedAt"); w.string(v) }
            if let s = a.signer {
                w.key("signer")
                w.object { w in
                    w.key("issuer"); w.string(s.issuer)
                    w.key("serial"); w.string(s.serial)
                    w.key("subject"); w.string(s.subject)
                }
            }
            w.key("steps")
            w.array(a.steps) { w, step in
                w.object { w in
                    w.key("detail"); w.string(step.detail)
                    w.key("status"); w.string(step.status.rawValue)
                    w.key("step"); w.string(step.step.rawValue)
                }
            }
            if let t = a.trustAnchor {
                w.key("trustAnchor")
                w.object { w in
                    w.key("list"); w.string(t.list)
                    w.key("service"); w.string(t.service)
                    w.key("status"); w.string(t.status)
                }
            }
            w.key("verdict"); w.string(a.verdict.rawValue)
        }
    }
}
