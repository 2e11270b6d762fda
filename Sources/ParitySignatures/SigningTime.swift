import Foundation
import ParityCore
import ParityJSON
import X509

/// When the seal was made, as far as the signature shows it: the time the signer claims
/// (`sigT`, `iat`), and what its timestamps cover. A timestamp whose imprint is not the
/// signature's is no proof of time; one that covers it proves a time only when its authority
/// is trusted, which needs trusted lists.
enum SigningTime {
    static func step(_ signature: JWS.Signature, header: JAdESHeader, payload: [UInt8], at: String) -> Authenticity.Step
    {
        var found: [String] = []
        var broken: [String] = []
        func check(_ name: String, _ tokens: [[UInt8]], over data: [UInt8]) {
            for (i, der) in tokens.enumerated() {
                let label = tokens.count > 1 ? "\(name)[\(i)]" : name
                do {
                    let token = try TimestampToken.read(der)
                    if token.covers(data) {
                        found.append("\(label) of \(token.generated) covers it")
                    } else {
                        broken.append("\(label) of \(token.generated) does not cover it (its message imprint differs)")
                    }
                } catch {
                    broken.append("\(label) cannot be read: \(error.description)")
                }
            }
        }
        check("adoTst", header.contentTimestamps, over: payload)
        var unchecked: [String] = []
        for entry in unsigned(signature.header) {
            if let sigTst = entry["sigTst"] {
                guard let tokens = try? Timestamps.tokens(sigTst, name: "sigTst") else {
                    broken.append("sigTst cannot be read"); continue
                }
                check("sigTst", tokens, over: Array(signature.signature.utf8))
            } else if entry["arcTst"] != nil {
                unchecked.append("arcTst")
            }
        }
        return describe(
            claimed: header.claimedSigningTime, covering: found, broken: broken, unchecked: unchecked, at: at)
    }

    /// The step, from what the timestamps showed: one that does not cover the signature is no
    /// proof of time (an error that leaves the verdict indeterminate); one that does proves a
    /// time only once its authority is trusted, which needs trusted lists.
    static func describe(
        claimed: String?, covering found: [String], broken: [String], unchecked: [String], at: String = ""
    ) -> Authenticity.Step {
        let claimed = claimed.map { "claimed \($0)" } ?? "no signing time claimed"
        if !broken.isEmpty {
            return Authenticity.Step(
                .signingTime, .error,
                at + "\(claimed); " + broken.joined(separator: "; ") + ": not proof of the signing time")
        }
        var detail = claimed
        if !found.isEmpty { detail += "; " + found.joined(separator: "; ") }
        if !unchecked.isEmpty { detail += "; \(unchecked.joined(separator: ", ")) not read" }
        detail += "; no timestamp authority is checked against a trusted list, so the time is the signer's word"
        return Authenticity.Step(.signingTime, .skipped, detail)
    }

    /// The entries of `etsiU`: each a JSON object, written as such or as base64url JSON.
    static func unsigned(_ header: JSONValue?) -> [JSONValue] {
        guard case .array(let items) = header?["etsiU"] ?? .null else { return [] }
        return items.compactMap { item in
            if case .object = item { return item }
            guard let text = item.string, let bytes = Base64.decodeURL(text) else { return nil }
            return try? JSONValue.parse(bytes)
        }
    }
}

/// Whether the signer's certificate was valid when it signed, and whether it is now.
enum Validity {
    static func expiry(_ certificate: Certificate, claimed: String?, now: Date) -> Authenticity.Step {
        let from = certificate.notValidBefore, until = certificate.notValidAfter
        let span = "valid from \(day(from)) to \(day(until))"
        let nowText = until < now ? "expired since \(day(until))" : from > now ? "not yet valid" : "valid now"
        guard let claimed else {
            if from <= now && now <= until {
                return Authenticity.Step(.expiry, .ok, "the signer's certificate is valid now (\(span))")
            }
            return Authenticity.Step(
                .expiry, .skipped,
                "the signer's certificate is \(nowText) (\(span)) and the signature claims no signing time")
        }
        guard let time = date(claimed) else {
            return Authenticity.Step(
                .expiry, .skipped, "the claimed signing time '\(claimed.prefix(40))' is not an ISO 8601 date and time")
        }
        guard from <= time && time <= until else {
            return Authenticity.Step(
                .expiry, .error,
                "the signer's certificate was not valid at the signing time \(claimed) (\(span))")
        }
        return Authenticity.Step(
            .expiry, .ok, "the signer's certificate was valid at the signing time \(claimed) (\(span)); \(nowText)")
    }

    /// An ISO 8601 date and time, with or without fractions of a second (a value-type parser:
    /// no formatter is built per call).
    static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }

    static func day(_ date: Date) -> String { String(date.formatted(.iso8601).prefix(10)) }
}
