import Glibc

/// Phase timings on standard error when $PLEDGE_TIMINGS is set, for measuring where a run's
/// time goes (scripts/bench.sh uses it). Never part of normal output.
enum Timings {
  static let isEnabled = getenv("PLEDGE_TIMINGS") != nil
  nonisolated(unsafe) private static var last = now()
  /// Marks may come from several cores at once (the sources are loaded in parallel).
  nonisolated(unsafe) private static var lock = pthread_mutex_t()

  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }

  /// The process's peak resident memory so far (getrusage), in MiB.
  static func residentMiB() -> Int {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return usage.ru_maxrss >> 10
  }

  /// Notes how long it has been since the previous mark.
  static func mark(_ phase: @autoclosure () -> String) {
    guard isEnabled else { return }
    pthread_mutex_lock(&lock)
    defer { pthread_mutex_unlock(&lock) }
    let current = now()
    let line = "timing: \(phase()): \(Int((current - last) * 1000)) ms, \(residentMiB()) MiB peak resident\n"
    last = current
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
  }
}
