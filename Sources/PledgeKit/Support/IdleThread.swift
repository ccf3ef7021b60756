import Dispatch
import Glibc

/// Jobs run in order on a thread of their own that the kernel schedules only when a core would
/// otherwise be idle (`SCHED_IDLE`): work that can wait for a gap in a pipeline's stages,
/// without taking time from them.
///
/// `stop()` returns once the job running (if any) has ended; the jobs not yet started are
/// handed back, for the caller to run at its own priority. A job must not block.
final class IdleThread: @unchecked Sendable {
  private var jobs: [() -> Void] = []
  private var stopping = false
  private let lock = DispatchSemaphore(value: 1)
  private let ready = DispatchSemaphore(value: 0)
  private var thread: pthread_t?
  /// Linux's SCHED_IDLE (<linux/sched.h>; Glibc's module does not export it).
  private static let schedIdle: Int32 = 5

  /// Starts the thread; nil when the system gives none (the caller then does the work itself).
  init?() {
    var created = pthread_t()
    let started = pthread_create(&created, nil, { context in
      let this = Unmanaged<IdleThread>.fromOpaque(context!).takeRetainedValue()
      var parameters = sched_param()
      // Best effort: where the policy is refused the thread runs at the normal priority.
      _ = pthread_setschedparam(pthread_self(), IdleThread.schedIdle, &parameters)
      this.run()
      return nil
    }, Unmanaged.passRetained(self).toOpaque())
    guard started == 0 else {
      Unmanaged.passUnretained(self).release()
      return nil
    }
    thread = created
  }

  /// Queues `job`.
  func submit(_ job: @escaping () -> Void) {
    lock.wait()
    jobs.append(job)
    lock.signal()
    ready.signal()
  }

  /// How many jobs wait to start.
  var waiting: Int {
    lock.wait()
    defer { lock.signal() }
    return jobs.count
  }

  /// Ends the thread once its current job is done; returns the jobs it did not start.
  func stop() -> [() -> Void] {
    lock.wait()
    stopping = true
    lock.signal()
    ready.signal()
    if let thread { pthread_join(thread, nil) }
    thread = nil
    lock.wait()
    defer { lock.signal() }
    let left = jobs
    jobs = []
    return left
  }

  private func run() {
    while true {
      ready.wait()
      lock.wait()
      if stopping {
        lock.signal()
        return
      }
      let job = jobs.removeFirst()
      lock.signal()
      job()
    }
  }
}
