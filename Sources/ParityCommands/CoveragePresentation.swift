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
        /// Pairs with known destination requirements, and those of them with no level route.
        var requirementPairs: Int
        var requirementsWithoutLevelRoute: Int
    }

    typealias Counts = JSONView.Counts

    static func json(_ map: CoverageMap, set: FrameworkSet) -> JSONView {
        let p = map.pairs, l = map.levels
        return JSONView(
            countries: map.countries, frameworks: frameworks(map, set),
            cells: map.cells,
            pairs: Counts(comparable: p.comparable, indicative: p.indicative, none: p.none),
            levels: Counts(comparable: l.comparable, indicative: l.indicative, none: l.none),
            requirementPairs: map.requirementPairs.all, requirementsWithoutLevelRoute: map.requirementPairs.withoutRoute
        )
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
        var lines = [
            pad("ORIGIN", 8) + pad("FRAMEWORKS", 28) + pad("COMPARABLE", 12) + pad("INDICATIVE", 12) + pad("NONE", 6)
                + "REQUIREMENTS (destinations; of them without a level route)"
        ]
        for origin in map.countries {
            var t = CoverageMap.Totals()
            let row = map.cells.filter { $0.origin == origin }
            for cell in row { t.add(cell.best) }
            let ids = (owners[origin] ?? []).joined(separator: ",")
            let required = row.filter { $0.requirements > 0 }
            let counts =
                pad(String(t.comparable), 12) + pad(String(t.indicative), 12) + pad(String(t.none), 6)
                + (required.isEmpty ? "-" : "\(required.count); \(required.filter(\.requirementsOnly).count)")
            lines.append(pad(origin, 8) + pad(ids.isEmpty ? "(no framework installed)" : ids, 28) + counts)
        }
        let p = map.pairs, l = map.levels
        lines.append("")
        lines.append(
            "\(map.countries.count) countries, \(map.cells.count) origin → destination pairs, by the best outcome of any level: "
                + "\(p.comparable) comparable (a confirmed route), \(p.indicative) indicative only, \(p.none) none.")
        lines.append(
            "Origin levels × destinations: \(l.comparable) comparable, \(l.indicative) indicative only, \(l.none) none."
        )
        let r = map.requirementPairs
        lines.append(
            "Pairs where the destination's requirements for workers from the origin are known: \(r.all), of which \(r.withoutRoute) have no level route (the requirements are all Parity can say there)."
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
                ##"<rect x="\##(left + column * cell)" y="\##(top + row * cell)" width="\##(cell - gap)" height="\##(cell - gap)" fill="\##(fill)"><title>\##(escape(c.origin)) → \##(escape(c.destination)): \##(c.best.rawValue); levels: \##(c.comparable) comparable, \##(c.indicative) indicative, \##(c.none) none; destination requirements known: \##(c.requirements)</title></rect>"##
            )
            if c.requirements > 0 {
                out.append(
                    mark(x: left + column * cell, y: top + row * cell, size: cell - gap, only: c.requirementsOnly))
            }
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
        for (only, label) in [
            (false, "destination requirements known (trade test, verification, skill class, licence)"),
            (true, "requirements known but no level route: the requirements are all that can be said"),
        ] {
            out.append(
                ##"<rect x="\##(left)" y="\##(y - 10)" width="12" height="12" fill="\##(only ? colours[.none] ?? "#d4d4d4" : "#ffffff")" stroke="#999999" stroke-width="0.5"/>"##
            )
            out.append(mark(x: left, y: y - 10, size: 12, only: only))
            out.append(##"<text x="\##(left + 18)" y="\##(y)" font-size="10">\##(escape(label))</text>"##)
            y += 18
        }
        let p = map.pairs, r = map.requirementPairs
        out.append(
            ##"<text x="\##(left)" y="\##(y + 4)" font-size="9">\##(map.countries.count) countries; pairs: \##(p.comparable) comparable, \##(p.indicative) indicative only, \##(p.none) none; \##(r.all) with known requirements, \##(r.withoutRoute) of them without a level route.</text>"##
        )
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// A pair's requirements mark: a small dark dot, or for requirements with no level route a
    /// ringed dot that stands out on the grey of "none".
    private static func mark(x: Int, y: Int, size: Int, only: Bool) -> String {
        let cx = Double(x) + Double(size) / 2, cy = Double(y) + Double(size) / 2
        return only
            ? ##"<circle cx="\##(cx)" cy="\##(cy)" r="\##(Double(size) / 3)" fill="#2166ac" stroke="#ffffff" stroke-width="1.2"/>"##
            : ##"<circle cx="\##(cx)" cy="\##(cy)" r="\##(Double(size) / 6)" fill="#2166ac"/>"##
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
