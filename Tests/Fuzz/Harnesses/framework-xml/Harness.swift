// libFuzzer harness for FuzzTargets' "framework-xml" (make fuzz).
import ParityFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzDriver.one("framework-xml", data, size) }

@_cdecl("fuzz_framework_xml_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main("framework-xml", argc, argv)
}
