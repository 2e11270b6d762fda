// libFuzzer harness for FuzzTargets' "job-posting" (make fuzz).
import ParityFuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzDriver.one("job-posting", data, size) }

@_cdecl("fuzz_job_posting_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.main("job-posting", argc, argv)
}
