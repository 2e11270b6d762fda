import CQREncode
import Foundation

/// A QR code (ISO/IEC 18004) made by libqrencode at error correction level M, the smallest
/// version that holds the text. A letter's code is version 25 (117 modules) or smaller, so that
/// at 1.5 points a module (6 dots at 300 dpi, `LetterPDF.qrModule`) it stays within 188 points
/// beside the verification code.
struct QRSymbol {
    static let maximumVersion = 25
    let version: Int
    let size: Int
    private let dark: [Bool]

    init(_ text: String) throws(LetterRenderError) {
        // One alphanumeric segment when the text is all of that set (as base45 is): 5.5 bits a
        // character, with no mode switches, which libqrencode's own splitting adds around runs
        // of digits. Otherwise its splitting, which picks a mode per run.
        let bytes = Array(text.utf8)
        let code: UnsafeMutablePointer<QRcode>?
        if !bytes.isEmpty, bytes.allSatisfy({ Base45.alphabet.contains($0) }), let input = QRinput_new2(0, QR_ECLEVEL_M) {
            defer { QRinput_free(input) }
            code = QRinput_append(input, QR_MODE_AN, Int32(bytes.count), bytes) == 0 ? QRcode_encodeInput(input) : nil
        } else {
            code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)
        }
        guard let code else {
            throw .qrCode("libqrencode refused \(text.utf8.count) bytes (\(String(cString: strerror(errno))))")
        }
        defer { QRcode_free(code) }
        version = Int(code.pointee.version)
        size = Int(code.pointee.width)
        guard version <= Self.maximumVersion else {
            throw .qrCode("\(text.utf8.count) characters need version \(version), more than the \(Self.maximumVersion) a letter allows")
        }
        guard let data = code.pointee.data else { throw .qrCode("libqrencode returned no modules") }
        // Each module is a byte whose lowest bit is set when the module is dark.
        dark = (0..<size * size).map { data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }
}
