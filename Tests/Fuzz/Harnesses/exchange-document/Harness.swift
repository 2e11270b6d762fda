// libFuzzer harness for FuzzTargets' "exchange-document" (make fuzz).
import ParityFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzDriver.one("exchange-document", data, size)
}

@_cdecl("fuzz_exchange_document_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main("exchange-document", argc, argv)
}
