import Foundation

/// Keys and self-signed certificates made at test time with OpenSSL, as an EMREX data provider
/// or any other signer registers them.
public enum TestKeys {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// A fresh RSA-2048 key and a self-signed certificate for `/CN=<commonName>`, written into
    /// `directory` as `<file>.key` and `<file>.pem`. Returns their paths.
    public static func selfSigned(
        commonName: String, file: String, in directory: String
    ) throws -> (
        key: String, certificate: String
    ) {
        let key = directory + "/\(file).key", certificate = directory + "/\(file).pem"
        let made = try Tool.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "30",
                "-subj", "/CN=\(commonName)",
            ])
        guard made.status == 0 else { throw Failed(description: "openssl req: \(made.err)") }
        return (key, certificate)
    }
}
