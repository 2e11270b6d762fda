public import ParityCore

/// The spreadsheet view of a batch result: one row per person and credential with the outcome,
/// the best equivalent, its score and the conditions; rejected rows are listed too, with why.
public enum BatchSummary {
    public static let header = [
        "person_id", "item", "title", "outcome", "framework", "level", "closest_qualification", "score", "confidence",
        "conditions",
    ]

    public static func csv(_ result: BatchResult) -> String {
        var lines = [header.joined(separator: ",")]
        for line in result.results {
            let best = line.result.equivalents.first
            lines.append(
                row([
                    line.person, line.item, line.title, line.result.outcome.rawValue, best?.framework ?? "",
                    best?.level ?? "",
                    best?.closestQualification ?? "", best.map { String($0.score) } ?? "",
                    best.map { String($0.confidence) } ?? "",
                    (best?.conditions ?? []).map { "\($0.measure.rawValue): \($0.difference)" }.joined(separator: "; "),
                ]))
        }
        for rejected in result.rejected {
            lines.append(
                row([
                    "", rejected.location, "", "rejected", "", "", "", "", "",
                    (rejected.field.isEmpty ? "" : "\(rejected.field): ") + rejected.message,
                ]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func row(_ fields: [String]) -> String { fields.map(quote).joined(separator: ",") }

    /// Quotes a field when it needs it; a leading = + - @ is prefixed with ' so a spreadsheet
    /// never runs it as a formula (CSV injection).
    static func quote(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
