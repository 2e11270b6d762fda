public import ParityCore

/// How far a credential's authenticity is established, as messages and stored records carry
/// it: the service's attestation (`checkedBy`) and a document's seal verdict.
extension MessageMapping {
    /// `checkedBy`: who, at the submitting service, saw the original (1 to 200 characters).
    static func checkedBy(_ f: MessageFields) throws(MessageError) -> String? {
        guard let field = try f.optional("checkedBy") else { return nil }
        let text = try field.string()
        guard (1...200).contains(text.count), !text.allSatisfy(\.isWhitespace) else {
            throw field.fail(
                expected: "who saw the original, 1 to 200 characters (\"PES Ireland, Dublin office\")",
                found: "\(text.count) characters")
        }
        return text
    }

    /// A stored document's authenticity, as `EntryJSON` writes it.
    static func authenticity(_ a: MessageFields) throws(MessageError) -> Authenticity {
        var steps: [Authenticity.Step] = []
        for s in try a.required("steps").array() {
            steps.append(
                Authenticity.Step(
                    try s.required("step").choice(Authenticity.StepName.self),
                    try s.required("status").choice(Authenticity.Status.self), try s.required("detail").string()))
        }
        var signer: Authenticity.Signer?
        if let s = try a.optional("signer") {
            signer = Authenticity.Signer(
                subject: try s.required("subject").string(), issuer: try s.required("issuer").string(),
                serial: try s.required("serial").string())
        }
        var anchor: Authenticity.TrustAnchor?
        if let t = try a.optional("trustAnchor") {
            anchor = Authenticity.TrustAnchor(
                list: try t.required("list").string(), service: try t.required("service").string(),
                status: try t.required("status").string())
        }
        return Authenticity(
            verdict: try a.required("verdict").choice(Authenticity.Verdict.self), steps: steps, signer: signer,
            signedAt: try a.optional("signedAt")?.string(), trustAnchor: anchor)
    }
}
