// libFuzzer harness for FuzzTargets' "signatures" (make fuzz).
import ParityFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzDriver.one("signatures", data, size)
}

@_cdecl("fuzz_signatures_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main("signatures", argc, argv)
}
