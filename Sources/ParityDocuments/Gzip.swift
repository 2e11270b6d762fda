import CZlib
import ParityCore

/// gzip (or zlib) data inflated, with a ceiling on the result so that a small document cannot
/// expand into gigabytes.
enum Gzip {
    static let limit = 64 << 20

    static func inflate(_ bytes: [UInt8]) -> Result<[UInt8], DocumentError> {
        var stream = z_stream()
        guard parity_inflate_init(&stream) == Z_OK else {
            return .failure(DocumentError(.unreadable, at: "", "zlib could not start inflating"))
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        return input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                out.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if out.count > limit {
                    return .failure(
                        DocumentError(
                            .unreadable, at: "", "the compressed document inflates to more than \(limit >> 20) MiB"))
                }
                switch status {
                case Z_STREAM_END: return .success(out)
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .failure(DocumentError(.unreadable, at: "", "the compressed document is truncated"))
                default:
                    return .failure(
                        DocumentError(
                            .unreadable, at: "",
                            "not gzip data (zlib: \(stream.msg.map { String(cString: $0) } ?? "error \(status)"))"))
                }
            }
        }
    }
}
