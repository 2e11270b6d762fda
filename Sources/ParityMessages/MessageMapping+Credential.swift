import ParityCore

extension MessageMapping {
    /// A credential entry (DESIGN.md §7): a qualification, or with `"type": "occupational-test"`
    /// a test result in one occupation (`occupation`, `result`, `awarded` as the test date,
    /// optional `testFor`: the destination whose requirement it answers).
    static func credential(_ f: MessageFields) throws(MessageError) -> Credential {
        var isced: Credential.Isced?
        if let i = try f.optional("isced") {
            isced = Credential.Isced(
                level: try i.optional("level")?.integer(), field: try i.optional("field")?.string())
        }
        var credits: Credential.Credits?
        if let c = try f.optional("credits") {
            credits = Credential.Credits(
                system: try c.required("system").string(), value: try c.required("value").nonNegative())
        }
        var credential = Credential(
            title: try f.required("title").string(), awardingBody: try f.optional("awardingBody")?.string(),
            country: try f.required("country").string(), framework: try f.optional("framework")?.string(),
            level: try f.optional("level")?.identifier(), qualification: try f.optional("qualification")?.identifier(),
            isced: isced, occupation: try f.optional("occupation")?.identifier(),
            skills: try f.optional("skills")?.strings() ?? [],
            credits: credits, durationYears: try f.optional("durationYears")?.nonNegative(),
            awarded: try f.optional("awarded")?.string(),
            mode: try f.optional("mode")?.choice(Credential.Mode.self) ?? .formal,
            evidence: try f.optional("evidence")?.choice(Credential.Evidence.self),
            checkedBy: try checkedBy(f), source: try source(f))
        credential.type = try f.optional("type")?.choice(Credential.CredentialType.self)
        if credential.type == .qualification { credential.type = nil }  // the default, stored as messages leave it
        try occupationalTest(f, into: &credential)
        return credential
    }

    /// The fields of an occupational test, required when the type says so and refused otherwise.
    private static func occupationalTest(_ f: MessageFields, into c: inout Credential) throws(MessageError) {
        guard c.isOccupationalTest else {
            for name: StaticString in ["result", "testFor"] where try f.optional(name) != nil {
                throw try f.required(name).fail(
                    "'\(name)' belongs to an occupational test; add \"type\": \"occupational-test\" or leave it out")
            }
            return
        }
        guard let occupation = c.occupation, occupation.utf8.count == 4, occupation.allSatisfy(\.isASCIIDigitLike)
        else {
            throw (try f.optional("occupation") ?? f).fail(
                "an occupational test is for one occupation: expected 'occupation' as a 4-digit ISCO-08 unit group (e.g. 7411)"
            )
        }
        let levelled: [StaticString] = ["level", "framework", "qualification", "credits", "durationYears"]
        for name in levelled where try f.optional(name) != nil {
            throw try f.required(name).fail(
                "an occupational test has no framework level or workload: leave out '\(name)' (a qualification is a separate credential)"
            )
        }
        c.result = try f.required("result").choice(Credential.TestResult.self)
        c.awarded = try f.required("awarded").date()
        if let target = try f.optional("testFor") {
            let code = try target.string()
            guard code.utf8.count == 2, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw target.fail(
                    expected: "an ISO 3166-1 alpha-2 country code (e.g. SA)", found: "'\(code.prefix(20))'")
            }
            c.testFor = code
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitLike: Bool { isASCII && isNumber }
}
