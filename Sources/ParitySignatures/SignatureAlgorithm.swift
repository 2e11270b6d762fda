import Crypto
import X509
import _CryptoExtras

/// The JWS algorithms JAdES seals use (RFC 7518 §3): RSA PKCS#1 v1.5 and PSS, and ECDSA on
/// P-256, P-384 and P-521, each verified by swift-crypto with the key of the signer's certificate.
enum SignatureAlgorithm {
    static let names: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]

    enum Outcome: Equatable {
        case valid
        case invalid
        /// The certificate's key is not the kind the algorithm needs, or too weak to trust.
        case unusableKey(String)
    }

    static func verify(
        _ algorithm: String, signature: [UInt8], input: [UInt8], key: Certificate.PublicKey
    ) -> Outcome {
        switch algorithm {
        case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
            guard let rsa = _RSA.Signing.PublicKey(key) else {
                return .unusableKey("the certificate's key is not RSA, as \(algorithm) needs")
            }
            guard rsa.keySizeInBits >= 2048 else {
                return .unusableKey("the certificate's RSA key has \(rsa.keySizeInBits) bits; at least 2048 are needed")
            }
            let padding: _RSA.Signing.Padding = algorithm.hasPrefix("PS") ? .PSS : .insecurePKCS1v1_5
            let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
            let valid =
                switch algorithm.suffix(3) {
                case "256": rsa.isValidSignature(value, for: SHA256.hash(data: input), padding: padding)
                case "384": rsa.isValidSignature(value, for: SHA384.hash(data: input), padding: padding)
                default: rsa.isValidSignature(value, for: SHA512.hash(data: input), padding: padding)
                }
            return valid ? .valid : .invalid
        case "ES256":
            guard let ec = P256.Signing.PublicKey(key) else { return .unusableKey("the key is not on P-256") }
            guard let value = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return .invalid }
            return ec.isValidSignature(value, for: SHA256.hash(data: input)) ? .valid : .invalid
        case "ES384":
            guard let ec = P384.Signing.PublicKey(key) else { return .unusableKey("the key is not on P-384") }
            guard let value = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return .invalid }
            return ec.isValidSignature(value, for: SHA384.hash(data: input)) ? .valid : .invalid
        case "ES512":
            guard let ec = P521.Signing.PublicKey(key) else { return .unusableKey("the key is not on P-521") }
            guard let value = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return .invalid }
            return ec.isValidSignature(value, for: SHA512.hash(data: input)) ? .valid : .invalid
        default:
            return .unusableKey("'\(algorithm.prefix(20))' is not a signature algorithm Parity verifies")
        }
    }
}
