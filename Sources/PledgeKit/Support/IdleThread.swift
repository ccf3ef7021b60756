import Dispatch
import Glibc
import Synchronization

/// A thread of its own that the kernel schedules only when a core would otherwise be idle
/// (`SCHED_IDLE`): work that can wait for a gap in a pipeline's stages, without taking time
/// from them.
///
/// Such a thread may get no time at all for long while the machine is busy, so the threads it
/// serves must never wait for it: it shares no lock with them (they wake it through a
/// semaphore, which never blocks the one who signals), and `stop` is answered between two
/// small steps of its work (the body checks `isStopping`), after its priority is raised back
/// where the system allows.
final class IdleThread: @unchecked Sendable {
  private let stopping = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let body: (IdleThread) -> Void
  private var thread: pthread_t?
  /// Linux's scheduling policies (<linux/sched.h>; Glibc's module does not export SCHED_IDLE).
  private static let schedIdle: Int32 = 5
  private static let schedOther: Int32 = 0

  /// Starts `body` on the thread; nil when the system gives no thread (the caller then does
  /// the work itself). `body` returns once `isStopping`, and calls `waitForWork` when it has
  /// nothing to do.
  init?(_ body: @escaping (IdleThread) -> Void) {
    self.body = body
    var created = pthread_t()
    let started = pthread_create(&created, nil, { context in
      let this = Unmanaged<IdleThread>.fromOpaque(context!).takeRetainedValue()
      var parameters = sched_param()
      // Best effort: where the policy is refused the thread runs at the normal priority.
      _ = pthread_setschedparam(pthread_self(), IdleThread.schedIdle, &parameters)
      this.body(this)
      return nil
    }, Unmanaged.passRetained(self).toOpaque())
    guard started == 0 else {
      Unmanaged.passUnretained(self).release()
      return nil
    }
    thread = created
  }

  /// Whether the thread is asked to end.
  var isStopping: Bool { stopping.load(ordering: .acquiring) }

  /// Waits for `wakeUp` (or `stop`).
  func waitForWork() { wake.wait() }

  /// Tells the thread there is work.
  func wakeUp() { wake.signal() }

  /// Asks the thread to end and waits until it has.
  func stop() {
    guard let thread else { return }
    stopping.store(true, ordering: .releasing)
    wake.signal()
    // Its last step should not wait for idle time (refused without the right to raise a
    // priority: then it finishes that step in the gaps, as before).
    var parameters = sched_param()
    _ = pthread_setschedparam(thread, IdleThread.schedOther, &parameters)
    pthread_join(thread, nil)
    self.thread = nil
  }
}
