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

    /// `text` is a letter's payload: all of the QR alphanumeric set (base45 is made of it), set
    /// as one alphanumeric segment, 5.5 bits a character, with none of the mode switches
    /// libqrencode's own splitting adds around runs of digits.
    init(_ text: String) throws(LetterRenderError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ Base45.alphabet.contains($0) }) else {
            throw .qrCode("a letter's code is base45 text (the QR alphanumeric set)")
        }
        guard let input = QRinput_new2(0, QR_ECLEVEL_M) else {
            throw .qrCode("libqrencode could not start (\(String(cString: strerror(errno))))")
        }
        defer { QRinput_free(input) }
        let code = QRinput_append(input, QR_MODE_AN, Int32(bytes.count), bytes) == 0 ? QRcode_encodeInput(input) : nil
        guard let code else {
            throw .qrCode("libqrencode refused \(text.utf8.count) bytes (\(String(cString: strerror(errno))))")
        }
        defer { QRcode_free(code) }
        version = Int(code.pointee.version)
        size = Int(code.pointee.width)
        guard version <= Self.maximumVersion else {
            throw .qrCode(
                "\(text.utf8.count) characters need version \(version), more than the \(Self.maximumVersion) a letter allows"
            )
        }
        guard let data = code.pointee.data else { throw .qrCode("libqrencode returned no modules") }
        // Each module is a byte whose lowest bit is set when the module is dark.
        dark = (0..<size * size).map { data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }
}
