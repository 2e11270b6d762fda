import Glibc
import ParitySpool
import ParityStore

@testable import ParityService

/// The scope of the messages this test process delivers without a `service` field: its group's.
let ownScope = ProducerPolicy.groupScope(getegid())

extension Spool {
    /// Where the daemon puts a message's result: `outbox/<audience>/new/<scope>~<id>.<ext>`.
    func result(_ audience: String, _ id: String, _ ext: String = "json", scope: String = ownScope) -> String {
        outbox(audience).new + "/" + MessageKey(scope: scope, id: id).resultName(ext)
    }

    /// How the ledger lists that result.
    static func ledgerResult(
        _ audience: String, _ id: String, _ ext: String = "json", scope: String = ownScope
    )
        -> String
    {
        OutboxFile.ledgerPath(audience: audience, name: MessageKey(scope: scope, id: id).resultName(ext))
    }
}
