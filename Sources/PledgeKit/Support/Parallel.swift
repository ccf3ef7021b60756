import Dispatch
import Glibc

/// Runs independent pieces of work on the machine's cores and gathers their results in order.
///
/// Used where a large job splits into parts that share nothing mutable (folding halves of a
/// log, evaluating halves of the records); each part writes only its own slot.
enum Parallel {
  /// Worth splitting work only on a machine with more than one core. ($PLEDGE_CORES caps it,
  /// for measuring.)
  static let cores: Int = {
    if let n = environmentInteger("PLEDGE_CORES"), n >= 1 { return min(n, 8) }
    return max(1, min(8, sysconfCores()))
  }()

  /// `work(i)` for i in 0..<count, concurrently; the results in index order. The first error
  /// thrown is rethrown after every part has finished.
  static func map<T>(_ count: Int, _ work: (Int) throws -> T) throws -> [T] {
    guard count > 1 else { return try (0..<count).map(work) }
    let slots = Slots<T>(count)
    withoutActuallyEscaping(work) { work in
      let box = UncheckedBox(work)
      DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.set(index, Result { try box.value(index) })
      }
    }
    return try slots.results.map { try $0!.get() }
  }

  /// `first()` on this thread and `second()` on another, at the same time. Unlike the parts
  /// of `map` (dispatch runs work that a part of `map` splits again on that part's thread
  /// only), each can still split its own work across every core.
  static func pair<A, B>(_ first: () throws -> A, _ second: () throws -> B) throws -> (A, B) {
    try withoutActuallyEscaping(second) { second in
      let job = Job(second)
      // The other thread reaches the job without retaining it: once `group.wait()` returns,
      // nothing but this frame holds the non-escaping closure.
      let handle = UncheckedBox(Unmanaged.passUnretained(job))
      let group = DispatchGroup()
      DispatchQueue.global().async(group: group) {
        handle.value._withUnsafeGuaranteedRef { $0.run() }
      }
      let a = Result { try first() }
      group.wait()
      let b = job.result!
      return (try a.get(), try b.get())
    }
  }

  private static func sysconfCores() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  }
}

/// Per-part result slots in raw memory: each part writes its own index only, so no two
/// threads ever touch the same slot (and no Swift collection is mutated concurrently).
private final class Slots<T>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Result<T, any Error>?>

  init(_ count: Int) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil)
  }

  deinit {
    storage.deinitialize()
    storage.deallocate()
  }

  func set(_ index: Int, _ result: Result<T, any Error>) { storage[index] = result }

  var results: [Result<T, any Error>?] { Array(storage) }
}

private final class UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// One piece of work run on another thread by `Parallel.pair`, and its result.
private final class Job<T>: @unchecked Sendable {
  private let work: () throws -> T
  private(set) var result: Result<T, any Error>?

  init(_ work: @escaping () throws -> T) { self.work = work }

  func run() { result = Result { try work() } }
}
