import Foundation
import ParityTestSupport
import Testing

/// `parity frameworks coverage` on a small hand-made set whose every answer is known, and its
/// heat map rendered by librsvg.
@Suite struct CoverageCommandTests {
    let dir = TempDirectory()

    /// EQF (3 levels); AA: 1, 2 confirmed to the EQF, 3 with no agreed level; BB: 1-3 confirmed;
    /// CC (unconfirmed): only 1, unconfirmed; DD: no bridge at all.
    func handMadeSet() -> String {
        func framework(_ id: String, _ country: String, status: String = "confirmed", bridges: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <framework xmlns="urn:parity:framework:1" id="\(id)" kind="national" version="1" date="2026-01-01" status="\(status)">
              <name>\(id.uppercased())</name><country>\(country)</country>
              <levels><level id="1" order="1"><name>L1</name></level><level id="2" order="2"><name>L2</name></level><level id="3" order="3"><name>L3</name></level></levels>
              <bridges>\(bridges)</bridges>
            </framework>
            """
        }
        func to(_ level: String, _ target: String, _ status: String = "confirmed") -> String {
            #"<bridge level="\#(level)" kind="referencing" status="\#(status)" source="test"><to framework="eqf" level="\#(target)"/></bridge>"#
        }
        dir.write(
            "frameworks/eqf.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <framework xmlns="urn:parity:framework:1" id="eqf" kind="meta" version="1" date="2026-01-01">
              <name>EQF</name><region>EU</region>
              <levels><level id="1" order="1"><name>1</name></level><level id="2" order="2"><name>2</name></level><level id="3" order="3"><name>3</name></level></levels>
            </framework>
            """)
        dir.write(
            "frameworks/aa-qf.xml",
            framework(
                "aa-qf", "AA",
                bridges: to("1", "1") + to("2", "2")
                    + #"<bridge level="3" kind="referencing" status="confirmed" source="test"><noAgreedLevel framework="eqf"/></bridge>"#
            ))
        dir.write("frameworks/bb-qf.xml", framework("bb-qf", "BB", bridges: to("1", "1") + to("2", "2") + to("3", "3")))
        dir.write(
            "frameworks/cc-qf.xml",
            framework("cc-qf", "CC", status: "unconfirmed", bridges: to("1", "1", "unconfirmed")))
        dir.write("frameworks/dd-qf.xml", framework("dd-qf", "DD", bridges: ""))
        return dir.configuration(frameworks: [])  // the hand-made files only
    }

    func parity(_ arguments: [String]) async throws -> Tool.Run { await runParity(arguments) }

    struct Coverage: Decodable {
        struct Cell: Decodable {
            var origin: String; var destination: String; var best: String; var comparable: Int; var indicative: Int;
            var none: Int
        }
        struct Counts: Decodable, Equatable { var comparable: Int; var indicative: Int; var none: Int }
        var countries: [String]
        var cells: [Cell]
        var pairs: Counts
        var levels: Counts
    }

    @Test func theJSONGivesEveryPairItsBestOutcomeAndItsLevelCounts() async throws {
        let config = handMadeSet()
        let run = try await parity(["frameworks", "coverage", "--json", "--config", config])
        #expect(run.status == 0, "\(run)")
        let map = try JSONDecoder().decode(Coverage.self, from: Data(run.out.utf8))
        #expect(map.countries == ["AA", "BB", "CC", "DD"])
        #expect(map.cells.count == 12)  // ordered pairs of different countries
        func cell(_ o: String, _ d: String) -> String {
            guard let c = map.cells.first(where: { $0.origin == o && $0.destination == d }) else { return "missing" }
            return "\(c.best) \(c.comparable)/\(c.indicative)/\(c.none)"
        }
        #expect(cell("AA", "BB") == "comparable 2/0/1")  // AA 3 has no agreed level
        #expect(cell("BB", "AA") == "comparable 2/0/1")  // nothing reaches AA 3
        #expect(cell("AA", "CC") == "indicative 0/1/2")  // CC is unconfirmed
        #expect(cell("CC", "BB") == "indicative 0/1/2")
        #expect(cell("DD", "AA") == "none 0/0/3" && cell("BB", "DD") == "none 0/0/3")
        #expect(map.pairs == .init(comparable: 2, indicative: 4, none: 6))
        #expect(map.levels == .init(comparable: 4, indicative: 4, none: 28))

        let table = try await parity(["frameworks", "coverage", "--config", config])
        #expect(
            table.out.contains(
                "12 origin → destination pairs, by the best outcome of any level: 2 comparable (a confirmed route), 4 indicative only, 6 none."
            ), "\(table.out)")
    }

    @Test func theHeatMapIsValidSVGAndRendersWithOneColourPerOutcome() async throws {
        let config = handMadeSet()
        let svg = dir.path + "/coverage.svg"
        let run = try await parity(["frameworks", "coverage", "--svg", svg, "--config", config])
        #expect(run.status == 0 && run.out.contains("heat map: \(svg)"), "\(run)")
        #expect(try Tool.run("/usr/bin/xmllint", ["--noout", svg]).status == 0)
        let png = dir.path + "/coverage.png"
        let render = try Tool.run("/usr/bin/rsvg-convert", ["-o", png, svg])
        #expect(render.status == 0, "\(render.err)")
        // Width: 190 mm at librsvg's 96 dpi; the pixels of each outcome's colour, counted by a PNG decoder.
        let count = try Tool.run("/usr/bin/env", ["python3", "-c", Self.pngColours, png, "1b7837", "f1b52e", "d4d4d4"])
        #expect(count.status == 0, "\(count.err)")
        let fields = count.out.split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try #require(fields.count == 5, "\(count.out)")
        #expect(fields[0] == 718 || fields[0] == 719)
        #expect(fields[1] > 300 && fields[1] < fields[0] * 2)
        // 2 comparable, 4 indicative and 6 none cells (each more than 100 pixels), plus one legend square each.
        #expect(fields[2] > 2 * 100 && fields[3] > 4 * 100 && fields[4] > 6 * 100)
        #expect(fields[3] > fields[2] && fields[4] > fields[3])
    }

    /// Prints `width height count...`: pixels exactly of each RGB colour given in hex (8-bit RGBA or RGB PNG).
    static let pngColours = #"""
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat, w = 8, b'', 0
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT': idat += body
        bpp = 4 if ctype == 6 else 3
        raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
        for y in range(h):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            out.append(bytes(line)); prev = line
        wanted = [bytes.fromhex(x) for x in sys.argv[2:]]
        counts = [0] * len(wanted)
        for line in out:
            for x in range(w):
                px = line[x * bpp:x * bpp + 3]
                for k, colour in enumerate(wanted):
                    if px == colour: counts[k] += 1
        print(w, h, *counts)
        """#
}
