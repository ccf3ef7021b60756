import Glibc

/// What the snapshot cache did, on standard error when $PLEDGE_CACHE_TRACE is set: which
/// snapshot a command loaded (or why none), how many events it replayed past it, and which
/// snapshot it wrote. Tests read it to prove which path a run took; never part of normal
/// output. One line each: `cache: SOURCE: …`.
enum CacheTrace {
  static let isEnabled = getenv("PLEDGE_CACHE_TRACE") != nil

  static func note(_ line: @autoclosure () -> String) {
    guard isEnabled else { return }
    let text = "cache: " + line() + "\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
  }
}
