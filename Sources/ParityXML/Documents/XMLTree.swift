import CLibXML2
import Foundation
public import ParityCore

/// A document that is not well-formed, or that libxml2 refused: each problem at `file:line:column`.
public struct XMLDocumentError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [XMLDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A small exchange document (a transcript, a credential, a vacancy) parsed whole with
/// libxml2's tree API and the importer's safe options: no network, no entity substitution, no
/// DTD loading, libxml2's own depth and size limits. Elements are found by local name, so a
/// reader serves every namespace dialect of a format.
public final class XMLTree {
    let document: xmlDocPtr
    public let file: String

    public init(bytes: [UInt8], file: String) throws(XMLDocumentError) {
        LibXML.initialize()
        let sink = DiagnosticSink(file: file, limit: 20)
        let parsed: xmlDocPtr? = withExtendedLifetime(sink) {
            xmlSetStructuredErrorFunc(sink.context, diagnosticCallback)
            defer { xmlSetStructuredErrorFunc(nil, nil) }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.flatMap { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        xmlReadMemory($0, Int32(clamping: buffer.count), file, nil, LibXML.safeOptions)
                    }
                }
            }
        }
        guard let parsed, xmlDocGetRootElement(parsed) != nil else {
            if let parsed { xmlFreeDoc(parsed) }
            var diagnostics = sink.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [
                    XMLDiagnostic(
                        location: SourcePosition(file: file, line: 0),
                        message: "not an XML document (empty, or no root element)")
                ]
            }
            throw XMLDocumentError(diagnostics: diagnostics)
        }
        // A document type declaration can declare entities, whose text the tree would expand
        // into fields (a holder's name): refused, as the framework importer refuses it.
        if parsed.pointee.intSubset != nil || parsed.pointee.extSubset != nil {
            xmlFreeDoc(parsed)
            throw XMLDocumentError(diagnostics: [
                XMLDiagnostic(
                    location: SourcePosition(file: file, line: Self.line(of: "<!DOCTYPE", in: bytes) ?? 1, column: 1),
                    message:
                        "a <!DOCTYPE> is not allowed: it can declare entities (XXE, billion laughs) whose text would enter the document's fields; remove it"
                )
            ])
        }
        // Well-formed, but libxml2 recovered from something (an undefined entity, say): refused
        // all the same, as the framework importer refuses it.
        if let fatal = sink.diagnostics.first {
            xmlFreeDoc(parsed)
            throw XMLDocumentError(diagnostics: [fatal] + sink.diagnostics.dropFirst())
        }
        document = parsed
        self.file = file
    }

    deinit { xmlFreeDoc(document) }

    /// The line `needle` first starts on in `bytes`, if it is there (libxml2 keeps no line for a DTD).
    static func line(of needle: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var line = 1
        for i in 0...(bytes.count - pattern.count) {
            if bytes[i] == 0x0A {
                line += 1
            } else if bytes[i] == first, bytes[i..<i + pattern.count].elementsEqual(pattern) {
                return line
            }
        }
        return nil
    }

    public var root: XMLNode {
        // The guard in init makes a root element certain.
        XMLNode(pointer: xmlDocGetRootElement(document), tree: self)
    }

    /// Schema-validity problems against `schema` (none: valid). The document is not changed.
    public func problems(against schema: XMLSchema) -> [XMLDiagnostic] {
        let sink = DiagnosticSink(file: file, limit: 50)
        guard let context = xmlSchemaNewValidCtxt(schema.pointer) else { return [] }
        defer { xmlSchemaFreeValidCtxt(context) }
        _ = withExtendedLifetime(sink) {
            xmlSchemaSetValidStructuredErrors(context, diagnosticCallback, sink.context)
            return xmlSchemaValidateDoc(context, document)
        }
        return sink.diagnostics
    }

    /// Moves every element in `from` (nil: no namespace) into `to`, so that an older dialect of
    /// a format can be checked against the current schema.
    public func renamespace(from: String?, to: String) {
        guard let root = xmlDocGetRootElement(document) else { return }
        let target = xmlNewNs(root, to, "parity-v1")
        func visit(_ node: xmlNodePtr) {
            var child: xmlNodePtr? = node
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let href = current.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
                    if href == from { current.pointee.ns = target }
                    if let first = current.pointee.children { visit(first) }
                }
                child = current.pointee.next
            }
        }
        visit(root)
    }
}

/// An element of an `XMLTree` (the tree stays alive while a node is held).
public struct XMLNode {
    let pointer: xmlNodePtr
    let tree: XMLTree

    /// Whether this is the document's root element.
    public var isRoot: Bool { pointer == xmlDocGetRootElement(tree.document) }

    /// The local name, without prefix.
    public var name: String { String(cString: pointer.pointee.name) }
    public var namespace: String? { pointer.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } }
    public var line: Int { Int(xmlGetLineNo(pointer)) }
    public var position: SourcePosition { SourcePosition(file: tree.file, line: line, column: 1) }

    /// The element children, in order.
    public var children: [XMLNode] {
        var found: [XMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { found.append(XMLNode(pointer: current, tree: tree)) }
            child = current.pointee.next
        }
        return found
    }

    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    /// The first element named so at any depth below, in document order.
    public func first(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// The text inside, trimmed (CDATA included); nil when empty.
    public var text: String? {
        guard let content = xmlNodeGetContent(pointer) else { return nil }
        defer { parity_xml_free(content) }
        let text = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// An attribute by local name, in any namespace (`xml:lang` is `lang`).
    public func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if String(cString: current.pointee.name) == name,
                let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
            {
                defer { parity_xml_free(value) }
                return String(cString: value)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text of a child, trimmed.
    public func text(_ name: String) -> String? { child(name)?.text }
}
