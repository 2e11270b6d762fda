import Foundation
import ParityCore
import ParityTestSupport
import Testing

@testable import ParityLetters

/// The offline verifier page (`parity keys export --html`) in a real browser: headless
/// Chromium opens it from a file with a scanned code in its address, checks the signature with
/// WebCrypto Ed25519, and the page's verdict is read from the DOM it leaves. Each verdict is
/// also photographed, under .build/test-artifacts/ (kept, to be looked at).
@Suite(.serialized) struct VerifierPageTests {
    let dir = TempDirectory()
    static let chromium = "/usr/bin/chromium"
    static let artifacts = Repo.root.appendingPathComponent(".build/test-artifacts").path

    func page(keys ring: KeyRing) throws -> String {
        let path = dir.path + "/verifier.html"
        #expect(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(
                    VerifierPage.html(keys: try ring.publicKeys(), issuer: "Public Employment Service, Test").utf8)))
        return path
    }

    /// The DOM after the page's scripts ran (virtual time lets the WebCrypto promises settle).
    func open(_ page: String, code: String, screenshot: String? = nil) throws -> String {
        let fragment = code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(dir.path)/profile",
            "--virtual-time-budget=10000",
        ]
        if let screenshot {
            arguments += ["--screenshot=\(screenshot)", "--window-size=900,1000", "--hide-scrollbars"]
        } else {
            arguments += ["--dump-dom"]
        }
        let run = try Tool.run(Self.chromium, arguments + ["file://\(page)#\(fragment)"])
        #expect(run.status == 0, "\(run.err.suffix(600))")
        return run.out
    }

    static func verdict(_ dom: String) -> String? {
        guard let r = dom.range(of: #"id="verdict" data-verdict=""#) else { return nil }
        return String(dom[r.upperBound...].prefix { $0 != "\"" })
    }

    static func cell(_ id: String, _ dom: String) -> String? {
        guard let r = dom.range(of: #"id="\#(id)""#), let start = dom[r.upperBound...].firstIndex(of: ">") else {
            return nil
        }
        return String(dom[dom.index(after: start)...].prefix { $0 != "<" })
    }

    @Test func aGenuineCodeIsValidATamperedOneInvalidAndAnUnknownKeyUnknown() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.chromium), "scripts/install-deps.sh installs chromium")
        let ring = KeyRing(directory: dir.path + "/keys")
        let old = try SignedLetter.sign(try Letters.letter(.ar, holder: "محمد عبد الله"), with: try ring.activeKey())
        try ring.rotate()
        let signed = try SignedLetter.sign(
            try Letters.letter(.en, holder: "Łukasz Wężyk-Żółć"), with: try ring.activeKey())
        let stranger = try SignedLetter.sign(
            try Letters.letter(.en), with: try KeyRing(directory: dir.path + "/other").activeKey())
        let page = try page(keys: ring)

        let valid = try open(page, code: signed.qr.payload)
        #expect(Self.verdict(valid) == "valid", "\(valid.suffix(2000))")
        #expect(
            Self.cell("f-holder", valid) == "Łukasz Wężyk-Żółć" && Self.cell("f-code", valid) == signed.verificationCode
        )
        #expect(Self.cell("f-outcome", valid) == signed.qr.fields.outcome && Self.cell("f-level", valid) == "de-dqr 6")
        // Signed before the rotation: still valid, with its right-to-left name as signed.
        let before = try open(page, code: old.qr.payload)
        #expect(Self.verdict(before) == "valid" && Self.cell("f-holder", before) == "محمد عبد الله")

        // The name changed inside the signed body, re-encoded: the signature no longer matches.
        let body = Base45.decode(String(signed.qr.payload.dropFirst(LetterQR.prefix.count))) ?? []
        let forged =
            LetterQR.prefix
            + Base45.encode(
                Array(
                    String(decoding: body.dropLast(64), as: UTF8.self).replacingOccurrences(
                        of: "Łukasz", with: "Lukasz"
                    ).utf8) + body.suffix(64))
        let tampered = try open(page, code: forged)
        #expect(
            Self.verdict(tampered) == "tampered" && tampered.contains("does not match the fields"),
            "\(tampered.suffix(1500))")
        #expect(Self.verdict(try open(page, code: "PL1:" + signed.qr.payload.dropFirst(5))) != "valid")
        #expect(Self.verdict(try open(page, code: "https://example.org/not-a-letter")) == "not-a-code")

        let unknown = try open(page, code: stranger.qr.payload)
        #expect(Self.verdict(unknown) == "unknown-key" && unknown.contains(stranger.keyId))

        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        for (name, code) in [("valid", signed.qr.payload), ("tampered", forged), ("unknown-key", stranger.qr.payload)] {
            let shot = Self.artifacts + "/verifier-\(name).png"
            try? FileManager.default.removeItem(atPath: shot)
            _ = try open(page, code: code, screenshot: shot)
            let png = try #require(FileManager.default.contents(atPath: shot), "no screenshot for \(name)")
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
            // IHDR: width and height, big-endian, at bytes 16 and 20.
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) },
                height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 900 && height == 1000, "\(name): \(width)x\(height)")
        }
    }

    /// No network and nothing from elsewhere: no URL in a src or href, and a policy that forbids it.
    @Test func thePageIsSelfContained() throws {
        let html = VerifierPage.html(
            keys: try KeyRing(directory: dir.path + "/keys").publicKeys(), issuer: "A <b>issuer</b> & co")
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script src"))
        #expect(html.contains("A &lt;b&gt;issuer&lt;/b&gt; &amp; co"))
    }
}
