import ArgumentParser
import Foundation
import ParityCore
import ParityService
import ParityXML

struct FrameworksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frameworks",
        abstract: "Validate, install, list and show qualification frameworks.",
        subcommands: [Validate.self, List.self, Show.self, Install.self, Coverage.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check framework files against the XSD and against the installed set.",
            discussion: """
                Every problem is printed as file:line:column: message and the exit status is 1.
                Files are checked together with the configured frameworks directory (each replacing
                the installed file with the same id), so bridges to installed frameworks resolve;
                --alone checks the files only among themselves.
                """)
        @Argument(help: "Framework or taxonomy XML files.") var files: [String]
        @Flag(help: "Check the files only among themselves, not with the installed set.") var alone = false
        @Option(help: "The framework XSD (default: paths.schema of the configuration).") var schema: String?
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let directory = try frameworkDirectory(options: options, schemaOverride: schema, required: !alone)
                do {
                    let set = try directory.check(files: files, alone: alone || directory.path.isEmpty)
                    let others = set.versions.count - files.count
                    let context =
                        alone || directory.path.isEmpty
                        ? " (checked among themselves)"
                        : others == 0
                            ? " (they make up the whole set for \(directory.path))"
                            : " (checked with the \(others) other installed file(s) of \(directory.path))"
                    say("\(files.count) file(s) valid\(context)")
                } catch let error as FrameworkLoadError {
                    throw Failure(lines: error.lines + ["\(error.lines.count) problem(s) found"], code: 1)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the installed frameworks.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let set = try loadInstalled(options.load())
                let items = set.sortedFrameworks.map { FrameworkSummary($0, hash: hash(of: $0.id, in: set)) }
                if json { printJSON(items); return }
                say(FrameworkSummary.table(items))
                for taxonomy in set.taxonomies {
                    say(
                        "taxonomy \(taxonomy.id) \(taxonomy.version): \(taxonomy.skills.count) skills, \(taxonomy.occupations.count) occupations, \(taxonomy.iscoGroups.count) ISCO groups. \(taxonomy.attribution)"
                    )
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one framework: levels, qualification types, bridges, agreements.")
        @Argument(help: "Framework id, e.g. ie-nfq.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let set = try loadInstalled(options.load())
                guard let framework = set.framework(id) else {
                    throw Failure(
                        lines: [
                            "no framework '\(id)'; installed: \(set.sortedFrameworks.map(\.id).joined(separator: ", "))"
                        ], code: 1)
                }
                let detail = FrameworkDetail(framework, hash: hash(of: id, in: set), file: set.files[id] ?? "")
                if json { printJSON(detail) } else { say(detail.text) }
            }
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What the installed frameworks can answer: every origin country × destination country.",
            discussion: """
                For each pair, a credential at each level of the origin's frameworks (naming its framework
                and level) is recognised by the engine: comparable (a confirmed route), indicative only, or
                none (no-mapping or no framework). The table gives, per origin, how many destinations its
                best level reaches each way; --json every pair with its level counts; --svg FILE a heat map
                of the best outcome per pair, sized for an A4 page.
                """)
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "Also write the heat map as SVG to this file.") var svg: String?
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let set = try loadInstalled(options.load())
                let map = CoverageMap(engine: RecognitionEngine(set: set))
                if let svg {
                    do {
                        try Data(CoveragePresentation.svg(map).utf8).write(
                            to: URL(fileURLWithPath: svg), options: .atomic)
                    } catch {
                        throw Failure(
                            lines: ["cannot write the heat map to \(svg): \(error.localizedDescription)"], code: 73)
                    }
                }
                if json {
                    printJSON(CoveragePresentation.json(map, set: set))
                } else {
                    say(CoveragePresentation.table(map, set: set))
                }
                if let svg, !json { say("heat map: \(svg)") }
            }
        }
    }

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a framework file with the installed set, then place it atomically in paths.frameworks.",
            discussion:
                "Nothing changes on any problem. Send SIGHUP to parityd (systemctl reload parityd) to put it in service."
        )
        @Argument(help: "Framework or taxonomy XML file.") var file: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try reporting {
                let directory = try frameworkDirectory(options: options, schemaOverride: nil, required: true)
                do {
                    let target = try directory.install(file: file)
                    say("installed \(file) as \(target); reload parityd to use it (systemctl reload parityd)")
                } catch let error as FrameworkLoadError {
                    throw Failure(lines: error.lines + ["not installed: \(error.lines.count) problem(s)"], code: 1)
                }
            }
        }
    }
}

/// The configured directory; when the configuration is optional (validate --alone) and absent,
/// a directory with an empty path and the schema from --schema.
private func frameworkDirectory(
    options: ConfigOptions, schemaOverride: String?, required: Bool
) throws -> FrameworkDirectory {
    do {
        let configured = try options.load().frameworkDirectory
        return FrameworkDirectory(path: configured.path, schemaPath: schemaOverride ?? configured.schemaPath)
    } catch let failure as Failure {
        guard !required, let schemaOverride else {
            if required { throw failure }
            throw Failure(lines: failure.lines + ["without a configuration, give the XSD with --schema FILE"], code: 78)
        }
        return FrameworkDirectory(path: "", schemaPath: schemaOverride)
    }
}

private func hash(of id: String, in set: FrameworkSet) -> String {
    set.versions.first { $0.id == id }?.contentHash ?? ""
}
