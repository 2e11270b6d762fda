import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import SwiftASN1
import Testing
import X509

@testable import ParitySignatures

/// The EU trusted lists of ../shared/data/signatures/trust (a 2019 snapshot): the LOTL is
/// accepted only when signed by a pinned OJEU certificate, each Member State list only when
/// signed by a certificate the LOTL names for it, and seals chain to their qualified CAs at
/// the signing time, as SOURCES.md concludes.
@Suite struct TrustListTests {
    static func pinned() throws -> [Certificate] {
        try (1...8).map {
            try Certificate(
                pemEncoded: String(
                    contentsOfFile: JAdESSampleTests.fixtures + "trust/oj-2019/ec.europa.eu.\($0).cer", encoding: .utf8)
            )
        }
    }

    static func store() throws -> TrustStore {
        var store = TrustStore(pinned: try pinned())
        store.lotl = try store.check(try JAdESSampleTests.bytes("trust/EU.xml"), file: "EU.xml")
        store.lists = [
            try store.check(try JAdESSampleTests.bytes("trust/ES.xml"), file: "ES.xml"),
            try store.check(try JAdESSampleTests.bytes("trust/SI.xml"), file: "SI.xml"),
        ]
        return store
    }

    @Test func theListsOfTheSnapshotAreReadWithTheirSequenceAndNextUpdate() throws {
        let store = try Self.store()
        #expect(
            store.lotl?.sequence == 248 && store.lotl?.isListOfLists == true && store.lotl?.pointers.count ?? 0 >= 28)
        #expect(store.lists.map(\.territory) == ["ES", "SI"] && store.lists.map(\.sequence) == [88, 37])
        #expect(store.lists.allSatisfy { $0.isStale(at: JAdESSampleTests.now) })
    }

    @Test func aLOTLWhoseSignatureIsWrongIsRefusedAndItsListsWithIt() throws {
        var bytes = try JAdESSampleTests.bytes("trust/EU.xml")
        let text = String(decoding: bytes, as: UTF8.self)
        let at = try #require(text.range(of: "<TSLSequenceNumber>248")).upperBound.utf16Offset(in: text) - 1
        bytes[at] = UInt8(ascii: "9")
        var store = TrustStore(pinned: try Self.pinned())
        #expect(throws: TrustStore.Problem.self) { try store.check(bytes, file: "EU.xml") }
        // Without a LOTL, a Member State list has nobody to vouch for its signer.
        #expect(throws: TrustStore.Problem.self) {
            try store.check(try JAdESSampleTests.bytes("trust/ES.xml"), file: "ES.xml")
        }
        store.pinned = []
        #expect(throws: TrustStore.Problem.self) {
            try store.check(try JAdESSampleTests.bytes("trust/EU.xml"), file: "EU.xml")
        }
    }

    @Test(arguments: [
        ("jades/json_sealed_advanced.json", "ANF Assured ID CA1", "ES"),
        ("jades/json_to_seal-signed-jades-baseline-lta.json", "ANF Assured ID CA1", "ES"),
        ("jades/MyNextID_edc-dc-signed.jsonld", "Halcom Root Certificate Authority", "SI"),
    ])
    func aJAdESSealChainsToItsQualifiedCAAtTheSigningTime(file: String, service: String, territory: String) throws {
        let a = try #require(
            JAdESVerifier.verify(try JAdESSampleTests.bytes(file), now: JAdESSampleTests.now, trust: try Self.store())
        )
        .authenticity
        let chain = try #require(JAdESSampleTests.step(a, .chain))
        #expect(chain.status == .ok, "\(chain.detail)")
        #expect(a.trustAnchor?.service.contains(service) == true && a.trustAnchor?.status == "granted", "\(a)")
        #expect(a.trustAnchor?.list.hasPrefix(territory) == true && chain.detail.contains("past its NextUpdate"))
        // Time and revocation are not yet established offline: intact and chained, still not `verified`.
        #expect(a.verdict == .indeterminate)
    }

    @Test(arguments: [
        ("xades/credential-QSeal.xml", "Halcom CA PO e-seal 1"),
        ("xades/ELMv2_EDC_DiplomaSupplement_AA.xml", "ANF Assured ID CA1"),
    ])
    func aXAdESSealChainsToItsQualifiedCA(file: String, service: String) throws {
        let bytes = try JAdESSampleTests.bytes(file)
        let a = try #require(
            XMLSealVerifier.verify(
                bytes, tree: try XMLTree(bytes: bytes, file: file), now: JAdESSampleTests.now, trust: try Self.store()))
        #expect(JAdESSampleTests.step(a, .chain)?.status == .ok, "\(a.steps)")
        #expect(a.trustAnchor?.service.contains(service) == true, "\(String(describing: a.trustAnchor))")
    }

    @Test(arguments: ["jades/jades-lta.json", "xades/signedSampleXML-B.badSign.xml"])
    func aSignerUnderNoListedCAIsNotEstablished(file: String) throws {
        let bytes = try JAdESSampleTests.bytes(file)
        let store = try Self.store()
        let a =
            file.hasSuffix(".xml")
            ? try #require(
                XMLSealVerifier.verify(
                    bytes, tree: try XMLTree(bytes: bytes, file: file), now: JAdESSampleTests.now, trust: store))
            : try #require(JAdESVerifier.verify(bytes, now: JAdESSampleTests.now, trust: store)).authenticity
        let chain = try #require(JAdESSampleTests.step(a, .chain))
        #expect(chain.status == .skipped && chain.detail.contains("reaches no qualified CA"), "\(chain.detail)")
        #expect(a.verdict == .indeterminate && a.trustAnchor == nil)
    }

    /// A trust service counts by its status at the signing time, not today's.
    @Test func aCAWithdrawnBeforeTheSigningTimeDoesNotEstablishTheSigner() throws {
        var store = try Self.store()
        let day = 86_400.0
        let signedAt = try #require(Validity.date("2022-07-25T14:36:56Z"))
        for l in store.lists.indices {
            for s in store.lists[l].services.indices
            where store.lists[l].services[s].name.contains("ANF Assured ID CA1") {
                store.lists[l].services[s].statuses.insert(
                    ("withdrawn", signedAt.addingTimeInterval(-30 * day)), at: 0)
            }
        }
        let a = try #require(
            JAdESVerifier.verify(
                try JAdESSampleTests.bytes("jades/json_sealed_advanced.json"), now: JAdESSampleTests.now, trust: store)
        ).authenticity
        let chain = try #require(JAdESSampleTests.step(a, .chain))
        #expect(chain.status == .skipped && chain.detail.contains("was withdrawn"), "\(chain.detail)")
        #expect(a.trustAnchor?.status == "withdrawn")
    }
}
