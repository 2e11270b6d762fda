import Foundation
import ParityCore
import ParityMessages
import ParityTestSupport
import ParityXML

/// A credential-batch message of `count` credentials drawn from the shipped frameworks: real
/// countries, levels and qualification titles, with fields, occupations, skills and evidence
/// mixed in. Seeded, so every run measures the same batch.
enum BatchWorkload {
    static func generate(set: FrameworkSet, count: Int, destination: String) -> CredentialBatch {
        var g = SeededGenerator(state: 2026)
        let national = set.sortedFrameworks.filter { $0.kind == .national && !$0.countries.isEmpty }
        let skills = set.taxonomies.flatMap(\.skills).map(\.uri)
        let occupations = ["2221", "2512", "7411", "3221", "2411", "5321"]
        let fields = ["0913", "0612", "0411", "0714", "0921"]
        var entries: [CredentialBatch.Entry] = []
        var made = 0
        var person = 0
        while made < count {
            person += 1
            var entry = CredentialBatch.Entry(person: Person(id: "p-\(person)", consent: .init(matching: true)))
            for _ in 0..<Int.random(in: 1...3, using: &g) where made < count {
                guard let framework = national.randomElement(using: &g),
                    let level = framework.levels.randomElement(using: &g)
                else { continue }
                let title = level.qualificationTypes.randomElement(using: &g)?.title ?? "Certificate"
                entry.credentials.append(
                    Credential(
                        title: title, country: framework.countries[0], framework: framework.id, level: level.id,
                        isced: .init(field: fields.randomElement(using: &g)),
                        occupation: occupations.randomElement(using: &g),
                        skills: (0..<Int.random(in: 0...6, using: &g)).compactMap { _ in skills.randomElement(using: &g)
                        },
                        credits: Bool.random(using: &g)
                            ? .init(system: "ECTS", value: Double([60, 120, 180, 240].randomElement(using: &g) ?? 180))
                            : nil,
                        mode: made % 10 == 0 ? .informal : .formal,
                        evidence: Credential.Evidence.allCases.randomElement(using: &g)))
                made += 1
            }
            entries.append(entry)
        }
        return CredentialBatch(id: "bench-\(count)", destination: destination, people: entries)
    }

    /// A batch of `count` people (ids `prefix-n`), each with one to three credentials drawn as
    /// above: what an employment service registers, for filling a pool through parityd.
    static func people(set: FrameworkSet, count: Int, prefix: String, seed: UInt64) -> CredentialBatch {
        var g = SeededGenerator(state: seed)
        let national = set.sortedFrameworks.filter { $0.kind == .national && !$0.countries.isEmpty }
        let skills = set.taxonomies.flatMap(\.skills).map(\.uri)
        let occupations = ["2221", "2512", "7411", "3221", "2411", "5321", "7126", "8322", "5120", "9112"]
        let entries = (0..<count).map { n in
            var entry = CredentialBatch.Entry(
                person: Person(
                    id: "\(prefix)-\(n)", consent: .init(matching: true, shareContact: n % 3 == 0), residence: "PH"))
            let occupation = occupations.randomElement(using: &g) ?? "2221"
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                guard let framework = national.randomElement(using: &g),
                    let level = framework.levels.randomElement(using: &g)
                else { continue }
                entry.credentials.append(
                    Credential(
                        title: level.qualificationTypes.randomElement(using: &g)?.title ?? "Certificate",
                        country: framework.countries[0], framework: framework.id, level: level.id,
                        occupation: occupation,
                        skills: (0..<Int.random(in: 2...8, using: &g)).compactMap { _ in skills.randomElement(using: &g)
                        },
                        evidence: .diploma))
            }
            entry.experience = [
                Experience(occupation: occupation, country: "PH", months: Int.random(in: 0...120, using: &g))
            ]
            return entry
        }
        return CredentialBatch(id: "\(prefix)-batch", destination: "DE", people: entries)
    }
}
