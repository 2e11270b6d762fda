import Foundation
import Logging
import ParityCore
import ParityLetters
import ParitySpool
import ParityStore

/// The explicit start-up step, after the frameworks and the database are open and before any
/// service runs (so before READY): the spool made and checked, this node registered, its own
/// claims recovered from an unclean stop, the pseudonym and letter keys read (made on the first
/// start), the candidate pool read, interrupted erasures redacted, and the node's own
/// connection for its heartbeat opened. Every failure says what and where.
struct Startup {
    let spool: Spool
    let candidates: CandidateDirectory
    let letters: LetterIssuer
    /// The pool as read at start, in delivery order's keeping from then on.
    let order: CausalOrder
    /// Where the pool follows the change log from.
    let position: Int64
    /// The node's housekeeping connection (takeovers, the change log): never queued behind the workers' commits.
    let nodeStore: any Store
    /// The heartbeat's own connection: never queued behind the housekeeping (a takeover waiting
    /// for a cut-off node's locks, a full read of the pool).
    let heartbeatStore: any Store

    init(
        configuration: ParityConfiguration, registry: FrameworkRegistry, database: any Store, logger: Logger
    ) throws(DaemonStartupError) {
        func failed(_ what: String) -> DaemonStartupError { DaemonStartupError(lines: [what], exitCode: 73) }
        spool = Spool(root: configuration.paths.spool, node: configuration.spool.node)
        do {
            try spool.prepare()
            try spool.check()
        } catch { throw failed("\(error)") }
        do {
            // Where the pool will follow the change log from: read before the pool itself.
            position = try database.poolSequence()
            // Alive, and no longer taken over, before this node's own claims go back.
            try database.register(node: spool.node, poolSequence: position)
        } catch { throw failed("\(error.path): cannot register node \(spool.node) (\(error.message))") }
        let recovered: Spool.Recovery
        do { recovered = try spool.recover { paths in try? database.recordedOutputs(paths) } } catch {
            throw failed("\(error)")
        }
        if !recovered.returned.isEmpty || !recovered.published.isEmpty {
            logger.notice(
                "messages recovered from active/ after an unclean stop",
                metadata: [
                    "node": "\(spool.node)", "count": "\(recovered.returned.count)",
                    "results-published": "\(recovered.published.count)",
                ])
        }
        for name in recovered.quarantined {
            logger.error(
                "message rejected: it was in progress at two unclean stops (interrupted-twice)",
                metadata: ["message": "\(name)", "retry": "parity queue retry \(name)"])
        }
        let keyFile = configuration.paths.state + "/pseudonym.key"
        do { candidates = try CandidateDirectory(database: database, keyFile: keyFile, logger: logger) } catch {
            throw failed("\(keyFile): cannot create or read the pseudonym key (\(error.localizedDescription))")
        }
        // The letter key exists from the first start on (0600, under paths.state).
        letters = LetterIssuer(configuration)
        do { _ = try letters.keyRing.activeKey() } catch {
            throw failed("\(error.path): cannot create or read the letter signing key (\(error.problem))")
        }
        do {
            let pool = try Self.pool(
                PoolSnapshot(state: configuration.paths.state), candidates, database: database,
                store: configuration.storeLocation, position: position, engine: registry.engine, logger: logger)
            order = CausalOrder.starting(from: pool, engine: registry.engine)
        } catch {
            throw failed("\(error.path): cannot read the candidate pool (\(error.message))")
        }
        let index = PersonIndex(
            spool: spool, database: database, pseudonyms: candidates.pseudonyms,
            maxMessageBytes: configuration.spool.maxMessageBytes)
        do {
            for stored in recovered.quarantined { try index.recordQuarantined(stored) }
        } catch {
            throw failed("\(error.path): cannot record a quarantined message in the person index (\(error.message))")
        }
        do {
            let rows = try index.buildIfNeeded()
            if rows > 0 {
                logger.notice("person index built for the files kept before it", metadata: ["rows": "\(rows)"])
            }
        } catch { throw failed("\(error)") }
        do {
            for failure in try ErasureSweep.redactInterrupted(spool: spool, database: database) {
                logger.error("an interrupted erasure could not be redacted", metadata: ["problem": "\(failure)"])
            }
        } catch { throw failed("\(error)") }
        do {
            nodeStore = try configuration.openStore()
            heartbeatStore = try configuration.openStore()
        } catch {
            throw failed("\(error.path): cannot open the database for the node's heartbeat (\(error.message))")
        }
    }
}

extension Startup {
    /// The pool at `position` of the change log: from the snapshot of the last graceful stop if
    /// it is that of this store, position and framework data (`PoolSnapshot`), else read from
    /// the store and indexed. Says which in the log, with the time it took.
    static func pool(
        _ snapshot: PoolSnapshot, _ candidates: CandidateDirectory, database: any Store, store: String, position: Int64,
        engine: RecognitionEngine, logger: Logger
    ) throws(StoreError) -> CandidatePool {
        let start = ContinuousClock.now
        let stamp = PoolSnapshot.Stamp(
            store: store, sequence: position, rows: try database.candidateCount(), versions: engine.set.versions)
        switch snapshot.read(expecting: stamp, engine: engine) {
        case .read(let pool, let bytes):
            logger.notice(
                "candidate pool read from its snapshot",
                metadata: [
                    "candidates": "\(pool.count)", "bytes": "\(bytes)",
                    "seconds": "\((ContinuousClock.now - start).inSeconds)",
                    "file": "\(snapshot.path)",
                ])
            return pool
        case .refused(let reason):
            logger.warning("pool snapshot not used: the pool is read from the store", metadata: ["reason": "\(reason)"])
        case .none:
            break
        }
        let pool = try candidates.load(engine: engine)
        logger.notice(
            "candidate pool read from the store",
            metadata: ["candidates": "\(pool.count)", "seconds": "\((ContinuousClock.now - start).inSeconds)"])
        return pool
    }
}

extension CausalOrder {
    /// Delivery order starting from `pool`, resolved with `engine`'s data.
    static func starting(from pool: CandidatePool, engine: RecognitionEngine) -> CausalOrder {
        CausalOrder(pool: pool, versions: engine.set.versions) { candidate, engine in
            candidate.resolved(Pseudonyms.resolver(engine)).recognised(by: engine)
        }
    }
}
