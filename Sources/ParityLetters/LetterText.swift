public import ParityCore

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
    public var scanToVerify: String
    public var none: String
    public var unconfirmed: String
    public var outcomes: [EquivalenceResult.Outcome: String]

    public static func `for`(_ language: LetterLanguage) -> LetterText {
        switch language {
        case .en: english
        case .fr: french
        case .es: spanish
        case .de: german
        case .pt: portuguese
        case .ar: arabic
        }
    }

    static let english = LetterText(
        heading: "Statement of comparability of a qualification", holder: "Holder", qualification: "Qualification",
        awardingBody: "Awarding body", country: "Country", originLevel: "Framework and level of origin",
        awarded: "Awarded",
        referenceLevels: "Reference level", destination: "Compared in", comparableLevel: "Comparable level",
        closestQualification: "Closest named qualification", outcome: "Outcome", conditions: "Conditions",
        basis: "Basis",
        competentAuthority: "Competent authority (regulated profession)", issued: "Date of issue", issuer: "Issuer",
        verificationCode: "Verification code",
        verifyHow:
            "Check this letter with `parity letter verify` and the issuer's public keys; the code above must match.",
        notice:
            "This statement is guidance on comparability, not a legal decision: for a regulated profession, the competent authority decides.",
        scanToVerify:
            "The QR code holds this letter's main fields, signed by the issuer: scan it and check it offline with the issuer's verifier page or `parity letter verify --qr`.",
        none: "none", unconfirmed: "not confirmed",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable with conditions",
            .indicative: "indicative only",
            .notComparable: "not comparable", .noMapping: "no mapping in the data",
            .insufficientInformation: "insufficient information",
        ])

    static let french = LetterText(
        heading: "Attestation de comparabilité d'une qualification", holder: "Titulaire",
        qualification: "Qualification",
        awardingBody: "Organisme de délivrance", country: "Pays", originLevel: "Cadre et niveau d'origine",
        awarded: "Délivrée le",
        referenceLevels: "Niveau de référence", destination: "Comparée dans", comparableLevel: "Niveau comparable",
        closestQualification: "Qualification nommée la plus proche", outcome: "Résultat", conditions: "Conditions",
        basis: "Fondement",
        competentAuthority: "Autorité compétente (profession réglementée)", issued: "Date de délivrance",
        issuer: "Émetteur",
        verificationCode: "Code de vérification",
        verifyHow:
            "Vérifiez cette attestation avec `parity letter verify` et les clés publiques de l'émetteur ; le code ci-dessus doit correspondre.",
        notice:
            "Cette attestation éclaire la comparabilité, elle n'est pas une décision juridique : pour une profession réglementée, l'autorité compétente décide.",
        scanToVerify:
            "Le code QR contient les principaux champs de cette attestation, signés par l'émetteur : scannez-le et vérifiez-le hors ligne avec la page de vérification de l'émetteur ou `parity letter verify --qr`.",
        none: "aucune", unconfirmed: "non confirmé",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable sous conditions",
            .indicative: "indicatif seulement",
            .notComparable: "non comparable", .noMapping: "aucune correspondance dans les données",
            .insufficientInformation: "informations insuffisantes",
        ])

    static let spanish = LetterText(
        heading: "Declaración de comparabilidad de una cualificación", holder: "Titular",
        qualification: "Cualificación",
        awardingBody: "Entidad emisora", country: "País", originLevel: "Marco y nivel de origen",
        awarded: "Expedida el",
        referenceLevels: "Nivel de referencia", destination: "Comparada en", comparableLevel: "Nivel comparable",
        closestQualification: "Cualificación nombrada más próxima", outcome: "Resultado", conditions: "Condiciones",
        basis: "Fundamento",
        competentAuthority: "Autoridad competente (profesión regulada)", issued: "Fecha de emisión", issuer: "Emisor",
        verificationCode: "Código de verificación",
        verifyHow:
            "Compruebe esta carta con `parity letter verify` y las claves públicas del emisor; el código anterior debe coincidir.",
        notice:
            "Esta declaración orienta sobre la comparabilidad, no es una decisión jurídica: para una profesión regulada, decide la autoridad competente.",
        scanToVerify:
            "El código QR contiene los datos principales de esta carta, firmados por el emisor: escanéelo y compruébelo sin conexión con la página de verificación del emisor o con `parity letter verify --qr`.",
        none: "ninguna", unconfirmed: "no confirmado",
        outcomes: [
            .comparable: "comparable", .comparableWithConditions: "comparable con condiciones",
            .indicative: "solo indicativo",
            .notComparable: "no comparable", .noMapping: "sin correspondencia en los datos",
            .insufficientInformation: "información insuficiente",
        ])

    static let german = LetterText(
        heading: "Bescheinigung über die Vergleichbarkeit einer Qualifikation", holder: "Inhaber/in",
        qualification: "Qualifikation",
        awardingBody: "Verleihende Stelle", country: "Land", originLevel: "Rahmen und Niveau im Herkunftsland",
        awarded: "Verliehen am",
        referenceLevels: "Referenzniveau", destination: "Verglichen in", comparableLevel: "Vergleichbares Niveau",
        closestQualification: "Nächstliegende benannte Qualifikation", outcome: "Ergebnis", conditions: "Auflagen",
        basis: "Grundlage",
        competentAuthority: "Zuständige Stelle (reglementierter Beruf)", issued: "Ausstellungsdatum",
        issuer: "Aussteller",
        verificationCode: "Prüfcode",
        verifyHow:
            "Prüfen Sie diese Bescheinigung mit `parity letter verify` und den öffentlichen Schlüsseln des Ausstellers; der obige Code muss übereinstimmen.",
        notice:
            "Diese Bescheinigung ist eine Orientierung zur Vergleichbarkeit, keine rechtliche Entscheidung: Bei einem reglementierten Beruf entscheidet die zuständige Stelle.",
        scanToVerify:
            "Der QR-Code enthält die wichtigsten Angaben dieser Bescheinigung, vom Aussteller signiert: Scannen Sie ihn und prüfen Sie ihn offline mit der Prüfseite des Ausstellers oder mit `parity letter verify --qr`.",
        none: "keine", unconfirmed: "nicht bestätigt",
        outcomes: [
            .comparable: "vergleichbar", .comparableWithConditions: "vergleichbar unter Auflagen",
            .indicative: "nur als Anhaltspunkt",
            .notComparable: "nicht vergleichbar", .noMapping: "keine Zuordnung in den Daten",
            .insufficientInformation: "unzureichende Angaben",
        ])

    static let portuguese = LetterText(
        heading: "Declaração de comparabilidade de uma qualificação", holder: "Titular", qualification: "Qualificação",
        awardingBody: "Entidade que a atribuiu", country: "País", originLevel: "Quadro e nível de origem",
        awarded: "Atribuída em",
        referenceLevels: "Nível de referência", destination: "Comparada em", comparableLevel: "Nível comparável",
        closestQualification: "Qualificação nomeada mais próxima", outcome: "Resultado", conditions: "Condições",
        basis: "Fundamento",
        competentAuthority: "Autoridade competente (profissão regulamentada)", issued: "Data de emissão",
        issuer: "Emissor",
        verificationCode: "Código de verificação",
        verifyHow:
            "Verifique esta declaração com `parity letter verify` e as chaves públicas do emissor; o código acima tem de corresponder.",
        notice:
            "Esta declaração orienta sobre a comparabilidade, não é uma decisão jurídica: no caso de uma profissão regulamentada, decide a autoridade competente.",
        scanToVerify:
            "O código QR contém os principais dados desta declaração, assinados pelo emissor: leia-o e verifique-o sem ligação à internet com a página de verificação do emissor ou com `parity letter verify --qr`.",
        none: "nenhuma", unconfirmed: "não confirmado",
        outcomes: [
            .comparable: "comparável", .comparableWithConditions: "comparável com condições",
            .indicative: "apenas indicativo",
            .notComparable: "não comparável", .noMapping: "sem correspondência nos dados",
            .insufficientInformation: "informação insuficiente",
        ])

    /// Laid out right to left (LetterLanguage.isRightToLeft); codes, ids and Latin data stay
    /// left to right within their own lines.
    static let arabic = LetterText(
        heading: "إفادة بشأن قابلية مقارنة مؤهل", holder: "صاحب المؤهل", qualification: "المؤهل",
        awardingBody: "الجهة المانحة", country: "البلد", originLevel: "الإطار والمستوى في بلد المنشأ",
        awarded: "تاريخ المنح",
        referenceLevels: "المستوى المرجعي", destination: "بلد المقارنة", comparableLevel: "المستوى المقابل",
        closestQualification: "أقرب مؤهل مسمى", outcome: "النتيجة", conditions: "الشروط", basis: "الأساس",
        competentAuthority: "الجهة المختصة (مهنة منظمة)", issued: "تاريخ الإصدار", issuer: "الجهة المصدرة",
        verificationCode: "رمز التحقق",
        verifyHow:
            "تحقق من هذه الإفادة باستخدام `parity letter verify` والمفاتيح العامة للجهة المصدرة؛ يجب أن يطابق الرمز أعلاه.",
        notice: "هذه الإفادة إرشادية بشأن قابلية المقارنة وليست قرارا قانونيا: في المهن المنظمة، القرار للجهة المختصة.",
        scanToVerify:
            "يحتوي رمز QR على البيانات الرئيسية لهذه الإفادة موقعة من الجهة المصدرة: امسحه وتحقق منه دون اتصال بالإنترنت عبر صفحة التحقق الخاصة بالجهة المصدرة أو باستخدام `parity letter verify --qr`.",
        none: "لا يوجد", unconfirmed: "غير مؤكد",
        outcomes: [
            .comparable: "قابل للمقارنة", .comparableWithConditions: "قابل للمقارنة بشروط", .indicative: "استرشادي فقط",
            .notComparable: "غير قابل للمقارنة", .noMapping: "لا توجد مقابلة في البيانات",
            .insufficientInformation: "معلومات غير كافية",
        ])

    /// An outcome in words, with its code: "comparable with conditions (comparable-with-conditions)".
    public func outcome(_ outcome: EquivalenceResult.Outcome) -> String {
        "\(outcomes[outcome] ?? outcome.rawValue) (\(outcome.rawValue))"
    }
}
