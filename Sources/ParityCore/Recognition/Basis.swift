/// The sentences a result rests on, worded from ../shared/reference/recognition.md: article
/// numbers only where the reference marks them CONFIRMED, otherwise the instrument's name.
enum Basis {
    static let lisbon =
        "Lisbon Recognition Convention (Council of Europe/UNESCO, 1997, ETS No. 165): a qualification is recognised unless a substantial difference can be shown, and the burden of showing it lies with the body making the assessment."
    static let globalConvention =
        "UNESCO Global Convention on the Recognition of Qualifications concerning Higher Education (2019, in force since 5 March 2023): fair, transparent and non-discriminatory recognition."
    static let directive =
        "Directive 2005/36/EC (professional qualifications), Art. 14: where substantial differences are found, compensation by an adaptation period of up to three years or an aptitude test; professional experience must be taken into account."
    static let recognitionOfPriorLearning =
        "Skills learned outside formal education follow a recognition-of-prior-learning route: the person documents evidence, it is assessed against the standard, gaps are addressed, then certified (ILO, How to facilitate the recognition of skills of migrant workers, 2017)."
    static let frameworksOnly =
        "A framework level compares the level of learning; it confers no right to practise or to admission by itself."

    /// `referencedToEQF`: the destination framework is referenced to the EQF (a European destination).
    /// The bridges themselves, with their sources, are in the result's `path`.
    static func sentences(outcome: EquivalenceResult.Outcome, referencedToEQF: Bool) -> [String] {
        var out: [String] = []
        out.append(lisbon)
        if outcome == .comparableWithConditions && referencedToEQF { out.append(directive) }
        if !referencedToEQF { out.append(globalConvention) }
        out.append(frameworksOnly)
        return out
    }
}
