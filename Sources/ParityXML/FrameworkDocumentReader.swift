import Dispatch
import Glibc
public import ParityCore
import Synchronization

/// Reads one framework or taxonomy file: streams it through libxml2 with the safe options,
/// validates it against the XSD on the way, maps it to core types, and hashes its exact bytes.
/// A document with any problem yields every diagnostic found and no content.
public enum FrameworkDocumentReader {
    /// Files at least this large are hashed on a second core while they are parsed.
    static let parallelHashThreshold = 4 << 20

    public static func read(file: String, schema: FrameworkSchema) throws(FrameworkFileError) -> SourceDocument {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: file, reason: "cannot open: \(errnoDescription())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: file, reason: "cannot stat: \(errnoDescription())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(file: file, reason: "not a regular file; expected a framework XML file")
        }

        let hash: Result<String, FrameworkFileError>
        let content: Result<SourceDocument.Content, FrameworkFileError>
        if Int(info.st_size) >= parallelHashThreshold {
            let box = Mutex<Result<String, FrameworkFileError>?>(nil)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                let digest = hashContents(fd: fd, file: file)
                box.withLock { $0 = digest }
            }
            content = parse(fd: fd, file: file, schema: schema)
            group.wait()
            hash = box.withLock { $0 } ?? .failure(.unreadable(file: file, reason: "the content hash was not computed"))
        } else {
            hash = hashContents(fd: fd, file: file)
            content = parse(fd: fd, file: file, schema: schema)
        }
        return SourceDocument(file: file, contentHash: try hash.get(), content: try content.get())
    }

    /// SHA-256 of the file through `pread`, which leaves the descriptor's offset to the parser.
    private static func hashContents(fd: Int32, file: String) -> Result<String, FrameworkFileError> {
        var hasher = SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var offset: off_t = 0
        while true {
            let n = pread(fd, buffer.baseAddress, size, offset)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(file: file, reason: "read failed: \(errnoDescription())"))
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += off_t(n)
        }
        return .success(hasher.finalize().hexString)
    }

    private static func parse(
        fd: Int32, file: String, schema: FrameworkSchema
    ) -> Result<SourceDocument.Content, FrameworkFileError> {
        FrameworkStreamParser.parse(fd: fd, file: file, schema: schema)
    }
}

func errnoDescription() -> String { String(cString: strerror(errno)) }
