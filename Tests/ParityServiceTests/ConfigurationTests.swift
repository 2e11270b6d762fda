import FoundationEssentials
import ParityCore
import ParityService
import ParityTestSupport
import Testing

@Suite struct ConfigurationTests {
    let valid = """
        [paths]
        frameworks = "../Frameworks"
        schema = "/usr/share/parity/schema/parity-framework-1.xsd"
        spool = "spool"
        database = "/var/lib/parity/parity.sqlite"
        state = "state"

        [daemon]
        log_level = "debug"
        """

    @Test func relativePathsResolveAgainstTheFilesDirectory() throws {
        let c = try ParityConfiguration.parse(valid, file: "/etc/parity/parity.toml")
        #expect(c.paths.frameworks == "/etc/Frameworks")
        #expect(c.paths.spool == "/etc/parity/spool")
        #expect(c.paths.database == "/var/lib/parity/parity.sqlite")
        #expect(c.daemon.logLevel == .debug)
    }

    @Test func aSharedPostgreSQLDatabaseTakesThePlaceOfTheSQLiteFile() throws {
        let shared =
            valid.replacingOccurrences(of: #"database = "/var/lib/parity/parity.sqlite""#, with: "")
            + "\n[database]\nurl = \"postgres://parity@db.internal:5432/parity\"\npassword_file = \"secrets/db-password\"\n"
        let c = try ParityConfiguration.parse(shared, file: "/etc/parity/parity.toml")
        #expect(
            c.sharedDatabase
                == .init(
                    url: "postgres://parity@db.internal:5432/parity", passwordFile: "/etc/parity/secrets/db-password"))
        #expect(c.storeLocation == "postgres://parity@db.internal:5432/parity" && c.paths.database.isEmpty)
        // One or the other, never both, never neither.
        #expect(throws: ConfigurationError.self) {
            try ParityConfiguration.parse(
                valid + "\n[database]\nurl = \"postgres://parity@db/parity\"\n", file: "/etc/parity/parity.toml")
        }
        #expect(throws: ConfigurationError.self) {
            try ParityConfiguration.parse(
                valid.replacingOccurrences(of: #"database = "/var/lib/parity/parity.sqlite""#, with: ""),
                file: "/etc/parity/parity.toml")
        }
        #expect(throws: ConfigurationError.self) {
            try ParityConfiguration.parse(
                shared.replacingOccurrences(of: "postgres://", with: "mysql://"), file: "/etc/parity/parity.toml")
        }
    }

    @Test func theShippedConfigurationsParse() throws {
        let production = try ParityConfiguration.load(file: Repo.root.appendingPathComponent("Config/parity.toml").path)
        #expect(production.paths.spool == "/var/spool/parity")
        let development = try ParityConfiguration.load(
            file: Repo.root.appendingPathComponent("Config/parity.dev.toml").path)
        #expect(development.paths.frameworks == Repo.frameworks)
    }

    @Test func withoutPathsSchemaTheSchemaBesideTheFrameworksIsUsedThenTheInstalledOne() throws {
        let text = valid.replacingOccurrences(
            of: "schema = \"/usr/share/parity/schema/parity-framework-1.xsd\"\n", with: "")
        // The checkout's Frameworks/ ships its schema: that one.
        let beside = try ParityConfiguration.parse(text, file: Repo.root.appendingPathComponent("Config/x.toml").path)
        #expect(beside.paths.schema == Repo.schema)
        // Frameworks somewhere without a schema directory: the installed schema.
        let installed = try ParityConfiguration.parse(text, file: "/nonexistent/parity/parity.toml")
        #expect(installed.paths.schema == "/usr/share/parity/schema/parity-framework-1.xsd")
        // Given, it wins.
        #expect(
            try ParityConfiguration.parse(valid, file: Repo.root.appendingPathComponent("Config/x.toml").path).paths
                .schema
                == "/usr/share/parity/schema/parity-framework-1.xsd")
    }

    @Test func stuckSecondsAndServicesAreReadAndChecked() throws {
        let c = try ParityConfiguration.parse(
            valid + "\n[spool]\nstuck_seconds = 30\n[services]\ngateway = [\"pes-a\", \"pes-b\"]\n", file: "c.toml")
        #expect(c.spool.stuckSeconds == 30)
        #expect(c.services == ["gateway": ["pes-a", "pes-b"]])
        #expect(try ParityConfiguration.parse(valid, file: "c.toml").spool.stuckSeconds == 300)
        do {
            _ = try ParityConfiguration.parse(valid + "\n[services]\ngateway = [\"../etc\"]\n", file: "c.toml")
            Issue.record("a service name outside the id alphabet must be refused")
        } catch {
            #expect(error.description.contains("services.gateway lists '../etc'"), "\(error)")
        }
    }

    @Test func aGroupCannotDeliverAsAnotherProducerGroup() {
        for other in ["employers", "gid-1001"] {
            let text =
                valid + "\n[producers]\ngateway = [\"credential-batch\"]\nemployers = [\"job-opening\"]\n"
                + "[services]\ngateway = [\"pes-a\", \"\(other)\"]\n"
            do {
                _ = try ParityConfiguration.parse(text, file: "c.toml")
                Issue.record("services.gateway naming '\(other)' must be refused")
            } catch {
                #expect(error.description.contains("services.gateway lists '\(other)'"), "\(error)")
                #expect(error.description.contains("another producer group"), "\(error)")
            }
        }
    }

    @Test func anUnknownKeyIsRefusedByName() {
        let text = valid.replacingOccurrences(of: "spool = \"spool\"", with: "spool = \"spool\"\nspoool = \"x\"")
        #expect(throws: ConfigurationError.self) { try ParityConfiguration.parse(text, file: "c.toml") }
        do { _ = try ParityConfiguration.parse(text, file: "c.toml") } catch {
            #expect(error.description.contains("paths.spoool"), "\(error)")
        }
    }

    @Test func aMissingContractKeyIsNamed() {
        let text = valid.replacingOccurrences(of: "state = \"state\"\n", with: "")
        do { _ = try ParityConfiguration.parse(text, file: "c.toml"); Issue.record("must fail") } catch {
            #expect(error.description == "c.toml: missing or mistyped key 'paths.state': expected a string")
        }
    }

    @Test func aSyntaxErrorCarriesLineAndColumn() {
        do {
            _ = try ParityConfiguration.parse("[paths]\nframeworks = \n", file: "c.toml"); Issue.record("must fail")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("c.toml:2:"))
        }
    }

    @Test func anUnknownLogLevelListsTheChoices() {
        let text = valid.replacingOccurrences(of: "\"debug\"", with: "\"loud\"")
        do { _ = try ParityConfiguration.parse(text, file: "c.toml"); Issue.record("must fail") } catch {
            #expect(error.message.contains("expected one of debug, info, notice, warning, error"))
        }
    }

    @Test func lookupPrefersTheFlagThenTheEnvironment() {
        #expect(ParityConfiguration.locate(explicit: "a.toml", environment: ["PARITY_CONFIG": "b.toml"]) == "a.toml")
        #expect(ParityConfiguration.locate(explicit: nil, environment: ["PARITY_CONFIG": "b.toml"]) == "b.toml")
        #expect(ParityConfiguration.locate(explicit: nil, environment: [:]) == "/etc/parity/parity.toml")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

@Suite struct SpoolConfigurationTests {
    let base = """
        [paths]
        frameworks = "f"
        schema = "s.xsd"
        spool = "spool"
        database = "d.sqlite"
        state = "state"

        """

    @Test func spoolKeysHaveDefaultsAndWholeNumbersAreAcceptedForSeconds() throws {
        let defaults = try ParityConfiguration.parse(base, file: "/c.toml")
        #expect(defaults.spool == ParityConfiguration.SpoolSettings())
        #expect(defaults.producers == nil)
        let set = try ParityConfiguration.parse(
            base + "[spool]\nworkers = 4\nrescan_seconds = 2\nretention_days = 30\n", file: "/c.toml")
        #expect(set.spool.workers == 4 && set.spool.rescanSeconds == 2 && set.spool.retentionDays == 30)
    }

    @Test func anOutOfRangeValueSaysTheRange() {
        do {
            _ = try ParityConfiguration.parse(base + "[spool]\nworkers = 0\n", file: "c.toml");
            Issue.record("must fail")
        } catch {
            #expect(error.description == "c.toml: spool.workers is 0; expected 1 to 64")
        }
    }

    @Test func producersListOnlyKnownKinds() throws {
        let ok = try ParityConfiguration.parse(base + "[producers]\npes = [\"credential-batch\"]\n", file: "c.toml")
        #expect(ok.producers == ["pes": ["credential-batch"]])
        do {
            _ = try ParityConfiguration.parse(base + "[producers]\npes = [\"invoices\"]\n", file: "c.toml");
            Issue.record("must fail")
        } catch {
            #expect(error.description.contains("producers.pes lists 'invoices'"))
        }
    }
}

extension SpoolConfigurationTests {
    @Test func payFloorsNeedAPeriodAnAmountAndACurrency() throws {
        let ok = try ParityConfiguration.parse(
            base + "[pay_floors]\nDE = { amount = 2000, currency = \"EUR\", per = \"month\" }\n", file: "c.toml")
        #expect(ok.matching.payFloors["DE"] == .init(amount: 2000, currency: "EUR", period: .month))
        do {
            _ = try ParityConfiguration.parse(
                base + "[pay_floors]\nDE = { amount = 2000, currency = \"EUR\", per = \"fortnight\" }\n", file: "c.toml"
            ); Issue.record("must fail")
        } catch {
            #expect(error.description.contains("pay_floors.DE.per is 'fortnight'"))
        }
    }
}
