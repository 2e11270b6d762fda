import Foundation

/// `parity keys export --html`: one self-contained HTML page, with the issuer's public keys in
/// it, that checks a letter's QR code (`parity-letter-qr-1`) in the browser, offline: no
/// network, no external script or style. The signature is checked with the browser's own
/// WebCrypto Ed25519 over the exact bytes of the code, so nothing is re-encoded in JavaScript.
///
/// Paste a scanned code and press Check; or open `verifier.html#<code, URL-encoded>`. The
/// verdict element carries `data-verdict`: `valid`, `tampered`, `unknown-key`, `not-a-code` or
/// `unsupported` (a browser without Ed25519 in WebCrypto).
public enum VerifierPage {
    public static func html(keys: [KeyRing.PublicKey], issuer: String) -> String {
        let keyTable = keys.map {
            "\"\($0.id)\":{\"publicKey\":\"\(Base64.encode($0.raw))\",\"created\":\"\(script($0.created))\"}"
        }.joined(separator: ",")
        let keyList = keys.map { "<li><code>\(html($0.id))</code> created \(html($0.created))</li>" }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Check an equivalence letter: \(html(issuer))</title>
            <style>
            body { font-family: "Noto Sans", system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
            textarea { width: 100%; height: 7rem; font-family: monospace; font-size: .85rem; }
            button { font-size: 1rem; padding: .4rem 1.2rem; margin-top: .5rem; }
            #verdict { margin: 1.2rem 0; padding: .8rem 1rem; border-radius: .3rem; font-weight: bold; border: 2px solid #888; }
            #verdict[data-verdict="valid"] { background: #e3f6e5; border-color: #1b7a2f; color: #0d4d1b; }
            #verdict[data-verdict="tampered"], #verdict[data-verdict="not-a-code"] { background: #fde8e8; border-color: #b3261e; color: #7a1812; }
            #verdict[data-verdict="unknown-key"], #verdict[data-verdict="unsupported"] { background: #fff4d6; border-color: #9a6b00; color: #5c4000; }
            #reason { font-weight: normal; display: block; margin-top: .3rem; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: start; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
            th { width: 14rem; color: #444; font-weight: normal; }
            caption { text-align: start; font-weight: bold; padding: .3rem .5rem; }
            footer { margin-top: 2rem; font-size: .85rem; color: #555; }
            </style>
            </head>
            <body>
            <h1>Check an equivalence letter</h1>
            <p>Issued by <strong>\(html(issuer))</strong>. Scan the QR code printed on the letter and paste what the scanner reads
            (it begins with <code>\(LetterQR.prefix)</code>). The check runs in this browser only; nothing is sent anywhere.</p>
            <textarea id="payload" spellcheck="false" aria-label="The letter's code"></textarea>
            <button id="check" type="button">Check</button>
            <div id="verdict" data-verdict="" role="status">Nothing checked yet.</div>
            <table id="fields" hidden>
            <caption id="fields-caption"></caption>
            <tr><th>Holder</th><td id="f-holder" dir="auto"></td></tr>
            <tr><th>Qualification</th><td id="f-qualification" dir="auto"></td></tr>
            <tr><th>Awarding country</th><td id="f-country"></td></tr>
            <tr><th>Compared in</th><td id="f-destination"></td></tr>
            <tr><th>Comparable level</th><td id="f-level"></td></tr>
            <tr><th>Outcome</th><td id="f-outcome"></td></tr>
            <tr><th>Date of issue</th><td id="f-issued"></td></tr>
            <tr><th>Verification code</th><td id="f-code"></td></tr>
            <tr><th>Signing key</th><td id="f-key"></td></tr>
            </table>
            <p>A valid code shows the fields the issuer signed: they must be the ones printed on the letter, and the verification
            code must match the one on the letter. The letter is guidance on comparability, not a legal decision.</p>
            <footer>Public keys of this issuer (\(keys.count)):<ul>\(keyList)</ul>Format: \(LetterQR.format).</footer>
            <script>
            "use strict";
            const KEYS = {\(keyTable)};
            const FORMAT = "\(LetterQR.format)", PREFIX = "\(LetterQR.prefix)";
            const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
            function base45(text) {
              if (text.length % 3 === 1) return null;
              const out = [];
              for (let i = 0; i < text.length; i += 3) {
                const group = text.slice(i, i + 3);
                let n = 0, weight = 1;
                for (const c of group) { const v = B45.indexOf(c); if (v < 0) return null; n += v * weight; weight *= 45; }
                if (group.length === 3) { if (n > 0xFFFF) return null; out.push(n >> 8, n & 0xFF); }
                else { if (n > 0xFF) return null; out.push(n); }
              }
              return new Uint8Array(out);
            }
            function base64(text) { return Uint8Array.from(atob(text), c => c.charCodeAt(0)); }
            function str(v) { return typeof v === "string"; }
            async function check(text) {
              text = text.replace(/[\\r\\n]+$/, "");
              if (!text.startsWith(PREFIX)) return { verdict: "not-a-code", reason: "This is not a letter's code: it must begin with " + PREFIX + "." };
              const bytes = base45(text.slice(PREFIX.length));
              if (!bytes || bytes.length <= 66) return { verdict: "not-a-code", reason: "This is not a letter's code: what follows " + PREFIX + " is not base45 of a signed body." };
              const body = bytes.slice(0, bytes.length - 64), signature = bytes.slice(bytes.length - 64);
              let fields;
              try { fields = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)); } catch (e) { fields = null; }
              if (!fields || typeof fields !== "object" || !(str(fields.n) || str(fields.h)) || !["q", "c", "d", "o", "i", "k", "x"].every(k => str(fields[k])))
                return { verdict: "not-a-code", reason: "This is not a letter's code: its fields cannot be read." };
              const key = KEYS[fields.k];
              if (!key) return { verdict: "unknown-key", fields, reason: "Signed by key " + fields.k + ", which is not one of this issuer's keys: it cannot be checked here. Ask the issuer for its current verifier page." };
              let publicKey;
              try {
                publicKey = await crypto.subtle.importKey("raw", base64(key.publicKey), { name: "Ed25519" }, false, ["verify"]);
              } catch (e) {
                return { verdict: "unsupported", fields, reason: "This browser cannot check Ed25519 signatures (WebCrypto). Use a current browser, or `parity letter verify --qr`." };
              }
              const signed = new Uint8Array([...new TextEncoder().encode(FORMAT + "\\n"), ...body]);
              const ok = await crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature, signed);
              return ok ? { verdict: "valid", fields, reason: "Signed by key " + fields.k + " of this issuer; the fields below are the ones it signed." + (fields.s === true ? " The name or the title was shortened to fit the code (ending in …): compare the rest with the letter." : "") }
                        : { verdict: "tampered", fields, reason: "The signature by key " + fields.k + " does not match the fields: the code was changed after it was signed, or it was not made by this issuer." };
            }
            const TITLES = { "valid": "VALID", "tampered": "INVALID", "not-a-code": "INVALID", "unknown-key": "UNKNOWN KEY", "unsupported": "CANNOT CHECK" };
            function show(result) {
              const verdict = document.getElementById("verdict");
              verdict.dataset.verdict = result.verdict;
              verdict.textContent = TITLES[result.verdict];
              const reason = document.createElement("span");
              reason.id = "reason";
              reason.textContent = result.reason;
              verdict.appendChild(reason);
              const f = result.fields, table = document.getElementById("fields");
              table.hidden = !f;
              if (!f) return;
              document.getElementById("fields-caption").textContent = result.verdict === "valid" ? "The fields as the issuer signed them" : "What the code claims: not to be trusted";
              const put = (id, v) => { document.getElementById(id).textContent = v === undefined ? "none" : v; };
              put("f-holder", str(f.n) ? f.n : f.h + " (the holder's id: no name was given)");
              put("f-qualification", f.q); put("f-country", f.c); put("f-destination", f.d); put("f-level", f.l);
              put("f-outcome", f.o); put("f-issued", f.i); put("f-code", f.x); put("f-key", f.k);
            }
            async function run() {
              const text = document.getElementById("payload").value;
              try { show(await check(text)); } catch (e) { show({ verdict: "not-a-code", reason: "The code could not be checked: " + e }); }
            }
            document.getElementById("check").addEventListener("click", run);
            if (location.hash.length > 1) { document.getElementById("payload").value = decodeURIComponent(location.hash.slice(1)); run(); }
            </script>
            </body>
            </html>

            """
    }

    private static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Inside a JavaScript string in a script element: no quote, backslash or tag can end it.
    private static func script(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && !"\"\\<>&".unicodeScalars.contains($0) }.map(
                Character.init))
    }
}
