import ParityFuzzTargets

/// libFuzzer's driver (in the runtime that -sanitize=fuzzer links; only `make fuzz` builds this).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// What a harness's entry points call.
public enum FuzzDriver {
    /// The harness's target, set once by `main` before libFuzzer starts calling back.
    nonisolated(unsafe) static var target = ""

    /// One input to `target`.
    public static func one(_ target: String, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTargets.run(target, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// SwiftPM links an executable's `main` to `<module>_main`; the harness's hands over here.
    public static func main(
        _ target: String, _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        Self.target = target
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in FuzzDriver.one(FuzzDriver.target, data, size) }
    }
}
