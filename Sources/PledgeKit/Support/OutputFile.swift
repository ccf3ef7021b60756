import Glibc

/// Writes output files so that no reader ever sees half of one: the bytes go to a temporary
/// file beside the target, are flushed to disk, and the temporary file is renamed over it.
public enum OutputFile {
  /// With `durable` (the default) the file is on disk before it is renamed into place.
  public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(Diagnostic) {
    try write(to: path, durable: durable) { emit in try emit(bytes) }
  }

  /// The same, for output produced a piece at a time: `produce` hands each piece to `emit`
  /// (a report too large to hold twice in memory is written as it is put in order).
  public static func write(
    to path: String, durable: Bool = true, _ produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void
  ) throws(Diagnostic) {
    let temporary = asidePath(path)
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw Diagnostic(file: path, "cannot write: \(errnoDescription()); check that the directory exists")
    }
    var ok = true
    do {
      try produce { bytes in
        guard ok else { return }
        ok = writeAll(fd, bytes)
      }
    } catch {
      close(fd)
      unlink(temporary)
      if let diagnostic = error as? Diagnostic { throw diagnostic }
      throw Diagnostic(file: path, "cannot write: \(error)")
    }
    ok = ok && (!durable || fsync(fd) == 0)
    close(fd)
    guard ok, rename(temporary, path) == 0 else {
      let reason = errnoDescription()
      unlink(temporary)
      throw Diagnostic(file: path, "cannot write: \(reason)")
    }
  }
}

extension OutputFile {
  /// Makes sure reports can be written into `directory`: creates it (and its parents) when
  /// missing, and checks that a file can be created there — before any work is done.
  public static func prepareDirectory(_ directory: String) throws(Diagnostic) {
    var path = directory.hasPrefix("/") ? "/" : ""
    for part in directory.split(separator: "/") {
      path += part
      if mkdir(path, 0o755) != 0, errno != EEXIST {
        throw Diagnostic(
          file: directory, "cannot create the report directory: \(errnoDescription()) (at \(path))")
      }
      path += "/"
    }
    let probe = directory + "/.pledge-write-check-\(getpid())"
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw Diagnostic(
        file: directory, "cannot write reports into the directory: \(errnoDescription());"
          + " choose another --dir or fix its permissions")
    }
    close(fd)
    unlink(probe)
  }
}

/// Where a file is written before it is renamed into `path`, so that a reader sees the old
/// file or the whole new one: `PATH.tmp-PID` (`SnapshotCache` removes those a killed command
/// left).
func asidePath(_ path: String) -> String { path + asideMarker + String(getpid()) }

/// What `asidePath` puts between a path and the writer's process id.
let asideMarker = ".tmp-"
