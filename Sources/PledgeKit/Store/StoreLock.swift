import Glibc

/// The single-writer lock of a store (SPEC 4.2): an exclusive `flock` on `DIR/lock`, which the
/// kernel releases when the process ends, however it ends. The holder writes its process id
/// and command line into the file so a refused writer can say who holds it.
final class StoreLock {
  private let fd: Int32

  init(directory: String) throws(Diagnostic) {
    let path = directory + "/lock"
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw Diagnostic(file: path, "cannot open the store's lock file: \(errnoDescription())")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let code = errno
      let holder = StoreLock.holder(fd)
      close(fd)
      guard code == EWOULDBLOCK else {
        throw Diagnostic(file: path, "cannot lock the store: \(errnoDescription(code))")
      }
      throw Diagnostic(
        "the store \(directory) is locked by another writer (\(holder)); wait for it to finish,"
          + " or check that it is still running",
        exitCode: .locked)
    }
    let me = "process \(getpid()): " + CommandLine.arguments.joined(separator: " ") + "\n"
    ftruncate(fd, 0)
    _ = writeAll(fd, Array(me.utf8))
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }

  private static func holder(_ fd: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 512)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 512, 0) }
    guard n > 0 else { return "a process that has not yet written its name" }
    var text = String(decoding: buffer[0..<n], as: UTF8.self)
    while text.last == "\n" { text.removeLast() }
    return text
  }
}
