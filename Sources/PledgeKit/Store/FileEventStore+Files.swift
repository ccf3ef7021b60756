import Glibc

/// The file system calls of the store: creating, writing, flushing and cutting back files.
extension FileEventStore {
  static func createDirectory(_ directory: String) throws(Diagnostic) {
    if mkdir(directory, 0o755) == 0 {
      let parent = directory.contains("/") ? String(directory[..<directory.lastIndex(of: "/")!]) : "."
      try syncDirectory(parent.isEmpty ? "/" : parent)
    } else if errno != EEXIST {
      throw Diagnostic("cannot create the store directory \(directory): \(errnoDescription())")
    }
  }

  static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws(Diagnostic) {
    let ok = bytes.withUnsafeBytes { buffer -> Bool in
      var done = 0
      while done < buffer.count {
        let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        done += n
      }
      return true
    }
    guard ok else { throw Diagnostic(file: path, "cannot write: \(errnoDescription())") }
  }

  static func sync(_ fd: Int32, path: String) throws(Diagnostic) {
    guard fsync(fd) == 0 else {
      throw Diagnostic(file: path, "cannot flush to disk (fsync): \(errnoDescription())")
    }
  }

  static func syncDirectory(_ directory: String) throws(Diagnostic) {
    let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dfd >= 0 else { return }
    defer { close(dfd) }
    guard fsync(dfd) == 0 else {
      throw Diagnostic("cannot flush the directory \(directory) to disk: \(errnoDescription())")
    }
  }

  static func size(of path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Creates the event log of a new store: its header is written to a temporary file, flushed,
  /// and renamed into place, so that a crash leaves either no log or a complete header.
  static func createLog(in directory: String) throws(Diagnostic) {
    let path = directory + "/" + logName
    let temporary = path + ".new"
    let tfd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard tfd >= 0 else {
      throw Diagnostic(
        file: temporary, "cannot create the event log: \(errnoDescription()); check that \(directory)"
          + " is writable")
    }
    do {
      try write(LogFormat.header(), to: tfd, at: 0, path: temporary)
      try sync(tfd, path: temporary)
    } catch {
      close(tfd)
      unlink(temporary)
      throw error
    }
    close(tfd)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw Diagnostic(file: path, "cannot create the event log: \(errnoDescription(code))")
    }
    try syncDirectory(directory)
  }

  /// Cuts a file back to `length` bytes and flushes it; a file cut back to nothing is removed
  /// (it was created by the batch being discarded). Returns whether that worked.
  static func cutBack(_ path: String, to length: Int) -> Bool {
    guard size(of: path) > length else { return true }
    if length == 0 {
      guard unlink(path) == 0 || errno == ENOENT else { return false }
      let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
      return (try? syncDirectory(directory.isEmpty ? "/" : directory)) != nil
    }
    let qfd = open(path, O_WRONLY | O_CLOEXEC)
    guard qfd >= 0 else { return false }
    defer { close(qfd) }
    return ftruncate(qfd, off_t(length)) == 0 && fsync(qfd) == 0
  }
}
