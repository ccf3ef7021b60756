import Glibc

/// The event store on disk: a directory holding `events.log` (the truth), `quarantine.csv`
/// (rejected rows), `lock` (the writer's lock) and `cache/` (derived, deletable).
///
/// Opened for reading, it never blocks and sees only committed batches. Opened for writing, it
/// takes the lock, discards an unfinished batch left by an interrupted writer (saying so), and
/// refuses to write to a log damaged inside its committed batches.
public final class FileEventStore: EventStore {
  public let directory: String
  public private(set) var batches: [BatchInfo]
  /// What opening for writing had to recover, to be shown on standard error.
  public private(set) var recoveryNote: String?
  /// Damage after the last committed batch seen by a reader (a writer refuses to open).
  public private(set) var tailDamage: LogDamage?

  private let fd: Int32
  private var committedEnd: Int
  private let lock: StoreLock?

  static let logName = "events.log"
  static let quarantineName = "quarantine.csv"
  static let quarantineHeader = "file,line,column,value,reason,record\n"

  var logPath: String { directory + "/" + FileEventStore.logName }
  public var quarantinePath: String { directory + "/" + FileEventStore.quarantineName }

  /// Whether `directory` holds a store.
  public static func exists(at directory: String) -> Bool {
    access(directory + "/" + logName, F_OK) == 0
  }

  /// Opens an existing store for reading. A store whose creation has not finished (its
  /// directory and lock exist, its log is missing or shorter than its header) reads as empty.
  public init(readingFrom directory: String) throws(Diagnostic) {
    self.directory = directory
    lock = nil
    let path = directory + "/" + FileEventStore.logName
    fd = open(path, O_RDONLY | O_CLOEXEC)
    committedEnd = LogFormat.headerSize
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT, access(directory + "/lock", F_OK) == 0 {
        batches = []  // a writer is creating the store, or was stopped while it did
        return
      }
      if code == ENOENT {
        throw Diagnostic(
          "there is no store at \(directory); ingest exports first with 'pledge ingest',"
            + " or name the store with --store DIR or $PLEDGE_STORE")
      }
      throw Diagnostic(file: path, "cannot open the event log: \(errnoDescription(code))")
    }
    let scanner = LogScanner(fd: fd)
    if scanner.isUnfinishedHeader {
      batches = []
      return
    }
    let index: LogIndex
    do {
      index = try scanner.index(checkEvents: false)
    } catch {
      close(fd)
      throw Diagnostic(file: path, error.message)
    }
    batches = index.batches
    committedEnd = index.committedEnd
    if case .damaged(let damage) = index.tail { tailDamage = damage }
  }

  /// Opens a store for writing, creating it when missing. Fails with exit code 4 when another
  /// writer holds it.
  public init(writingTo directory: String) throws(Diagnostic) {
    self.directory = directory
    try FileEventStore.createDirectory(directory)
    lock = try StoreLock(directory: directory)
    let path = directory + "/" + FileEventStore.logName
    var descriptor = open(path, O_RDWR | O_CLOEXEC)
    if descriptor < 0, errno == ENOENT {
      try FileEventStore.createLog(in: directory)
      descriptor = open(path, O_RDWR | O_CLOEXEC)
    } else if descriptor >= 0, case let scanner = LogScanner(fd: descriptor), scanner.isUnfinishedHeader {
      // Left by a writer stopped while creating the store (before logs were created by
      // rename): it holds no batch, so it is started afresh.
      close(descriptor)
      try FileEventStore.createLog(in: directory)
      descriptor = open(path, O_RDWR | O_CLOEXEC)
      recoveryNote = "recovered the store: its event log was left unfinished (\(scanner.size) bytes,"
        + " no batch) by an interrupted first ingest; started it afresh"
    }
    guard descriptor >= 0 else {
      throw Diagnostic(file: path, "cannot open the event log for writing: \(errnoDescription())")
    }
    fd = descriptor
    let index: LogIndex
    do {
      index = try LogScanner(fd: fd).writerIndex()
    } catch {
      close(fd)
      throw Diagnostic(file: path, error.message)
    }
    switch index.tail {
    case .clean:
      break
    case .torn(let offset, let quarantineOffset):
      let discarded = LogScanner(fd: fd).size - offset
      guard ftruncate(fd, off_t(offset)) == 0 else {
        close(fd)
        throw Diagnostic(file: path, "cannot discard an unfinished batch: \(errnoDescription())")
      }
      try FileEventStore.sync(fd, path: path)
      if let quarantineOffset {
        _ = FileEventStore.cutBack(directory + "/" + FileEventStore.quarantineName, to: quarantineOffset)
      }
      recoveryNote = "recovered the store: discarded an unfinished batch (\(discarded) bytes"
        + " after batch \(index.batches.count)) left by an interrupted ingest; ingest that file again"
    case .damaged(let damage):
      close(fd)
      throw Diagnostic(
        file: path,
        damage.message + "; the store is not written to. Run 'pledge verify' and restore the"
          + " store from a backup")
    }
    batches = index.batches
    committedEnd = index.committedEnd
  }

  deinit { if fd >= 0 { close(fd) } }

  // MARK: Appending

  /// Appends a batch: begin and events frames, `fsync`, the quarantine rows, the commit frame,
  /// `fsync` (EVENT-LOG.md, "Writing, crashes and damage").
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
    } catch {
      throw undo(
        number, draft.provenance.fileName, failure: error, start: start,
        quarantineOffset: quarantineOffset, commitWritten: writer.hasWrittenCommit)
    }
    let info = BatchInfo(
      number: number, provenance: draft.provenance, counts: draft.counts, eventCount: eventCount,
      byteRange: start..<writer.offset, quarantineOffset: quarantineOffset)
    batches.append(info)
    committedEnd = writer.offset
    return info
  }

  /// Set when a failed append could not be undone: this object appends nothing more.
  private var unusable: StoreFailure?

  /// Test hooks for appends (debug builds only; see `AppendFaults`).
  var faults = AppendFaults.fromEnvironment()

  private func sync(step: AppendFaults.Step) throws(Diagnostic) {
    if faults.failing.contains(step) {
      throw Diagnostic(file: logPath, "cannot flush to disk (fsync): \(errnoDescription(EIO))")
    }
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
    if faults.failing.contains(.quarantineSync) {
      throw Diagnostic(file: path, "cannot flush to disk (fsync): \(errnoDescription(EIO))")
    }
    try FileEventStore.sync(qfd, path: path)
    if created { try FileEventStore.syncDirectory(directory) }
  }

  // MARK: Replaying

  public func replay(
    through batch: Int?, sources: Set<Source>?, _ body: (RecordedEvent) throws -> Void
  ) throws {
    try withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      try replay(through: batch, sources: sources, into: &sink)
    }
  }

  /// Folds on every core: the frames are split into consecutive parts, each folded into a
  /// projection of its own, and the parts are merged in order (later values win, as in a
  /// sequential fold).
  public func fold(through batch: Int?, sources: Set<Source>?, into projection: inout Projection) throws {
    try fold(after: 0, through: batch, sources: sources, into: &projection, parallelFrom: 64)
  }

  /// `fold` of the batches after `after` through `batch`, split across cores when there are
  /// at least `parallelFrom` frames.
  func fold(
    after: Int = 0, through batch: Int?, sources: Set<Source>?, into projection: inout Projection,
    parallelFrom: Int
  ) throws {
    let end = batch ?? batches.count
    guard after < end else { return }
    let selected = batches[after..<end].filter {
      sources?.contains($0.provenance.source) ?? true
    }
    guard let last = selected.last else { return }
    let mapped = try MappedLog(fd: fd, length: last.byteRange.upperBound, path: logPath)
    let frames = try selected.flatMap { try mapped.frames(of: $0) }
    let parts = frames.count >= parallelFrom ? min(Parallel.cores, frames.count) : 1
    guard parts > 1 else {
      for frame in frames { try mapped.decode(frame, into: &projection) }
      return
    }
    let start = projection
    let folded = try Parallel.map(parts) { part in
      let share = frames[(frames.count * part / parts)..<(frames.count * (part + 1) / parts)]
      var partial = part == 0 ? start : Projection()
      // The first part is the one the others are merged into: room for everything.
      let fraction = part == 0 ? 1 : Double(share.count) / Double(frames.count)
      partial.reserveCapacity(for: selected.map { $0.scaled(by: fraction) })
      for frame in share { try mapped.decode(frame, into: &partial) }
      return partial
    }
    projection = folded[0]
    for later in folded.dropFirst() { projection.merge(later) }
  }

  func replay<Sink: EventSink>(through batch: Int?, sources: Set<Source>?, into sink: inout Sink) throws {
    let selected = batches.prefix(batch ?? batches.count).filter {
      sources?.contains($0.provenance.source) ?? true
    }
    guard let last = selected.last else { return }
    let mapped = try MappedLog(fd: fd, length: last.byteRange.upperBound, path: logPath)
    for info in selected {
      try mapped.replay(info, into: &sink)
    }
  }

  /// Hands every event of one committed batch to `body`.
  func replay(batch info: BatchInfo, _ body: (RecordedEvent) throws -> Void) throws {
    let mapped = try MappedLog(fd: fd, length: info.byteRange.upperBound, path: logPath)
    try withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      try mapped.replay(info, into: &sink)
    }
  }

  // MARK: File system helpers

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

/// The committed part of the log, mapped read-only for replay. Only committed bytes are
/// mapped: they are never truncated, so the mapping stays valid whatever writers do.
private final class MappedLog: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  let path: String

  init(fd: Int32, length: Int, path: String) throws(Diagnostic) {
    self.path = path
    let address = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0)
    guard let address, address != MAP_FAILED else {
      throw Diagnostic(file: path, "cannot map the event log: \(errnoDescription())")
    }
    madvise(address, length, MADV_SEQUENTIAL)
    bytes = UnsafeRawBufferPointer(start: address, count: length)
  }

  deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count) }

  func replay<Sink: EventSink>(_ info: BatchInfo, into sink: inout Sink) throws {
    for frame in try frames(of: info) { try decode(frame, into: &sink) }
  }

  /// One frame of a committed batch.
  struct Frame {
    let offset: Int
    let batch: BatchInfo
  }

  /// The frames of a batch, their headers checked (payloads are checked when decoded).
  func frames(of info: BatchInfo) throws -> [Frame] {
    var frames: [Frame] = []
    var offset = info.byteRange.lowerBound
    while offset < info.byteRange.upperBound {
      guard offset + LogFormat.frameHeaderSize <= info.byteRange.upperBound else {
        throw damaged(offset, info, "a frame header is cut short")
      }
      guard let header = self.header(at: offset),
        offset + LogFormat.frameHeaderSize + header.length <= info.byteRange.upperBound
      else { throw damaged(offset, info, "a frame header is damaged") }
      frames.append(Frame(offset: offset, batch: info))
      offset += LogFormat.frameHeaderSize + header.length
    }
    return frames
  }

  /// Checks a frame's checksum and hands its events (if it holds any) to `sink`.
  func decode<Sink: EventSink>(_ frame: Frame, into sink: inout Sink) throws {
    let offset = frame.offset
    // `frames(of:)` checked the header and that the frame lies inside the mapping.
    let header = self.header(at: offset)!
    let payloadStart = offset + LogFormat.frameHeaderSize
    let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<payloadStart + header.length])
    guard header.matches(payload) else { throw damaged(offset, frame.batch, "checksum mismatch") }
    guard header.frameType == .events else { return }
    do {
      try EventBlockDecoder.decode(payload, batch: frame.batch.number, into: &sink)
    } catch let malformed as EventBlockDecoder.Malformed {
      throw damaged(payloadStart + malformed.offset, frame.batch, "an event cannot be decoded")
    }
  }

  private func header(at offset: Int) -> LogFormat.FrameHeader? {
    guard offset + LogFormat.frameHeaderSize <= bytes.count else { return nil }
    return LogFormat.FrameHeader(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + LogFormat.frameHeaderSize]))
  }

  private func damaged(_ offset: Int, _ info: BatchInfo, _ reason: String) -> Diagnostic {
    Diagnostic(
      file: path,
      LogDamage(offset: offset, batch: info.number, reason: reason).message
        + "; run 'pledge verify' and restore the store from a backup")
  }
}

/// Test hooks that stop an append at a chosen point, so tests can check what a crash or a
/// failed write leaves behind. Debug builds (what `swift test` runs) read them from the
/// environment of the `pledge` process; release builds never do.
///
/// - `PLEDGE_TEST_KILL_AFTER_BYTES=N`: after writing N bytes of a batch the writer kills itself
///   with SIGKILL, exactly as `kill -9` would.
/// - `PLEDGE_TEST_FAIL_AFTER_BYTES=N`: after N bytes of a batch, a write fails (EIO).
/// - `PLEDGE_TEST_FAIL_AT=STEP,…`: the named steps fail (EIO): `events-sync`, `quarantine-sync`,
///   `commit-sync`, and `undo` (cutting a failed batch off again).
struct AppendFaults {
  var killAfterBytes: Int?
  var failAfterBytes: Int?
  var failing: Set<Step> = []

  enum Step: String {
    case eventsSync = "events-sync"
    case quarantineSync = "quarantine-sync"
    case commitSync = "commit-sync"
    case undo
  }

  static func fromEnvironment() -> AppendFaults {
    var faults = AppendFaults()
    #if DEBUG
      func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
      faults.killAfterBytes = value("PLEDGE_TEST_KILL_AFTER_BYTES").flatMap { Int($0) }
      faults.failAfterBytes = value("PLEDGE_TEST_FAIL_AFTER_BYTES").flatMap { Int($0) }
      for name in (value("PLEDGE_TEST_FAIL_AT") ?? "").split(separator: ",") {
        if let step = Step(rawValue: String(name)) { faults.failing.insert(step) }
      }
    #endif
    return faults
  }
}

/// Writes a batch's frames one after another from its start offset, where the test hooks of
/// `AppendFaults` can stop it.
private struct BatchWriter {
  let fd: Int32
  let path: String
  private(set) var offset: Int
  let faults: AppendFaults
  private var written = 0
  /// Whether the commit frame (the last write) has been written.
  private(set) var hasWrittenCommit = false

  init(fd: Int32, path: String, offset: Int, faults: AppendFaults) {
    self.fd = fd
    self.path = path
    self.offset = offset
    self.faults = faults
  }

  /// The events frames of `blocks`, back to back. A large batch is framed and written on
  /// every core, each part at its own offset (the order of the writes does not matter: no
  /// reader looks past the last commit, and the commit is written after the `fsync`).
  mutating func writeEvents(_ blocks: [[UInt8]]) throws(Diagnostic) {
    let watched = faults.killAfterBytes != nil || faults.failAfterBytes != nil
    let parts = watched || blocks.count < 4 ? 1 : Parallel.cores
    guard parts > 1 else {
      var pending: [UInt8] = []
      pending.reserveCapacity(1 << 20)
      for block in blocks {
        LogFormat.appendFrame(.events, block, to: &pending)
        if pending.count >= 1 << 20 {
          try write(pending)
          pending.removeAll(keepingCapacity: true)
        }
      }
      try write(pending)
      return
    }
    let bounds = (0...parts).map { blocks.count * $0 / parts }
    var starts: [Int] = []
    var end = offset
    for part in 0..<parts {
      starts.append(end)
      for block in blocks[bounds[part]..<bounds[part + 1]] { end += LogFormat.frameHeaderSize + block.count }
    }
    let fd = fd
    let path = path
    do {
      _ = try Parallel.map(parts) { part in
        var at = starts[part]
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 20)
        for block in blocks[bounds[part]..<bounds[part + 1]] {
          LogFormat.appendFrame(.events, block, to: &pending)
          if pending.count >= 1 << 20 {
            try FileEventStore.write(pending, to: fd, at: at, path: path)
            at += pending.count
            pending.removeAll(keepingCapacity: true)
          }
        }
        try FileEventStore.write(pending, to: fd, at: at, path: path)
      }
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(file: path, "cannot write: \(error)")
    }
    written += end - offset
    offset = end
  }

  mutating func write(_ bytes: [UInt8], isCommit: Bool = false) throws(Diagnostic) {
    if let limit = faults.killAfterBytes, written + bytes.count >= limit {
      try FileEventStore.write(Array(bytes.prefix(limit - written)), to: fd, at: offset, path: path)
      kill(getpid(), SIGKILL)
    }
    if let limit = faults.failAfterBytes, written + bytes.count > limit {
      let part = Array(bytes.prefix(max(0, limit - written)))
      try FileEventStore.write(part, to: fd, at: offset, path: path)
      offset += part.count
      written += part.count
      throw Diagnostic(file: path, "cannot write: \(errnoDescription(EIO))")
    }
    try FileEventStore.write(bytes, to: fd, at: offset, path: path)
    offset += bytes.count
    written += bytes.count
    if isCommit { hasWrittenCommit = true }
  }
}
