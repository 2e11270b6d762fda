/// A stored candidate in a pool image: every field of `Candidate` (its skills as the pool keeps
/// them: ids, written beside), in declaration order. `CandidateCodecTests` fails when a field
/// is added to any of these types and not here.
extension ByteWriter {
    mutating func candidate(_ c: Candidate, recognition: Int) {
        string(c.personId)
        string(c.key)
        string(c.ref)
        array(c.profile.experience.sorted { $0.key < $1.key }) { w, e in
            w.string(e.key)
            w.int(e.value)
        }
        array(c.profile.credentials) { $0.credential($1) }
        optional(c.residence) { $0.string($1) }
        optional(c.destination) { $0.string($1) }
        consent(c.consent)
        person(c.person)
        array(c.experience) { w, e in
            w.string(e.occupation)
            w.string(e.country)
            w.int(e.months)
            w.strings(e.skills)
        }
        count(recognition)
    }

    mutating func consent(_ c: Person.Consent) {
        bool(c.matching)
        bool(c.shareContact)
    }

    mutating func person(_ p: Person) {
        string(p.id)
        optional(p.name) { $0.string($1) }
        consent(p.consent)
        optional(p.residence) { $0.string($1) }
        strings(p.languages)
        optional(p.availableFrom) { $0.string($1) }
        optional(p.returning) { w, r in
            w.string(r.country)
            w.optional(r.from) { $0.string($1) }
        }
        optional(p.sex) { $0.string($1) }
        optional(p.birthYear) { $0.int($1) }
        optional(p.nationality) { $0.string($1) }
    }

    mutating func credential(_ c: Credential) {
        string(c.title)
        optional(c.awardingBody) { $0.string($1) }
        string(c.country)
        optional(c.framework) { $0.string($1) }
        optional(c.level) { $0.string($1) }
        optional(c.qualification) { $0.string($1) }
        optional(c.isced) { w, i in
            w.optional(i.level) { $0.int($1) }
            w.optional(i.field) { $0.string($1) }
        }
        optional(c.occupation) { $0.string($1) }
        strings(c.skills)
        optional(c.credits) { w, credits in
            w.string(credits.system)
            w.double(credits.value)
        }
        optional(c.durationYears) { $0.double($1) }
        optional(c.awarded) { $0.string($1) }
        raw(c.mode)
        optional(c.evidence) { $0.raw($1) }
        optional(c.checkedBy) { $0.string($1) }
        optional(c.source) { w, s in
            w.string(s.format)
            w.string(s.document)
            w.string(s.field)
            w.strings(s.notes)
            w.optional(s.authenticity) { $0.authenticity($1) }
        }
        optional(c.type) { $0.raw($1) }
        optional(c.result) { $0.raw($1) }
        optional(c.testFor) { $0.string($1) }
    }

    mutating func authenticity(_ a: Authenticity) {
        raw(a.verdict)
        array(a.steps) { w, step in
            w.raw(step.step)
            w.raw(step.status)
            w.string(step.detail)
        }
        optional(a.signer) { w, s in
            w.string(s.subject)
            w.string(s.issuer)
            w.string(s.serial)
        }
        optional(a.signedAt) { $0.string($1) }
        optional(a.trustAnchor) { w, t in
            w.string(t.list)
            w.string(t.service)
            w.string(t.status)
        }
    }
}

extension ByteReader {
    /// A candidate and the index of its ranking summary in the image's table (0: none).
    mutating func candidate() throws(PoolImageError) -> (Candidate, recognition: Int) {
        let personId = try string()
        let key = try string()
        let ref = try string()
        let pairs = try array { r throws(PoolImageError) in (try r.string(), try r.int()) }
        let credentials = try array { r throws(PoolImageError) in try r.credential() }
        let residence = try optional { r throws(PoolImageError) in try r.string() }
        let destination = try optional { r throws(PoolImageError) in try r.string() }
        let consent = try consent()
        let person = try person()
        var c = Candidate(
            personId: personId, key: key, ref: ref,
            profile: .init(
                experience: Dictionary(pairs, uniquingKeysWith: { a, _ in a }), credentials: credentials),
            residence: residence, destination: destination, consent: consent, person: person)
        c.experience = try array { r throws(PoolImageError) in
            Experience(
                occupation: try r.string(), country: try r.string(), months: try r.int(), skills: try r.strings())
        }
        return (c, Int(clamping: try varint()))
    }

    mutating func consent() throws(PoolImageError) -> Person.Consent {
        Person.Consent(matching: try bool(), shareContact: try bool())
    }

    mutating func person() throws(PoolImageError) -> Person {
        Person(
            id: try string(), name: try optional { r throws(PoolImageError) in try r.string() }, consent: try consent(),
            residence: try optional { r throws(PoolImageError) in try r.string() }, languages: try strings(),
            availableFrom: try optional { r throws(PoolImageError) in try r.string() },
            returning: try optional { r throws(PoolImageError) in
                Person.Returning(
                    country: try r.string(), from: try r.optional { r throws(PoolImageError) in try r.string() })
            },
            sex: try optional { r throws(PoolImageError) in try r.string() },
            birthYear: try optional { r throws(PoolImageError) in try r.int() },
            nationality: try optional { r throws(PoolImageError) in try r.string() })
    }

    mutating func credential() throws(PoolImageError) -> Credential {
        var c = Credential(
            title: try string(), awardingBody: try optional { r throws(PoolImageError) in try r.string() },
            country: try string(), framework: try optional { r throws(PoolImageError) in try r.string() },
            level: try optional { r throws(PoolImageError) in try r.string() },
            qualification: try optional { r throws(PoolImageError) in try r.string() },
            isced: try optional { r throws(PoolImageError) in
                Credential.Isced(
                    level: try r.optional { r throws(PoolImageError) in try r.int() },
                    field: try r.optional { r throws(PoolImageError) in try r.string() })
            },
            occupation: try optional { r throws(PoolImageError) in try r.string() }, skills: try strings(),
            credits: try optional { r throws(PoolImageError) in
                Credential.Credits(system: try r.string(), value: try r.double())
            },
            durationYears: try optional { r throws(PoolImageError) in try r.double() },
            awarded: try optional { r throws(PoolImageError) in try r.string() }, mode: try raw(),
            evidence: try optional { r throws(PoolImageError) in try r.raw() },
            checkedBy: try optional { r throws(PoolImageError) in try r.string() },
            source: try optional { r throws(PoolImageError) in
                Credential.Source(
                    format: try r.string(), document: try r.string(), field: try r.string(), notes: try r.strings(),
                    authenticity: try r.optional { r throws(PoolImageError) in try r.authenticity() })
            })
        c.type = try optional { r throws(PoolImageError) in try r.raw() }
        c.result = try optional { r throws(PoolImageError) in try r.raw() }
        c.testFor = try optional { r throws(PoolImageError) in try r.string() }
        return c
    }

    mutating func authenticity() throws(PoolImageError) -> Authenticity {
        Authenticity(
            verdict: try raw(),
            steps: try array { r throws(PoolImageError) in
                Authenticity.Step(try r.raw(), try r.raw(), try r.string())
            },
            signer: try optional { r throws(PoolImageError) in
                Authenticity.Signer(subject: try r.string(), issuer: try r.string(), serial: try r.string())
            },
            signedAt: try optional { r throws(PoolImageError) in try r.string() },
            trustAnchor: try optional { r throws(PoolImageError) in
                Authenticity.TrustAnchor(list: try r.string(), service: try r.string(), status: try r.string())
            })
    }
}
