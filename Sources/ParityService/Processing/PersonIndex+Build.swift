import Foundation
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore

/// The first build of the person index, at the first start after the upgrade that brought
/// it: every kept file is read once (regular files only, bounded), and indexed in the scope
/// its message was delivered under, as the ledger records it.
extension PersonIndex {
    /// Indexes the files kept before the index existed, unless that was done. Returns how many rows it wrote.
    @discardableResult
    func buildIfNeeded() throws(PersonIndexError) -> Int {
        do {
            guard try !database.personIndexBuilt() else { return 0 }
            var rows: [PersonFile] = []
            for state in [Spool.State.done, .rejected] {
                for name in try spool.keptNames(state) {
                    guard let kept = try spool.kept(relative: state.rawValue + "/" + name, limit: Self.largestKeptFile)
                    else { continue }
                    let mentions = PersonErasure.mentions(in: kept.bytes)
                    let scope =
                        state == .rejected ? ProducerPolicy.groupScope(kept.group) : try doneScope(kept.bytes, name)
                    rows += Self.rows(
                        references(ids: mentions.ids, refs: mentions.refs, scope: scope),
                        paths: [state.rawValue + "/" + name])
                }
            }
            for audience in Spool.audiences {
                for name in try spool.keptResultNames(audience) where !name.hasSuffix(".pdf") {
                    let path = OutboxFile.ledgerPath(audience: audience, name: name)
                    guard let kept = try spool.kept(relative: path, limit: Self.largestKeptFile) else { continue }
                    var mentions = PersonErasure.mentions(in: kept.bytes)
                    if let holder = SignedLetter.holderId(kept.bytes) { mentions.ids.insert(holder) }
                    var paths = [path]
                    if audience == "letters", name.hasSuffix(".json") {
                        paths.append(OutboxFile.ledgerPath(audience: audience, name: name.dropLast(5) + ".pdf"))
                    }
                    let scope = try resultScope(path, name: name)
                    rows += Self.rows(
                        references(ids: mentions.ids, refs: mentions.refs, scope: scope), paths: paths)
                }
            }
            try database.recordPersonFiles(rows, built: true)
            return rows.count
        } catch let error as StoreError {
            throw PersonIndexError(problem: "\(error.path): \(error.message)")
        } catch let error as SpoolError {
            throw PersonIndexError(problem: "\(error)")
        } catch {
            throw PersonIndexError(problem: "\(error)")
        }
    }

    /// A done/ original's scope: that of the ledger entry of its id kept under this name
    /// (empty for a message from before scopes).
    private func doneScope(_ bytes: [UInt8], _ name: String) throws(StoreError) -> String {
        guard
            let envelope = try? MessageEnvelope.read(
                bytes, source: name, maximumDepth: 64, documents: NoExchangeDocuments())
        else { return "" }
        return try database.ledgerEntries(id: envelope.id).first { $0.file == name }?.scope ?? ""
    }

    /// A result's scope: that of the ledger entry that lists it among its outputs. A name from
    /// before scopes is the message id and an extension, and an id may hold dots: each prefix is asked.
    private func resultScope(_ path: String, name: String) throws(StoreError) -> String {
        var candidates: [String] = []
        var prefix = ""
        for part in name.split(separator: ".", omittingEmptySubsequences: false).dropLast() {
            prefix += (prefix.isEmpty ? "" : ".") + part
            candidates.append(prefix)
        }
        if let id = MessageKey.id(ofResultName: Substring(name)) { candidates.append(id) }
        for id in candidates.reversed() {
            if let entry = try database.ledgerEntries(id: id).first(where: { $0.outputs.contains(path) }) {
                return entry.scope
            }
        }
        return ""
    }
}

/// The person index could not be built (the store or the spool failed): parityd does not start.
struct PersonIndexError: Error, CustomStringConvertible {
    var problem: String
    var description: String { "cannot build the person index: \(problem)" }
}
