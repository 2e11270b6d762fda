import Foundation
import ParityCore
import ParityJSON
import X509

/// When the seal was made, as far as the signature shows it: the time the signer claims
/// (`sigT`, `iat`, SigningTime), and what its timestamps prove. A timestamp must cover what it
/// stamps (its imprint) and carry a signature that verifies; a signature timestamp proves the
/// signing time only when its authority is a qualified timestamp service of an imported
/// trusted list, in good standing when it stamped.
struct TimeEvidence {
    let trust: TrustStore?
    let now: Date
    var found: [String] = []
    var broken: [String] = []
    var unchecked: [String] = []
    /// The earliest time a trusted signature timestamp proves, and what proves it.
    var proven: (time: String, by: String)?

    init(trust: TrustStore?, now: Date) { self.trust = trust; self.now = now }

    /// Checks `tokens` (named `name` in the detail) against `data`; `signing`: they stamp the
    /// signature, so a trusted one proves the signing time.
    mutating func check(_ name: String, _ tokens: [[UInt8]], over data: [UInt8], signing: Bool) {
        for (i, der) in tokens.enumerated() {
            let label = tokens.count > 1 ? "\(name)[\(i)]" : name
            let token: TimestampToken
            do { token = try TimestampToken.read(der) } catch {
                broken.append("\(label) cannot be read: \(error.description)")
                continue
            }
            guard token.covers(data) else {
                broken.append("\(label) of \(token.generated) does not cover it (its message imprint differs)")
                continue
            }
            let authority: Certificate
            switch token.signer() {
            case .failure(let why):
                broken.append("\(label) of \(token.generated): \(why.description)")
                continue
            case .success(let certificate): authority = certificate
            }
            guard signing else {
                found.append("\(label) of \(token.generated) covers it")
                continue
            }
            let chain = ChainCheck.check(
                signer: authority, carried: { [] }, claimed: token.generated, trust: trust, now: now,
                service: ChainCheck.qualifiedTimestamps)
            if chain.step.status == .ok, let anchor = chain.anchor {
                found.append(
                    "\(label) of \(token.generated) covers it, stamped by '\(anchor.service)' (\(anchor.list), \(anchor.status) then)"
                )
                if proven == nil || token.generated < proven?.time ?? "" {
                    proven = (token.generated, "\(label) by '\(anchor.service)'")
                }
            } else {
                found.append(
                    "\(label) of \(token.generated) covers it, but its authority (\(authority.subject)) is not established: \(chain.step.detail)"
                )
            }
        }
    }

    /// The signing-time step: a timestamp that does not cover what it stamps, or whose signature
    /// fails, is no proof of time (an error that leaves the verdict indeterminate); a trusted
    /// signature timestamp proves it (ok); otherwise the time is the signer's word (skipped).
    func step(claimed: String?, at: String = "") -> Authenticity.Step {
        let claimedText = claimed.map { "claimed \($0)" } ?? "no signing time claimed"
        if !broken.isEmpty {
            return Authenticity.Step(
                .signingTime, .error,
                at + "\(claimedText); " + broken.joined(separator: "; ") + ": not proof of the signing time")
        }
        var detail = claimedText
        if !found.isEmpty { detail += "; " + found.joined(separator: "; ") }
        if !unchecked.isEmpty { detail += "; \(unchecked.joined(separator: ", ")) not read" }
        if let proven {
            return Authenticity.Step(.signingTime, .ok, "signed by \(proven.time), proven by \(proven.by); " + detail)
        }
        detail += "; no trusted signature timestamp, so the time is the signer's word"
        return Authenticity.Step(.signingTime, .skipped, detail)
    }
}

enum SigningTime {
    /// The JAdES timestamps: `adoTst` over the payload, `sigTst` over the signature value,
    /// `arcTst` over all that precedes it.
    static func evidence(
        _ signature: JWS.Signature, unsigned: [JSONValue], header: JAdESHeader, payload: [UInt8], trust: TrustStore?,
        now: Date
    ) -> TimeEvidence {
        var evidence = TimeEvidence(trust: trust, now: now)
        evidence.check("adoTst", header.contentTimestamps, over: payload, signing: false)
        for entry in unsigned {
            if let sigTst = entry["sigTst"] {
                guard let tokens = try? Timestamps.tokens(sigTst, name: "sigTst") else {
                    evidence.broken.append("sigTst cannot be read")
                    continue
                }
                evidence.check("sigTst", tokens, over: Array(signature.signature.utf8), signing: true)
            }
        }
        archiveTimestamps(signature, unsigned: unsigned, payload: payload, into: &evidence)
        return evidence
    }

    /// `arcTst` (TS 119 182-1 §5.3.6.3.1, `timeStamped` "all" or absent): it covers the payload
    /// as signed, '.', the protected header, '.', the signature value, '.', and every etsiU
    /// entry before it as written (base64url). Entries written as clear JSON would need a
    /// canonicalisation Parity does not do: such an archive timestamp is said not read.
    static func archiveTimestamps(
        _ signature: JWS.Signature, unsigned: [JSONValue], payload: [UInt8], into evidence: inout TimeEvidence
    ) {
        let written = signature.header?["etsiU"]?.list ?? []
        // `unsigned` holds the entries that could be read, in order: when all could, they are
        // not decoded again here.
        let read = written.count == unsigned.count ? unsigned : nil
        var covered = payload + Array(".\(signature.protected).\(signature.signature).".utf8)
        for (index, item) in written.enumerated() {
            guard let text = item.string else {
                if item["arcTst"] != nil { evidence.unchecked.append("arcTst (etsiU in clear JSON)") }
                continue
            }
            let entry = read?[index] ?? Base64.decodeURL(text).flatMap { try? JSONValue.parse($0) }
            if let arcTst = entry?["arcTst"] {
                if let scope = arcTst["timeStamped"]?.string, scope != "all" {
                    evidence.unchecked.append("arcTst (timeStamped '\(scope.prefix(40))')")
                } else if let tokens = try? Timestamps.tokens(arcTst, name: "arcTst") {
                    evidence.check("arcTst", tokens, over: covered, signing: false)
                } else {
                    evidence.broken.append("arcTst cannot be read")
                }
            }
            covered += Array(text.utf8)
        }
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
