import Glibc

/// Where a command's output goes: data to standard output, diagnostics and summaries to
/// standard error. Tests use a capturing console.
public final class Console {
  private let outDescriptor: Int32?
  private let errDescriptor: Int32?
  private var outBuffer: [UInt8] = []
  public private(set) var capturedOut: [UInt8] = []
  public private(set) var capturedErr: [UInt8] = []
  /// Standard error is a terminal: progress may be shown there.
  public let isErrorTerminal: Bool

  /// The process's standard output and standard error.
  public static func standard() -> Console {
    Console(out: STDOUT_FILENO, err: STDERR_FILENO, errorIsTerminal: isatty(STDERR_FILENO) == 1)
  }

  /// A console that keeps everything in memory, for tests.
  public static func capturing() -> Console { Console(out: nil, err: nil, errorIsTerminal: false) }

  private init(out: Int32?, err: Int32?, errorIsTerminal: Bool) {
    outDescriptor = out
    errDescriptor = err
    isErrorTerminal = errorIsTerminal
  }

  public var outText: String { String(decoding: capturedOut, as: UTF8.self) }
  public var errText: String { String(decoding: capturedErr, as: UTF8.self) }

  /// Writes bytes to standard output (buffered). Throws `BrokenPipe` when the reader is gone.
  public func write(_ bytes: [UInt8]) throws(BrokenPipe) {
    guard outDescriptor != nil else {
      capturedOut.append(contentsOf: bytes)
      return
    }
    outBuffer.append(contentsOf: bytes)
    if outBuffer.count >= 1 << 16 { try flush() }
  }

  public func write(_ text: String) throws(BrokenPipe) { try write(Array(text.utf8)) }

  /// Writes bytes to standard output at once (after what is buffered), for callers that
  /// buffer large amounts themselves.
  func write(_ bytes: UnsafeRawBufferPointer) throws(BrokenPipe) {
    guard let fd = outDescriptor else {
      capturedOut.append(contentsOf: bytes)
      return
    }
    try flush()
    guard writeAll(fd, bytes) else { throw BrokenPipe() }
  }

  public func flush() throws(BrokenPipe) {
    guard let fd = outDescriptor, !outBuffer.isEmpty else { return }
    defer { outBuffer.removeAll(keepingCapacity: true) }
    guard writeAll(fd, outBuffer) else { throw BrokenPipe() }
  }

  /// When standard output is a pipe, asks for a 1 MiB pipe buffer (Linux's default is 64 KiB)
  /// so that a fast writer and its reader switch less often; a hint, ignored when refused.
  func widenOutputPipe() {
    guard let fd = outDescriptor else { return }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return }
    let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ
    _ = fcntl(fd, setPipeSize, Int32(1 << 20))
  }

  /// Writes one line to standard error.
  public func note(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    guard let fd = errDescriptor else {
      capturedErr.append(contentsOf: bytes)
      return
    }
    _ = writeAll(fd, bytes)
  }

  /// Progress for long work: shown only when standard error is a terminal (SPEC 6).
  public func progress(_ line: String) {
    guard isErrorTerminal, let fd = errDescriptor else { return }
    _ = writeAll(fd, Array(("\r\u{1B}[K" + line).utf8))
  }

  public func endProgress() {
    guard isErrorTerminal, let fd = errDescriptor else { return }
    _ = writeAll(fd, Array("\r\u{1B}[K".utf8))
  }
}

/// The reader of standard output went away (`pledge events | head`): stop quietly.
public struct BrokenPipe: Error {}

/// Writes all of `bytes`; false when the descriptor refuses (EPIPE and the like).
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
  bytes.withUnsafeBytes { writeAll(fd, $0) }
}

func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
  var done = 0
  while done < buffer.count {
    let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
    if n < 0 {
      if errno == EINTR { continue }
      return false
    }
    done += n
  }
  return true
}
