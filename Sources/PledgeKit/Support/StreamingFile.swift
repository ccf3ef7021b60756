import Glibc

/// A file written front to back through a buffer (large pieces go straight to the kernel),
/// with a CRC-32C of everything after its header, stored into the header at the end; written
/// aside and renamed into place, so a reader sees the old file or the whole new one.
final class StreamingFile {
  private let path: String
  private let temporary: String
  private let fd: Int32
  private var buffer: [UInt8] = []
  private var crc: UInt32 = 0
  private var finished = false

  init(path: String) throws(Diagnostic) {
    self.path = path
    temporary = asidePath(path)
    fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw Diagnostic(file: path, "cannot write: \(errnoDescription())") }
    buffer.reserveCapacity(1 << 20)
  }

  deinit {
    if !finished {
      close(fd)
      unlink(temporary)
    }
  }

  /// The first 16 bytes: outside the checksum, which goes into bytes 12…15.
  func writeHeader(_ header: [UInt8]) throws(Diagnostic) {
    precondition(header.count == 16)
    buffer.append(contentsOf: header)
  }

  func append(_ bytes: UnsafeRawBufferPointer) throws(Diagnostic) {
    crc = LogFormat.crc32c(continuing: crc, bytes)
    if bytes.count < 1 << 16 {
      buffer.append(contentsOf: bytes)
      if buffer.count >= 1 << 20 { try flush() }
    } else {
      try flush()
      try writeOut(bytes)
    }
  }

  func finish() throws(Diagnostic) {
    try flush()
    var stored = crc.littleEndian
    let ok = withUnsafeBytes(of: &stored) { pwrite(fd, $0.baseAddress, 4, 12) == 4 }
    close(fd)
    finished = true
    guard ok, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw Diagnostic(file: path, "cannot write: \(errnoDescription())")
    }
  }

  private func flush() throws(Diagnostic) {
    guard !buffer.isEmpty else { return }
    var failure: Diagnostic?
    buffer.withUnsafeBytes { bytes in
      do throws(Diagnostic) { try writeOut(bytes) } catch { failure = error }
    }
    buffer.removeAll(keepingCapacity: true)
    if let failure { throw failure }
  }

  private func writeOut(_ bytes: UnsafeRawBufferPointer) throws(Diagnostic) {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = write(fd, base + done, bytes.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw Diagnostic(file: path, "cannot write: \(errnoDescription())")
      }
      done += n
    }
  }
}
