import Glibc

extension FileEventStore {
  /// Appends a batch: begin and events frames, `fsync`, the quarantine rows, the commit frame,
  /// `fsync`, the seal, `fsync` (EVENT-LOG.md, "Writing, crashes and damage"). It returns
  /// only once the seal is on disk: from then on the batch is never taken for an unfinished
  /// one, whatever happens to the log's last bytes.
  ///
  /// A batch holding a frame longer than the log allows is refused with a `Diagnostic` before
  /// anything is written. When a write, `fsync` or the quarantine fails part-way, the batch's
  /// bytes are cut off again and a `StoreFailure` is thrown; if even that fails, this store
  /// object appends nothing more (the next writer discards the unfinished batch).
  public func append(_ draft: BatchDraft) throws -> BatchInfo {
    precondition(lock != nil, "append needs a store opened for writing")
    if let unusable { throw unusable }
    let draft = draft.sealedCopy()
    let number = batches.count + 1
    let quarantineOffset = FileEventStore.size(of: quarantinePath)
    let start = committedEnd
    let begin = LogFormat.encode(
      LogFormat.Begin(number: number, provenance: draft.provenance, quarantineOffset: quarantineOffset))
    let eventCount = draft.counts.events
    let commit = LogFormat.encode(
      LogFormat.Commit(
        number: number, beginOffset: start, blockCount: draft.blocks.count, eventCount: eventCount,
        counts: draft.counts))
    try draft.checkFrameLengths(begin: begin, commit: commit)
    var writer = BatchWriter(fd: fd, path: logPath, offset: start, faults: faults)
    var commitEnd = start
    do {
      try writer.write(LogFormat.frame(.begin, begin))
      try writer.writeEvents(draft.blocks)
      // The batch's bytes are on disk before the commit that makes them count.
      try sync(step: .eventsSync)
      if !draft.quarantineRows.isEmpty {
        try appendQuarantine(draft.quarantineRows)
      }
      try writer.write(LogFormat.frame(.commit, commit), isCommit: true)
      try sync(step: .commitSync)
      // Only once the commit is on disk: the seal vouches that it was written whole.
      commitEnd = writer.offset
      try faults.stop(before: .seal, path: logPath, "cannot write")
      try writer.write(LogFormat.seal(batch: number, commitEnd: commitEnd, commitPayload: commit))
      try sync(step: .sealSync)
    } catch {
      throw undo(
        number, draft.provenance.fileName, failure: error, start: start,
        quarantineOffset: quarantineOffset, commitWritten: writer.hasWrittenCommit)
    }
    let info = BatchInfo(
      number: number, provenance: draft.provenance, counts: draft.counts, eventCount: eventCount,
      byteRange: start..<commitEnd, quarantineOffset: quarantineOffset)
    batches.append(info)
    committedEnd = writer.offset
    return info
  }

  private func sync(step: AppendFaults.Step) throws(Diagnostic) {
    try faults.stop(before: step, path: logPath, "cannot flush to disk (fsync)")
    try FileEventStore.sync(fd, path: logPath)
  }

  /// Cuts the log and the quarantine file back to where they were before the failed batch
  /// `number`, and says what happened.
  private func undo(
    _ number: Int, _ fileName: String, failure: Diagnostic, start: Int, quarantineOffset: Int,
    commitWritten: Bool
  ) -> StoreFailure {
    var problem: String?
    if faults.failing.contains(.undo) {
      problem = errnoDescription(EIO)
    } else if ftruncate(fd, off_t(start)) != 0 || fsync(fd) != 0 {
      problem = errnoDescription()
    } else if !FileEventStore.cutBack(quarantinePath, to: quarantineOffset) {
      problem = FileEventStore.quarantineName + ": " + errnoDescription()
    }
    guard let problem else {
      return StoreFailure(
        Diagnostic(
          file: failure.file,
          failure.message + "; nothing of \(fileName) was appended and the store is as it was;"
            + " fix the cause (disk space, file size limit, permissions) and ingest again"),
        isUndone: true)
    }
    let leftover = commitWritten
      ? "batch \(number) (\(fileName)) may be in the store after all; check with 'pledge status'"
      : "the next ingest discards the unfinished batch \(number) (\(fileName)); ingest that file again"
    let failure = StoreFailure(
      Diagnostic(
        file: failure.file,
        failure.message + ", and cutting the batch off again failed too (\(problem)): \(leftover)"
          + " once the cause is fixed"),
      isUndone: false)
    unusable = StoreFailure(
      Diagnostic(
        file: logPath,
        "the store is not written to after a failed write earlier in this run could not be"
          + " undone; run 'pledge verify', then ingest again"),
      isUndone: true)
    return failure
  }

  private func appendQuarantine(_ rows: [UInt8]) throws(Diagnostic) {
    let path = quarantinePath
    var created = false
    var qfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    if qfd < 0, errno == ENOENT {
      qfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
      created = true
    }
    let needsHeader = created || FileEventStore.size(of: path) == 0
    guard qfd >= 0 else {
      throw Diagnostic(file: path, "cannot open the quarantine file: \(errnoDescription())")
    }
    defer { close(qfd) }
    let bytes = (needsHeader ? Array(FileEventStore.quarantineHeader.utf8) : []) + rows
    guard writeAll(qfd, bytes) else {
      throw Diagnostic(file: path, "cannot write the quarantine file: \(errnoDescription())")
    }
    try faults.stop(before: .quarantineSync, path: path, "cannot flush to disk (fsync)")
    try FileEventStore.sync(qfd, path: path)
    if created { try FileEventStore.syncDirectory(directory) }
  }
}
