// libFuzzer harness for FuzzTargets' "csv-batch" (make fuzz).
import ParityFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzDriver.one("csv-batch", data, size) }

@_cdecl("fuzz_csv_batch_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main("csv-batch", argc, argv)
}
