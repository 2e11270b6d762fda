extension RecognitionEngine {
    /// An occupational test never has a level: its result says what it is evidence for.
    func occupationalTest(
        _ credential: Credential, destination: String, target: EngineIndex.Destination
    ) -> EquivalenceResult {
        let occupation = credential.occupation ?? "?"
        let outcome = credential.result == .passed ? "passed" : "did not pass"
        return EquivalenceResult(
            outcome: .noMapping, destination: destination, equivalents: [], path: [],
            basis: [
                "\(credential.title) is an occupational test (\(outcome), ISCO-08 \(occupation)\(credential.awarded.map { ", \($0)" } ?? "")): it attests competence in one occupation, is not a qualification and has no framework level, so no level equivalence is stated.",
                credential.result == .passed
                    ? "As evidence it counts for that occupation in shortlists, meets a trade-test requirement of the same occupation for \(credential.testFor ?? "the destination it was taken for"), and supports a recognition-of-prior-learning assessment at home."
                    : "A test not passed is not evidence for the occupation.",
            ],
            origin: nil, agreements: agreements(for: credential, destination: target),
            competentAuthorities: authorities(for: credential.occupation, in: target),
            versions: Versions(
                engine: Self.version, data: target.versions))
    }
}
