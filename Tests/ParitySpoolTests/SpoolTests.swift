import Foundation
import Glibc
import ParitySpool
import ParityTestSupport
import Testing

@Suite struct SpoolTests {
    let dir = TempDirectory()
    var spool: Spool { Spool(root: dir.path + "/spool") }

    init() throws { try Spool(root: dir.path + "/spool").prepare() }

    func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    @Test func aDeliveredMessageIsClaimedOnceAndFinishedIntoDone() throws {
        let name = try spool.deliver(Array("{}".utf8))
        #expect(try spool.waiting() == [name])
        #expect(try spool.claim(name) != nil)
        #expect(try spool.claim(name) == nil)  // a second worker finds it gone
        let read = try spool.read(name, limit: 1024).get()
        #expect(read.bytes == Array("{}".utf8))
        #expect(read.owner == geteuid())
        try spool.finish(name)
        #expect(names(spool.directory(.done)) == [name])
        #expect(names(spool.directory(.active)).isEmpty)
    }

    @Test func aResultLargerThanTheFreeSpaceIsRefusedBeforeItIsStarted() throws {
        try spool.reserve(1 << 20, in: "batches")
        do {
            try spool.reserve(Int.max / 2, in: "batches")
            Issue.record("a result larger than the disk was allowed to start")
        } catch {
            #expect(error.isOutOfSpace)
            #expect(error.description.contains("bytes free"), "\(error)")
        }
        #expect(names(spool.outbox("batches").tmp).isEmpty)
    }

    @Test func recoveryPutsClaimedMessagesBackIntoIncoming() throws {
        let a = try spool.deliver([1]), b = try spool.deliver([2])
        _ = try spool.claim(a)
        _ = try spool.claim(b)
        #expect(try spool.recover(recorded: { _ in [] }).returned.sorted() == [a, b].sorted())
        #expect(try spool.waiting() == [a, b].sorted())
    }

    @Test func aRejectedMessageKeepsItsReasonAndCanBeRequeued() throws {
        let name = try spool.deliver(Array("x".utf8))
        _ = try spool.claim(name)
        let reason = Rejection(.notJSON, location: "\(name): line 1, column 1", found: "'x'", expected: "a JSON object")
        try spool.reject(
            name,
            record: RejectionRecord(
                message: name, rejectedAt: "2026-11-23T00:00:00Z", kind: nil, id: nil, reason: reason))
        #expect(names(spool.directory(.rejected)) == [name, name + ".reason.json"])
        #expect(spool.reason(name)?.reason == reason)
        #expect(try spool.entries(.rejected).map(\.name) == [name])
        #expect(try spool.requeue(name, from: .rejected))
        #expect(names(spool.directory(.rejected)).isEmpty)
        #expect(try spool.waiting() == [name])
    }

    /// A crash while the reason file was written leaves its hidden temporary file: the next
    /// rejection of that message must not fail on it forever, and recovery clears it.
    @Test func aReasonFileLeftHalfWrittenByACrashDoesNotBlockTheRejection() throws {
        let name = try spool.deliver(Array("x".utf8))
        _ = try spool.claim(name)
        let leftover = spool.directory(.rejected) + "/." + name + ".\(spool.node).reason.tmp"
        _ = FileManager.default.createFile(atPath: leftover, contents: Data("{\"half".utf8))
        let reason = Rejection(.notJSON, location: "\(name): line 1, column 1", found: "'x'", expected: "a JSON object")
        try spool.reject(
            name,
            record: RejectionRecord(
                message: name, rejectedAt: "2026-11-23T00:00:00Z", kind: nil, id: nil, reason: reason))
        #expect(spool.reason(name)?.reason == reason)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        let other = spool.directory(.rejected) + "/.another.\(spool.node).reason.tmp",
            erase = spool.outbox("batches").new + "/.b-1.json.4242.\(spool.node).erase"
        // Another node's temporary files sharing the spool are its own to clean.
        let elsewhere = spool.directory(.rejected) + "/.another.node-b.reason.tmp"
        for path in [other, erase, elsewhere] { _ = FileManager.default.createFile(atPath: path, contents: Data()) }
        _ = try spool.recover(recorded: { _ in [] })
        #expect(!FileManager.default.fileExists(atPath: other) && !FileManager.default.fileExists(atPath: erase))
        #expect(FileManager.default.fileExists(atPath: elsewhere))
    }

    @Test func theReasonFileSaysWhereWhatAndExpected() throws {
        let name = try spool.deliver([0xFF])
        _ = try spool.claim(name)
        try spool.reject(
            name,
            record: RejectionRecord(
                message: name, rejectedAt: "2026-11-23T00:00:00Z", kind: "credential-batch", id: "b-1",
                reason: Rejection(
                    .invalidContent, location: "\(name): people[0].person.id", found: "a number", expected: "a string"))
        )
        let text = try String(contentsOfFile: spool.directory(.rejected) + "/\(name).reason.json", encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let reason = try #require(object["reason"] as? [String: String])
        #expect(
            reason == [
                "code": "invalid-content", "where": "\(name): people[0].person.id", "what": "a number",
                "expected": "a string",
            ])
        #expect(object["id"] as? String == "b-1")
    }

    @Test func aSymbolicLinkIsRefusedAndNeverFollowed() throws {
        let secret = dir.write("secret.txt", "not for the daemon")
        symlink(secret, spool.incomingNew + "/link")
        _ = try spool.claim("link")
        #expect(
            throws: Rejection(
                .symbolicLink, location: "link", found: "a symbolic link",
                expected: "a regular file delivered into incoming/new")
        ) {
            try spool.read("link", limit: 1024).get()
        }
    }

    @Test func aHardLinkedFileIsRefused() throws {
        let outside = dir.write("outside.json", "{}")
        link(outside, spool.incomingNew + "/linked")
        _ = try spool.claim("linked")
        #expect(rejection(of: "linked")?.code == .hardLinked)
        // A link kept elsewhere is no delivery in progress: the processor refuses it.
        #expect(!spool.isBeingDelivered(claimed: "linked"))
    }

    @Test func aFIFOAndADirectoryAreRefusedWithoutBlocking() throws {
        mkfifo(spool.incomingNew + "/fifo", 0o600)
        mkdir(spool.incomingNew + "/folder", 0o700)
        for name in ["fifo", "folder"] {
            _ = try spool.claim(name)
            #expect(rejection(of: name)?.code == .notRegularFile)
        }
    }

    @Test func anOversizedFileIsRefusedBeforeItIsRead() throws {
        let name = try spool.deliver([UInt8](repeating: 0x20, count: 2048))
        _ = try spool.claim(name)
        #expect(
            rejection(of: name, limit: 1024)
                == Rejection(
                    .tooLarge, location: name, found: "2048 bytes",
                    expected: "at most 1024 bytes (spool.max_message_bytes)"))
    }

    @Test func aMessageStillLinkedInTmpIsLeftForItsProducerToFinish() throws {
        // mailbox.Maildir.add links tmp/<n> to new/<n>, then unlinks tmp/<n>.
        _ = dir.write("spool/incoming/tmp/msg", "{}")
        link(spool.incomingTmp + "/msg", spool.incomingNew + "/msg")
        _ = try spool.claim("msg")
        #expect(rejection(of: "msg")?.code == .hardLinked)
        #expect(spool.isBeingDelivered(claimed: "msg"))
        // The producer's unlink can land between the read and this question: still a delivery.
        unlink(spool.incomingTmp + "/msg")
        #expect(spool.isBeingDelivered(claimed: "msg"))
        #expect(rejection(of: "msg") == nil)
    }

    @Test func aNameThatIsNotUTF8IsRenamedSoItCanStillBeHandled() throws {
        let raw: [CChar] = Array((spool.incomingNew + "/bad-").utf8CString.dropLast()) + [CChar(bitPattern: 0xFF), 0]
        let fd = try raw.withUnsafeBufferPointer { open(try #require($0.baseAddress), O_CREAT | O_WRONLY, 0o600) }
        #expect(fd >= 0)
        close(fd)
        #expect(try spool.waiting() == ["bad-%FF"])
    }

    @Test func outputsAppearInNewOnlyWhenPublishedAfterTheCommit() throws {
        let file = try spool.outboxFile("batches", name: "b-1.json")
        try file.append(Array("{\"a\":".utf8))
        try file.append(Array("1}".utf8))
        #expect(names(spool.outbox("batches").new).isEmpty)
        let sync = DirectorySync()
        #expect(file.ledgerPath == "outbox/batches/new/b-1.json")
        try file.stage(sync)
        try sync.sync()
        #expect(names(spool.outbox("batches").new).isEmpty)  // staged, durable in tmp, not yet delivered
        try sync.publish(["outbox/batches/new/b-1.json"])
        try sync.sync()
        #expect(names(spool.outbox("batches").new) == ["b-1.json"])
        #expect(names(spool.outbox("batches").tmp).isEmpty)
        #expect(try String(contentsOfFile: spool.outbox("batches").new + "/b-1.json", encoding: .utf8) == "{\"a\":1}")
    }

    @Test func purgeRemovesOnlyOriginalsOlderThanTheCutoff() throws {
        let old = try spool.deliver([1]), recent = try spool.deliver([2])
        for name in [old, recent] { _ = try spool.claim(name); try spool.finish(name) }
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, spool.directory(.done) + "/" + old, &times, 0)
        #expect(try spool.purge(.done, modifiedBefore: 2_000_000) == 1)
        #expect(names(spool.directory(.done)) == [recent])
    }

    func rejection(of name: String, limit: Int = 1024) -> Rejection? {
        if case .failure(let reason) = spool.read(name, limit: limit) { return reason }
        return nil
    }
}

extension SpoolTests {
    @Test func recoveryRemovesHalfWrittenResults() throws {
        let file = try spool.outboxFile("letters", name: "l-1.json")
        try file.append([1, 2, 3])
        // A leftover of a version before nodes (`<name>.<pid>.<attempt>`) goes too.
        _ = FileManager.default.createFile(
            atPath: spool.outbox("letters").tmp + "/l-0.json.4242.7", contents: Data([1]))
        _ = try spool.recover(recorded: { _ in [] })
        #expect(names(spool.outbox("letters").tmp).isEmpty)
        file.discard()
    }

    /// A crash after the commit and before the rename: the ledger lists the result, so recovery
    /// delivers it; a staged result the ledger does not list was never committed and goes.
    @Test func recoveryPublishesStagedResultsTheLedgerRecordsAndRemovesTheRest() throws {
        let sync = DirectorySync()
        for id in ["b-1", "b-2"] {
            let file = try spool.outboxFile("batches", name: id + ".json")
            try file.append(Array(id.utf8))
            try file.stage(sync)
        }
        var asked: [String] = []
        let recovery = try spool.recover(recorded: { paths in
            asked = paths.sorted(); return ["outbox/batches/new/b-1.json"]
        })
        #expect(asked == ["outbox/batches/new/b-1.json", "outbox/batches/new/b-2.json"])
        #expect(recovery.published == ["outbox/batches/new/b-1.json"] && recovery.discarded == 1)
        #expect(names(spool.outbox("batches").new) == ["b-1.json"])
        #expect(names(spool.outbox("batches").tmp).isEmpty)
    }

    /// When the ledger cannot be read, nothing is touched: a committed result is never removed as if it were not.
    @Test func recoveryLeavesStagedResultsAloneWhenTheLedgerCannotSay() throws {
        let file = try spool.outboxFile("batches", name: "b-1.json")
        try file.append([1])
        try file.stage(DirectorySync())
        #expect(throws: SpoolError.self) { try spool.recover(recorded: { _ in nil }) }
        #expect(names(spool.outbox("batches").tmp).count == 1)
    }

    /// Two nodes on one spool: each claims into its own active/<node>/; a node's recovery
    /// returns only its own claims (and those a version before nodes left in active/), and
    /// another node can return a dead node's claims and results by name.
    @Test func eachNodeClaimsIntoItsOwnDirectoryAndRecoversOnlyItsOwn() throws {
        let a = Spool(root: spool.root, node: "node-a"), b = Spool(root: spool.root, node: "node-b")
        try a.prepare()
        try b.prepare()
        let first = try a.deliver([1]), second = try a.deliver([2]), legacy = try a.deliver([3])
        #expect(try a.claim(first) == a.activeDirectory(node: "node-a") + "/" + first)
        #expect(try b.claim(first) == nil)
        _ = try b.claim(second)
        #expect(rename(a.incomingNew + "/" + legacy, a.root + "/active/" + legacy) == 0)
        #expect(try a.entries(.active).map(\.name) == [first, second])
        #expect(try a.count(.active) == 2)
        #expect(try b.claimedElsewhere() == ["node-a": [first]])
        let staged = try b.outboxFile("batches", name: "j-1.json")
        try staged.append([1])
        try staged.stage(DirectorySync())

        #expect(try a.recover(recorded: { _ in [] }).returned.sorted() == [first, legacy].sorted())
        #expect(names(b.activeDirectory(node: "node-b")) == [second])
        #expect(names(a.outbox("batches").tmp).count == 1)  // node-b's staged result is not node-a's to judge
        let takeover = try a.recover(node: "node-b", recorded: { $0.count == 1 ? Set($0) : [] })
        #expect(takeover.returned == [second] && takeover.published == ["outbox/batches/new/j-1.json"])
        #expect(try a.waiting().sorted() == [first, second, legacy].sorted())
    }

    @Test func nodeNamesAreCheckedAndTheHostNameIsTheDefault() {
        #expect(Spool.isValidNode("parity-1.example_2"))
        for bad in ["", ".hidden", "a/b", "a+b", "nødé", String(repeating: "x", count: 65)] {
            #expect(!Spool.isValidNode(bad))
        }
        #expect(Spool.isValidNode(Spool.defaultNode))
    }
}

extension SpoolTests {
    @Test func countsLeaveOutReasonFiles() throws {
        for payload: UInt8 in [1, 2] {
            let name = try spool.deliver([payload])
            _ = try spool.claim(name)
            try spool.reject(
                name,
                record: RejectionRecord(
                    message: name, rejectedAt: "2026-11-23T00:00:00Z", kind: nil, id: nil,
                    reason: Rejection(.notJSON, location: name, found: "binary", expected: "JSON")))
        }
        #expect(try spool.count(.rejected) == 2)
        #expect(try spool.count(.done) == 0)
    }
}

extension SpoolTests {
    @Test func messagesAreTakenInDeliveryOrderWhateverTheDigitsOfTheMicroseconds() throws {
        // Python's mailbox.Maildir writes the microseconds without padding.
        for name in ["1795.M100000P7Q2.h", "1795.M99999P7Q1.h", "1796.M5P7Q3.h", "notes"] {
            _ = dir.write("spool/incoming/new/" + name, "{}")
        }
        #expect(try spool.waiting() == ["1795.M99999P7Q1.h", "1795.M100000P7Q2.h", "1796.M5P7Q3.h", "notes"])
    }
}
