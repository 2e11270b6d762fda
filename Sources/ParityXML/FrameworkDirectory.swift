import Glibc
public import ParityCore

/// The directory of framework files (`paths.frameworks`): loading it whole, and installing a
/// file into it. A set is only ever produced complete; any problem yields every error instead.
public struct FrameworkDirectory: Sendable {
    public let path: String
    public let schemaPath: String

    public init(path: String, schemaPath: String) {
        self.path = path
        self.schemaPath = schemaPath
    }

    /// The framework files of the directory, sorted: `*.xml`, not hidden, regular files.
    public func files() throws(FrameworkLoadError) -> [String] {
        guard let dir = opendir(path) else {
            throw FrameworkLoadError(files: [
                .unreadable(
                    file: path,
                    reason: "cannot open the frameworks directory: \(errnoDescription()); check paths.frameworks")
            ])
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasSuffix(".xml"), !name.hasPrefix(".") else { continue }
            names.append(name)
        }
        return names.sorted().map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
    }

    /// Reads, validates and cross-checks every file: the complete set, or every problem.
    public func load() throws(FrameworkLoadError) -> FrameworkSet {
        try Self.load(files: files(), schemaPath: schemaPath, emptyMeans: "no framework files (*.xml) in \(path)")
    }

    /// The same for an explicit list of files (`parity frameworks validate FILE...`).
    public static func load(
        files: [String], schemaPath: String, emptyMeans: String = "no files given"
    ) throws(FrameworkLoadError) -> FrameworkSet {
        let schema: FrameworkSchema
        do { schema = try FrameworkSchema(path: schemaPath) } catch { throw FrameworkLoadError(files: [error]) }
        guard !files.isEmpty else { throw FrameworkLoadError(files: [.unreadable(file: "", reason: emptyMeans)]) }
        var documents: [SourceDocument] = []
        var failures: [FrameworkFileError] = []
        for file in files {
            do { documents.append(try FrameworkDocumentReader.read(file: file, schema: schema)) } catch {
                failures.append(error)
            }
        }
        guard failures.isEmpty else { throw FrameworkLoadError(files: failures) }
        do { return try FrameworkSet(documents: documents) } catch { throw FrameworkLoadError(semantic: error.issues) }
    }

    /// Validates `file` together with the directory's current files (the new file replacing the
    /// one with the same id), then places it atomically as `<id>.xml`: copied to a hidden temp
    /// file in the directory, fsynced, checked there byte for byte, renamed, directory fsynced.
    /// Returns the installed path. On any problem nothing in the directory changes.
    @discardableResult
    public func install(file: String) throws(FrameworkLoadError) -> String {
        let temp = (path.hasSuffix("/") ? path : path + "/") + ".install-\(getpid()).tmp"
        do { try copyDurably(from: file, to: temp) } catch { throw FrameworkLoadError(files: [error]) }
        var keepTemp = false
        defer { if !keepTemp { unlink(temp) } }
        let schema: FrameworkSchema
        do { schema = try FrameworkSchema(path: schemaPath) } catch { throw FrameworkLoadError(files: [error]) }
        let incoming: SourceDocument
        do {
            incoming = try FrameworkDocumentReader.read(file: temp, schema: schema)
        } catch {
            // Report against the operator's file name, not our temp copy.
            throw FrameworkLoadError(files: [
                .invalid(
                    file: file,
                    diagnostics: error.diagnostics.map {
                        XMLDiagnostic(
                            location: SourcePosition(file: file, line: $0.location.line, column: $0.location.column),
                            message: $0.message)
                    })
            ])
        }
        var located = incoming
        located.file = file
        let target: String
        do {
            let (_, replaced) = try overlay([located], schema: schema)
            target = replaced[incoming.id] ?? (path.hasSuffix("/") ? path : path + "/") + incoming.id + ".xml"
        }
        guard rename(temp, target) == 0 else {
            throw FrameworkLoadError(files: [
                .unreadable(file: target, reason: "cannot move the file into place: \(errnoDescription())")
            ])
        }
        keepTemp = true
        syncDirectory(path)
        return target
    }

    /// Checks `files` as they would stand in this directory: each replaces the directory's file
    /// with the same document id, and the whole set must pass every check.
    /// With `alone`, the files are checked only among themselves.
    public func check(files: [String], alone: Bool = false) throws(FrameworkLoadError) -> FrameworkSet {
        if alone { return try Self.load(files: files, schemaPath: schemaPath) }
        let schema: FrameworkSchema
        do { schema = try FrameworkSchema(path: schemaPath) } catch { throw FrameworkLoadError(files: [error]) }
        var documents: [SourceDocument] = []
        var failures: [FrameworkFileError] = []
        for file in files {
            do { documents.append(try FrameworkDocumentReader.read(file: file, schema: schema)) } catch {
                failures.append(error)
            }
        }
        guard failures.isEmpty else { throw FrameworkLoadError(files: failures) }
        return try overlay(documents, schema: schema).set
    }

    /// The directory's documents with `documents` in place of those with the same id (or path).
    /// Returns the checked set and, per replaced id, the directory file it replaced.
    private func overlay(
        _ documents: [SourceDocument], schema: FrameworkSchema
    ) throws(FrameworkLoadError) -> (set: FrameworkSet, replaced: [String: String]) {
        let incomingIds = Set(documents.map(\.id))
        let incomingPaths = Set(documents.map(\.file))
        var all = documents
        var replaced: [String: String] = [:]
        var failures: [FrameworkFileError] = []
        for existing in try files() where !incomingPaths.contains(existing) {
            do {
                let document = try FrameworkDocumentReader.read(file: existing, schema: schema)
                if incomingIds.contains(document.id) { replaced[document.id] = existing; continue }
                all.append(document)
            } catch {
                failures.append(error)
            }
        }
        guard failures.isEmpty else { throw FrameworkLoadError(files: failures) }
        do { return (try FrameworkSet(documents: all), replaced) } catch {
            throw FrameworkLoadError(semantic: error.issues)
        }
    }

    private func copyDurably(from source: String, to destination: String) throws(FrameworkFileError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .unreadable(file: source, reason: "cannot open: \(errnoDescription())") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw .unreadable(
                file: destination, reason: "cannot create in the frameworks directory: \(errnoDescription())")
        }
        defer { close(output) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue };
                throw .unreadable(file: source, reason: "read failed: \(errnoDescription())")
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = write(output, buffer.baseAddress.map { $0 + written }, n - written)
                if w < 0 {
                    if errno == EINTR { continue };
                    throw .unreadable(file: destination, reason: "write failed: \(errnoDescription())")
                }
                written += w
            }
        }
        guard fsync(output) == 0 else {
            throw .unreadable(file: destination, reason: "fsync failed: \(errnoDescription())")
        }
    }

    private func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// Why a set of framework files could not be loaded: per-file problems (XML, XSD) and
/// cross-file problems (dangling bridges, duplicate ids), each located.
public struct FrameworkLoadError: Error, Sendable, CustomStringConvertible {
    public var files: [FrameworkFileError]
    public var semantic: [SemanticIssue]

    public init(files: [FrameworkFileError] = [], semantic: [SemanticIssue] = []) {
        self.files = files
        self.semantic = semantic
    }

    /// One line per problem, `file:line:column: message`.
    public var lines: [String] {
        files.flatMap { $0.diagnostics.map(\.description) } + semantic.map(\.description)
    }

    public var description: String { lines.joined(separator: "\n") }
}
