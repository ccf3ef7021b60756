import Glibc

/// A read-only memory mapping of a whole file (or an empty buffer for an empty file).
final class MappedFile {
  let bytes: UnsafeRawBufferPointer
  private let length: Int
  /// The mapped file, kept open with `keepingOpen` to read it without touching the mapping
  /// (`crc32c(from:)`); -1 otherwise.
  private let descriptor: Int32

  convenience init(path: String, keepingOpen: Bool = false) throws(Diagnostic) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw Diagnostic(file: path, "cannot open: \(errnoDescription()); check the path")
    }
    defer { close(fd) }
    try self.init(descriptor: fd, name: path, keepingOpen: keepingOpen)
  }

  init(descriptor fd: Int32, name: String, keepingOpen: Bool = false) throws(Diagnostic) {
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw Diagnostic(file: name, "cannot read: \(errnoDescription())")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw Diagnostic(file: name, "not a regular file; give a CSV file or - for standard input")
    }
    length = Int(info.st_size)
    guard length > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      descriptor = -1
      return
    }
    let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let address, address != MAP_FAILED else {
      throw Diagnostic(file: name, "cannot map the file into memory: \(errnoDescription())")
    }
    madvise(address, length, MADV_SEQUENTIAL)
    bytes = UnsafeRawBufferPointer(start: address, count: length)
    // Taken once the mapping exists: a failed init closes nothing it opened.
    descriptor = keepingOpen ? dup(fd) : -1
  }

  /// The CRC-32C of the file's bytes from `offset` on, read with `pread` (1 MiB at a time)
  /// rather than through the mapping: a check of a large file leaves in this process's memory
  /// only the parts of the mapping a command goes on to read, each faulted in once. Nil when
  /// the file cannot be read, or was not mapped `keepingOpen`.
  func crc32c(from offset: Int) -> UInt32? {
    guard descriptor >= 0 else { return nil }
    let chunk = 1 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    defer { buffer.deallocate() }
    var crc: UInt32 = 0
    var position = offset
    while position < length {
      let piece = UnsafeMutableRawBufferPointer(start: buffer, count: min(chunk, length - position))
      guard preadFully(descriptor, piece, at: position) else { return nil }
      crc = LogFormat.crc32c(continuing: crc, UnsafeRawBufferPointer(piece))
      position += piece.count
    }
    return crc
  }

  /// Lets go of the pages of `region` (a part of `bytes`) that this process has read: they
  /// stay in the page cache and are read again on the next access, but no longer count as
  /// this process's memory. For regions read once in full (a checksum pass, a scan) of files
  /// far larger than what a command goes on to use.
  func release(_ region: UnsafeRawBufferPointer) {
    guard let start = region.baseAddress, region.count > 0 else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let first = (Int(bitPattern: start) + page - 1) / page * page
    let end = (Int(bitPattern: start) + region.count) / page * page
    guard end > first else { return }
    madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_DONTNEED)
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), length) }
  }

  /// Copies standard input into an unlinked temporary file and maps it.
  static func spoolingStandardInput() throws(Diagnostic) -> MappedFile {
    let spool = try TemporaryFile()
    let bufferSize = 1 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 8)
    defer { buffer.deallocate() }
    while true {
      let n = read(STDIN_FILENO, buffer, bufferSize)
      if n < 0 {
        if errno == EINTR { continue }
        throw Diagnostic(file: "<stdin>", "cannot read standard input: \(errnoDescription())")
      }
      if n == 0 { break }
      try spool.write(UnsafeRawBufferPointer(start: buffer, count: n))
    }
    return try spool.mapped(name: "<stdin>")
  }
}

/// An unlinked temporary file in `$TMPDIR` (or /tmp): written, then mapped; it disappears when
/// closed.
final class TemporaryFile {
  private var fd: Int32

  init() throws(Diagnostic) {
    let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((directory + "/pledge-XXXXXX").utf8CString)
    fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw Diagnostic(
        "cannot create a temporary file in \(directory): \(errnoDescription()); set TMPDIR")
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
  }

  deinit { if fd >= 0 { close(fd) } }

  func write(_ chunk: UnsafeRawBufferPointer) throws(Diagnostic) {
    guard let base = chunk.baseAddress else { return }
    var done = 0
    while done < chunk.count {
      let n = Glibc.write(fd, base + done, chunk.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw Diagnostic("cannot write a temporary file: \(errnoDescription()); set TMPDIR")
      }
      done += n
    }
  }

  func mapped(name: String) throws(Diagnostic) -> MappedFile {
    try MappedFile(descriptor: fd, name: name)
  }
}

func errnoDescription(_ code: Int32 = errno) -> String {
  String(cString: strerror(code))
}

/// Fills `buffer` from `fd` at `offset` (pread, retried when interrupted); false at the end of
/// the file or on an error.
func preadFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
  var done = 0
  while done < buffer.count {
    let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
    if n < 0, errno == EINTR { continue }
    guard n > 0 else { return false }
    done += n
  }
  return true
}
