import Foundation
import ParityCore

/// `parity frameworks coverage`: the table, the JSON and the SVG heat map of one `CoverageMap`.
enum CoveragePresentation {
    struct JSONView: Encodable {
        struct Counts: Encodable { var comparable: Int; var indicative: Int; var none: Int }
        var countries: [String]
        var frameworks: [String: [String]]
        var cells: [CoverageMap.Cell]
        var pairs: Counts
        var levels: Counts
    }

    typealias Counts = JSONView.Counts

    static func json(_ map: CoverageMap, set: FrameworkSet) -> JSONView {
        let p = map.pairs, l = map.levels
        return JSONView(
            countries: map.countries, frameworks: frameworks(map, set),
            cells: map.cells,
            pairs: Counts(comparable: p.comparable, indicative: p.indicative, none: p.none),
            levels: Counts(comparable: l.comparable, indicative: l.indicative, none: l.none))
    }

    private static func frameworks(_ map: CoverageMap, _ set: FrameworkSet) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: map.countries.map { c in
                (c, set.sortedFrameworks.filter { $0.kind == .national && $0.countries.contains(c) }.map(\.id))
            })
    }

    /// One line per origin country: how many destinations its best level reaches in each way.
    static func table(_ map: CoverageMap, set: FrameworkSet) -> String {
        let owners = frameworks(map, set)
        var lines = [pad("ORIGIN", 8) + pad("FRAMEWORKS", 28) + pad("COMPARABLE", 12) + pad("INDICATIVE", 12) + "NONE"]
        for origin in map.countries {
            var t = CoverageMap.Totals()
            for cell in map.cells where cell.origin == origin { t.add(cell.best) }
            let ids = (owners[origin] ?? []).joined(separator: ",")
            let counts = pad(String(t.comparable), 12) + pad(String(t.indicative), 12) + String(t.none)
            lines.append(pad(origin, 8) + pad(ids, 28) + counts)
        }
        let p = map.pairs, l = map.levels
        lines.append("")
        lines.append(
            "\(map.countries.count) countries, \(map.cells.count) origin → destination pairs, by the best outcome of any level: "
                + "\(p.comparable) comparable (a confirmed route), \(p.indicative) indicative only, \(p.none) none.")
        lines.append(
            "Origin levels × destinations: \(l.comparable) comparable, \(l.indicative) indicative only, \(l.none) none."
        )
        return lines.joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static let colours: [CoverageMap.Reach: String] = [
        .comparable: "#1b7837", .indicative: "#f1b52e", .none: "#d4d4d4",
    ]

    /// The heat map: origins down the left, destinations along the top, one square per pair in
    /// the colour of its best outcome, a legend and the totals below. Sized for an A4 page.
    static func svg(_ map: CoverageMap) -> String {
        let n = map.countries.count
        let cell = 14, left = 62, top = 66, gap = 1
        let gridWidth = n * cell, gridHeight = n * cell
        let width = left + gridWidth + 24
        let height = top + gridHeight + 96
        let index = Dictionary(uniqueKeysWithValues: map.countries.enumerated().map { ($1, $0) })
        var out: [String] = []
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="190mm" height="\##(Int((190.0 * Double(height) / Double(width)).rounded()))mm" viewBox="0 0 \##(width) \##(height)" font-family="Noto Sans, DejaVu Sans, sans-serif">"##
        )
        out.append(
            ##"<title>Parity coverage: best outcome of a credential from each origin country (rows) in each destination country (columns)</title>"##
        )
        out.append(##"<rect x="0" y="0" width="\##(width)" height="\##(height)" fill="#ffffff"/>"##)
        out.append(
            ##"<text x="\##(left)" y="14" font-size="11" font-weight="bold">Recognition coverage: origin (rows) → destination (columns)</text>"##
        )
        for (i, country) in map.countries.enumerated() {
            let x = left + i * cell + cell / 2 + 3, y = top - 4
            out.append(
                ##"<text x="\##(x)" y="\##(y)" font-size="8" transform="rotate(-60 \##(x) \##(y))">\##(escape(country))</text>"##
            )
            out.append(
                ##"<text x="\##(left - 4)" y="\##(top + i * cell + cell - 4)" font-size="8" text-anchor="end">\##(escape(country))</text>"##
            )
            out.append(
                ##"<rect x="\##(left + i * cell)" y="\##(top + i * cell)" width="\##(cell - gap)" height="\##(cell - gap)" fill="#ffffff" stroke="#999999" stroke-width="0.5"/>"##
            )
        }
        for c in map.cells {
            guard let row = index[c.origin], let column = index[c.destination], let fill = colours[c.best] else {
                continue
            }
            out.append(
                ##"<rect x="\##(left + column * cell)" y="\##(top + row * cell)" width="\##(cell - gap)" height="\##(cell - gap)" fill="\##(fill)"><title>\##(escape(c.origin)) → \##(escape(c.destination)): \##(c.best.rawValue); levels: \##(c.comparable) comparable, \##(c.indicative) indicative, \##(c.none) none</title></rect>"##
            )
        }
        var y = top + gridHeight + 20
        let legend: [(CoverageMap.Reach, String)] = [
            (.comparable, "comparable: a confirmed route for at least one level"),
            (.indicative, "indicative only: unconfirmed or classification links"),
            (.none, "none: no equivalence is stated (no-mapping, or no framework)"),
        ]
        for (reach, label) in legend {
            out.append(
                ##"<rect x="\##(left)" y="\##(y - 10)" width="12" height="12" fill="\##(colours[reach] ?? "#000000")"/>"##
            )
            out.append(##"<text x="\##(left + 18)" y="\##(y)" font-size="10">\##(escape(label))</text>"##)
            y += 18
        }
        let p = map.pairs
        out.append(
            ##"<text x="\##(left)" y="\##(y + 4)" font-size="9">\##(map.countries.count) countries; pairs: \##(p.comparable) comparable, \##(p.indicative) indicative only, \##(p.none) none.</text>"##
        )
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
