import Foundation

/// A signed XML sample made unsigned: its `ds:Signature` element removed. The official EMREX
/// ELMO examples were edited after they were signed, so their seals fail and Parity refuses
/// them as signed; without the signature they are what an unsigned transcript looks like.
public enum Unsigned {
    public static func xml(_ text: String) -> String {
        guard let start = text.range(of: "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\""),
            let end = text.range(of: "</Signature>", range: start.upperBound..<text.endIndex)
        else { return text }
        return text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
    }

    public static func xml(contentsOf path: String) throws -> String {
        xml(try String(contentsOfFile: path, encoding: .utf8))
    }
}
