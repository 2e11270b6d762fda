import ParityCore

/// The words of a letter in each language it is issued in. The content (titles, framework
/// names, basis sentences from the data) stays as the data gives it; these are the labels
/// around it. Each outcome is printed in words and with its code, which is the same in every
/// language.
public struct LetterText: Sendable {
    public var heading: String
    public var holder: String
    public var qualification: String
    public var awardingBody: String
    public var country: String
    public var originLevel: String
    public var awarded: String
    public var referenceLevels: String
    public var destination: String
    public var comparableLevel: String
    public var closestQualification: String
    public var outcome: String
    public var conditions: String
    public var basis: String
    public var competentAuthority: String
    public var issued: String
    public var issuer: String
    public var verificationCode: String
    public var verifyHow: String
    public var notice: String
    public var none: String
    public var unconfirmed: String
    public var outcomes: [EquivalenceResult.Outcome: String]

    public static func `for`(_ language: LetterLanguage) -> LetterText {
        switch language {
        case .en: english
        case .fr: french
        case .es: spanish
        }
    }

    static let english = LetterText(
        heading: "Statement of comparability of a qualification", holder: "Holder", qualification: "Qualification",
        awardingBody: "Awarding body", country: "Country", originLevel: "Framework and level of origin", awarded: "Awarded",
        referenceLevels: "Reference level", destination: "Compared in", comparableLevel: "Comparable level",
        closestQualification: "Closest named qualification", outcome: "Outcome", conditions: "Conditions", basis: "Basis",
        competentAuthority: "Competent authority (regulated profession)", issued: "Date of issue", issuer: "Issuer",
        verificationCode: "Verification code",
        verifyHow: "Check this letter with `parity letter verify` and the issuer's public keys; the code above must match.",
        notice: "This statement is guidance on comparability, not a legal decision: for a regulated profession, the competent authority decides.",
        none: "none", unconfirmed: "not confirmed",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable with conditions", .indicative: "indicative only",
            .notComparable: "not comparable", .noMapping: "no mapping in the data", .insufficientInformation: "insufficient information",
        ])

    static let french = LetterText(
        heading: "Attestation de comparabilité d'une qualification", holder: "Titulaire", qualification: "Qualification",
        awardingBody: "Organisme de délivrance", country: "Pays", originLevel: "Cadre et niveau d'origine", awarded: "Délivrée le",
        referenceLevels: "Niveau de référence", destination: "Comparée dans", comparableLevel: "Niveau comparable",
        closestQualification: "Qualification nommée la plus proche", outcome: "Résultat", conditions: "Conditions", basis: "Fondement",
        competentAuthority: "Autorité compétente (profession réglementée)", issued: "Date de délivrance", issuer: "Émetteur",
        verificationCode: "Code de vérification",
        verifyHow: "Vérifiez cette attestation avec `parity letter verify` et les clés publiques de l'émetteur ; le code ci-dessus doit correspondre.",
        notice: "Cette attestation éclaire la comparabilité, elle n'est pas une décision juridique : pour une profession réglementée, l'autorité compétente décide.",
        none: "aucune", unconfirmed: "non confirmé",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable sous conditions", .indicative: "indicatif seulement",
            .notComparable: "non comparable", .noMapping: "aucune correspondance dans les données", .insufficientInformation: "informations insuffisantes",
        ])

    static let spanish = LetterText(
        heading: "Declaración de comparabilidad de una cualificación", holder: "Titular", qualification: "Cualificación",
        awardingBody: "Entidad emisora", country: "País", originLevel: "Marco y nivel de origen", awarded: "Expedida el",
        referenceLevels: "Nivel de referencia", destination: "Comparada en", comparableLevel: "Nivel comparable",
        closestQualification: "Cualificación nombrada más próxima", outcome: "Resultado", conditions: "Condiciones", basis: "Fundamento",
        competentAuthority: "Autoridad competente (profesión regulada)", issued: "Fecha de emisión", issuer: "Emisor",
        verificationCode: "Código de verificación",
        verifyHow: "Compruebe esta carta con `parity letter verify` y las claves públicas del emisor; el código anterior debe coincidir.",
        notice: "Esta declaración orienta sobre la comparabilidad, no es una decisión jurídica: para una profesión regulada, decide la autoridad competente.",
        none: "ninguna", unconfirmed: "no confirmado",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable con condiciones", .indicative: "solo indicativo",
            .notComparable: "no comparable", .noMapping: "sin correspondencia en los datos", .insufficientInformation: "información insuficiente",
        ])

    /// An outcome in words, with its code: "comparable with conditions (comparable-with-conditions)".
    public func outcome(_ outcome: EquivalenceResult.Outcome) -> String { "\(outcomes[outcome] ?? outcome.rawValue) (\(outcome.rawValue))" }
}
