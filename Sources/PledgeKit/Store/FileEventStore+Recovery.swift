import Glibc

/// What a writer does to the log it opens before it appends: finish or discard what an
/// interrupted writer left, refuse damage, and bring a version-1 log to the current version.
extension FileEventStore {
  /// The log open in `fd`, made ready for appending: the descriptor to append through (another
  /// one when the log was upgraded), its index, and what was done, to be said on standard
  /// error. Closes `fd` when it throws.
  static func prepareForAppending(
    _ fd: Int32, directory: String
  ) throws(Diagnostic) -> (fd: Int32, index: LogIndex, notes: [String]) {
    let path = directory + "/" + logName
    var notes: [String] = []
    do throws(Diagnostic) {
      var index: LogIndex
      do {
        // Only what was appended since the last verified point is checked, and a share of
        // the older frames in turn (VerifiedPoint).
        let checked = try LogScanner(fd: fd).writerIndex(pointIn: directory)
        index = checked.index
        checked.verified?.save(directory: directory)
      } catch {
        throw Diagnostic(file: path, error.message)
      }
      switch index.tail {
      case .clean:
        break
      case .torn(let offset, let quarantineOffset):
        let discarded = LogScanner(fd: fd).size - offset
        guard ftruncate(fd, off_t(offset)) == 0 else {
          throw Diagnostic(file: path, "cannot discard an unfinished batch: \(errnoDescription())")
        }
        try sync(fd, path: path)
        if let quarantineOffset {
          _ = cutBack(directory + "/" + quarantineName, to: quarantineOffset)
        }
        notes.append(
          "recovered the store: discarded an unfinished batch (\(discarded) bytes after batch"
            + " \(index.batches.count)) left by an interrupted ingest; ingest that file again")
      case .unsealed:
        // The commit was flushed before its writer stopped: the batch is whole and stays.
        let (offset, seal) = index.lastSeal!
        guard ftruncate(fd, off_t(offset)) == 0 else {
          throw Diagnostic(file: path, "cannot seal the last batch: \(errnoDescription())")
        }
        try write(seal, to: fd, at: offset, path: path)
        try sync(fd, path: path)
        index.committedEnd = offset + seal.count
        let last = index.batches.last!
        notes.append(
          "recovered the store: batch \(last.number) (\(last.provenance.fileName)) was stored whole"
            + " but its ingest was interrupted before sealing it; sealed it, it stays in the store")
      case .damaged(let damage):
        throw Diagnostic(
          file: path,
          damage.message + "; the store is not written to. Run 'pledge verify' and restore the"
            + " store from a backup")
      }
      guard index.version < LogFormat.currentVersion else { return (fd, index, notes) }
      let upgraded = try upgrade(fd, index: index, directory: directory)
      close(fd)
      notes.append(
        "upgraded the event log from format version \(index.version) to"
          + " \(LogFormat.currentVersion) (every batch kept byte for byte; each commit is now"
          + " sealed); Pledge builds that read only version \(index.version) cannot read it any more"
      )
      return (upgraded.fd, upgraded.index, notes)
    } catch {
      close(fd)
      throw error
    }
  }

  /// Rewrites a version-1 log as the current version, aside and renamed into place: the header
  /// names the new version, every frame after it is copied unchanged (so byte offsets, and
  /// snapshots keyed on them, stay valid), and the last batch gets its seal. Version-1
  /// batches before it stay unsealed, which version 2 allows for a batch followed by another
  /// one. Returns the new log open for writing, and its index.
  private static func upgrade(
    _ fd: Int32, index: LogIndex, directory: String
  ) throws(Diagnostic) -> (fd: Int32, index: LogIndex) {
    let path = directory + "/" + logName
    let temporary = path + ".new"
    let tfd = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard tfd >= 0 else {
      throw Diagnostic(file: temporary, "cannot upgrade the event log: \(errnoDescription())")
    }
    do throws(Diagnostic) {
      try write(LogFormat.header(), to: tfd, at: 0, path: temporary)
      try copy(from: fd, to: tfd, range: LogFormat.headerSize..<index.committedEnd, path: temporary)
      if let (offset, seal) = index.lastSeal {
        precondition(offset == index.committedEnd)
        try write(seal, to: tfd, at: offset, path: temporary)
      }
      try sync(tfd, path: temporary)
      // The copy is checked before it replaces the log: the same batches, nothing after them.
      let upgraded = try LogScanner(fd: tfd).index(checkEvents: false)
      guard upgraded.version == LogFormat.currentVersion, upgraded.tail == .clean,
        upgraded.batches == index.batches
      else {
        throw Diagnostic(
          file: temporary, "cannot upgrade the event log: the copy does not read back as the log")
      }
      guard rename(temporary, path) == 0 else {
        throw Diagnostic(file: path, "cannot upgrade the event log: \(errnoDescription())")
      }
      try syncDirectory(directory)
      return (tfd, upgraded)
    } catch {
      close(tfd)
      unlink(temporary)
      throw error
    }
  }

  /// Copies `range` of the file open in `source` to the same offsets of `target`.
  private static func copy(
    from source: Int32, to target: Int32, range: Range<Int>, path: String
  ) throws(Diagnostic) {
    let chunk = 1 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 8)
    defer { buffer.deallocate() }
    let reader = LogScanner(fd: source)
    var offset = range.lowerBound
    while offset < range.upperBound {
      let count = min(chunk, range.upperBound - offset)
      let part = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
      guard reader.readFully(offset, into: part) else {
        throw Diagnostic(
          file: path, "cannot upgrade the event log: cannot read it: \(errnoDescription())")
      }
      try write(Array(part), to: target, at: offset, path: path)
      offset += count
    }
  }
}
