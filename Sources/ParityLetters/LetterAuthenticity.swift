public import ParityCore

/// How a letter's credential was established as authentic, stated in the signed content and
/// on the page, so that nobody reads a letter as vouching for a document nobody checked:
///
/// - `verified`: the credential's document carries a seal whose every step passed;
/// - `attested`: the submitting service says who saw the original (`checkedBy`);
/// - `indeterminate`: its seal is intact, but its signer or time could not be established;
/// - `unsigned`: neither a seal nor an attestation.
public struct LetterAuthenticity: Sendable, Hashable {
    public enum How: String, Sendable, Hashable, CaseIterable {
        case verified, attested, indeterminate, unsigned
    }

    public var how: How
    /// What it rests on, in the data's words (the seal's signer and time, who saw the original,
    /// or what could not be checked).
    public var detail: String

    public init(how: How, detail: String) { self.how = how; self.detail = detail }

    /// How the credential's authenticity stands: a verified seal first, then the service's
    /// attestation, then what the seal alone could show.
    public init(_ credential: Credential) {
        let seal = credential.authenticity
        let sealed = seal.signer.map { "sealed by \($0.subject)" + (seal.signedAt.map { " on \($0)" } ?? "") }
        if seal.verdict == .verified {
            self.init(how: .verified, detail: sealed ?? "seal verified")
        } else if let checkedBy = credential.checkedBy {
            let also = seal.verdict == .unsigned ? "" : "; its seal: \(seal.verdict.rawValue) (\(Self.reason(seal)))"
            self.init(how: .attested, detail: "original seen by \(checkedBy)" + also)
        } else if seal.verdict == .unsigned {
            self.init(how: .unsigned, detail: "no seal, and no service says it saw the original")
        } else {
            self.init(
                how: .indeterminate, detail: [sealed, Self.reason(seal)].compactMap { $0 }.joined(separator: "; "))
        }
    }

    static func reason(_ seal: Authenticity) -> String {
        seal.reason.map { "\($0.step.rawValue): \($0.detail)" } ?? seal.verdict.rawValue
    }

    /// The label and the words for each `How`, in the letter's language.
    public static func text(_ language: LetterLanguage) -> (label: String, how: [How: String]) {
        switch language {
        case .en:
            (
                "Authenticity of the credential",
                [
                    .verified: "seal verified", .attested: "original seen by the submitting service",
                    .indeterminate: "seal checked, not conclusive", .unsigned: "not established",
                ]
            )
        case .fr:
            (
                "Authenticité du titre",
                [
                    .verified: "sceau vérifié", .attested: "original vu par le service demandeur",
                    .indeterminate: "sceau contrôlé, sans conclusion", .unsigned: "non établie",
                ]
            )
        case .es:
            (
                "Autenticidad del título",
                [
                    .verified: "sello verificado", .attested: "original visto por el servicio solicitante",
                    .indeterminate: "sello comprobado, sin conclusión", .unsigned: "no establecida",
                ]
            )
        case .de:
            (
                "Echtheit des Nachweises",
                [
                    .verified: "Siegel geprüft und gültig", .attested: "Original vom einreichenden Dienst eingesehen",
                    .indeterminate: "Siegel geprüft, ohne abschließendes Ergebnis", .unsigned: "nicht festgestellt",
                ]
            )
        case .pt:
            (
                "Autenticidade do título",
                [
                    .verified: "selo verificado", .attested: "original visto pelo serviço requerente",
                    .indeterminate: "selo verificado, sem conclusão", .unsigned: "não estabelecida",
                ]
            )
        case .ar:
            (
                "أصالة المؤهل",
                [
                    .verified: "الختم موثق", .attested: "اطلعت الجهة المقدمة للطلب على الأصل",
                    .indeterminate: "فُحص الختم دون نتيجة حاسمة", .unsigned: "غير مثبتة",
                ]
            )
        }
    }
}
