import Foundation

/// Runs blocking work (joining threads that wait in file and database calls) on a thread of
/// its own, so that it never holds one of the cooperative pool's few threads.
func offThePool<T: Sendable>(_ name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
        let thread = Thread { done.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
