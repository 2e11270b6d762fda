#if canImport(Glibc)
import Glibc
#endif

/// Names a producer chooses are checked at the door: a name that would collide with the
/// spool's own files (`<name>.reason.json`), one too long to carry the reason suffix (the
/// file system allows 255 bytes), and one reused for another message are refused, and the
/// refused original is kept under a name that is safe.
extension Spool {
    /// The longest name accepted: with `.reason.json` and a `~N` it stays within 255 bytes.
    public static let longestName = 200

    /// Why a delivered name cannot be used as it is; nil when it can.
    public func nameProblem(_ name: String) -> String? {
        if name.utf8.count > Self.longestName { return "a name of \(name.utf8.count) bytes" }
        if name.hasSuffix(Self.reasonSuffix) { return "a name ending in \(Self.reasonSuffix), as reason files do" }
        if (try? FileSystem.status(directory(.done) + "/" + name)) != nil {
            return "the name of an original already in done/ (a name used again)"
        }
        return nil
    }

    /// Where a refused original is kept in rejected/: under its own name when that is safe and
    /// free; a long or reason-like name becomes `unsafe-name-<hash>`; a taken one gets `~2`, `~3`...
    public func rejectionName(for name: String) -> String {
        var base = name
        if name.utf8.count > Self.longestName || name.hasSuffix(Self.reasonSuffix) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: a name, not a secret
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            base = "unsafe-name-" + String(hash, radix: 16)
        }
        let rejected = directory(.rejected)
        var target = base
        var attempt = 2
        while attempt < 1000, (try? FileSystem.status(rejected + "/" + target)) != nil {
            target = base + "~\(attempt)"
            attempt += 1
        }
        return target
    }
}
