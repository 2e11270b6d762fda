import Foundation
import ParityTestSupport
import Testing

/// The files in Systemd/ checked with systemd's own tools, as an administrator would.
@Suite struct SystemdFilesTests {
    let dir = TempDirectory()

    /// Runs a command; its exit status and everything it printed.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let run = try Tool.run("/usr/bin/env", arguments)
        return (run.status, run.out + run.err)
    }

    /// The unit as `make install` writes it, pointing at the binary this build made.
    func installedUnit() throws -> String {
        let text = try String(contentsOfFile: Repo.root.path + "/Systemd/parityd.service", encoding: .utf8)
        return dir.write(
            "parityd.service", text.replacingOccurrences(of: "@BINDIR@", with: Repo.root.path + "/.build/debug"))
    }

    @Test func theUnitVerifiesCleanly() throws {
        let result = try run(["systemd-analyze", "verify", try installedUnit()])
        #expect(result.status == 0)
        #expect(result.output.isEmpty, "\(result.output)")
    }

    @Test func theUnitsExposureIsAtMostOne() throws {
        let result = try run(["systemd-analyze", "security", "--offline=true", try installedUnit()])
        let line = try #require(result.output.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: " ").compactMap { Double($0) }.first)
        #expect(score <= 1.0, "\(line)")
    }

    @Test func sysusersAndTmpfilesBuildTheSpoolWithLeastPrivilege() throws {
        let root = dir.path + "/root"
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        let users = try run(["systemd-sysusers", "--root=\(root)", Repo.root.path + "/Systemd/parity.sysusers.conf"])
        #expect(users.status == 0, "\(users.output)")
        let passwd = try String(contentsOfFile: root + "/etc/passwd", encoding: .utf8)
        let groups = try String(contentsOfFile: root + "/etc/group", encoding: .utf8)
        #expect(passwd.contains("parity:x:") && passwd.contains("/usr/sbin/nologin"))
        #expect(groups.contains("parity-submit:x:") && groups.contains("parity-outbox:x:"))

        // With --root the ACL's user name resolves against this machine, not the new root, so
        // that line is reported and skipped here; everything else must apply cleanly.
        let files = try run([
            "systemd-tmpfiles", "--create", "--root=\(root)", Repo.root.path + "/Systemd/parity.tmpfiles.conf",
        ])
        #expect(files.status == 0, "\(files.output)")
        #expect(files.output.split(separator: "\n").allSatisfy { $0.contains("ACL") }, "\(files.output)")
        func mode(_ path: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: root + path)[.posixPermissions] as? Int)
        }
        #expect(try mode("/var/spool/parity/incoming/new") == 0o1730)
        #expect(try mode("/var/spool/parity/incoming/tmp") == 0o1730)
        #expect(try mode("/var/spool/parity/active") == 0o700)
        #expect(try mode("/var/spool/parity/outbox/batches/new") == 0o770)
        #expect(try mode("/var/lib/parity/state") == 0o700)
    }
}
