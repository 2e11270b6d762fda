import Foundation
import Logging
import NIOCore
public import ParityCore
public import ParityStore
import PostgresNIO

/// The candidate pool as stored, in PostgreSQL.
extension PostgresStore {
    public func candidateCount() throws(StoreError) -> Int {
        try withConnection("count the candidates") { c in
            Int(
                try c.query("SELECT count(*) FROM candidate", logger: logger).waitBounded(on: c).rows.first.map {
                    try $0.decode(Int64.self)
                } ?? 0)
        }
    }

    public func candidates() throws(StoreError) -> [CandidateRecord] {
        try withConnection("read the candidates") { c in
            try c.query(
                "SELECT scope, person_id, destination, record FROM candidate ORDER BY scope, person_id, destination",
                logger: logger
            )
            .waitBounded(on: c).rows.map(Self.candidate)
        }
    }

    public func candidates(personId: String) throws(StoreError) -> [CandidateRecord] {
        try withConnection("read a candidate") { c in
            try c.query(
                """
                SELECT scope, person_id, destination, record FROM candidate WHERE person_id = \(personId) ORDER BY scope, destination
                """, logger: logger
            ).waitBounded(on: c).rows.map(Self.candidate)
        }
    }

    private static func candidate(_ row: PostgresRow) throws -> CandidateRecord {
        let (scope, person, destination, record) = try row.decode((String, String, String, String).self)
        return CandidateRecord(
            key: CandidateKey(scope: scope, personId: person, destination: destination), record: record)
    }
}
