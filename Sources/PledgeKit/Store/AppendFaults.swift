import Glibc

/// Test hooks that stop an append at a chosen point, so tests can check what a crash or a
/// failed write leaves behind. Debug builds (what `swift test` runs) read them from the
/// environment of the `pledge` process; release builds never do.
///
/// - `PLEDGE_TEST_KILL_AFTER_BYTES=N`: after writing N bytes of a batch the writer kills itself
///   with SIGKILL, exactly as `kill -9` would.
/// - `PLEDGE_TEST_FAIL_AFTER_BYTES=N`: after N bytes of a batch, a write fails (EIO).
/// - `PLEDGE_TEST_FAIL_AT=STEP,…`: the named steps fail (EIO): `events-sync`, `quarantine-sync`,
///   `commit-sync`, `seal` (writing the seal), `seal-sync`, and `undo` (cutting a failed batch
///   off again).
/// - `PLEDGE_TEST_KILL_AT=STEP`: the writer kills itself with SIGKILL just before the named
///   step (one of the above but `undo`): `seal` stops it between the commit's flush and its
///   seal.
struct AppendFaults {
  var killAfterBytes: Int?
  var failAfterBytes: Int?
  var failing: Set<Step> = []
  var killing: Set<Step> = []

  enum Step: String {
    case eventsSync = "events-sync"
    case quarantineSync = "quarantine-sync"
    case commitSync = "commit-sync"
    case seal
    case sealSync = "seal-sync"
    case undo
  }

  /// Stops the writer before `step` when a test asked for it: killed, or failing with EIO.
  func stop(before step: Step, path: String, _ failure: String) throws(Diagnostic) {
    if killing.contains(step) { kill(getpid(), SIGKILL) }
    if failing.contains(step) {
      throw Diagnostic(file: path, failure + ": \(errnoDescription(EIO))")
    }
  }

  static func fromEnvironment() -> AppendFaults {
    var faults = AppendFaults()
    #if DEBUG
      func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
      faults.killAfterBytes = value("PLEDGE_TEST_KILL_AFTER_BYTES").flatMap { Int($0) }
      faults.failAfterBytes = value("PLEDGE_TEST_FAIL_AFTER_BYTES").flatMap { Int($0) }
      for name in (value("PLEDGE_TEST_FAIL_AT") ?? "").split(separator: ",") {
        if let step = Step(rawValue: String(name)) { faults.failing.insert(step) }
      }
      for name in (value("PLEDGE_TEST_KILL_AT") ?? "").split(separator: ",") {
        if let step = Step(rawValue: String(name)) { faults.killing.insert(step) }
      }
    #endif
    return faults
  }
}
