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

  /// Opens an existing store for reading.
  public init(readingFrom directory: String) throws(Diagnostic) {
    self.directory = directory
    lock = nil
    let path = directory + "/" + FileEventStore.logName
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT {
        throw Diagnostic(
          "there is no store at \(directory); ingest exports first with 'pledge ingest',"
            + " or name the store with --store DIR or $PLEDGE_STORE")
      }
      throw Diagnostic(file: path, "cannot open the event log: \(errnoDescription())")
    }
    let index: LogIndex
    do {
      index = try LogScanner(fd: fd).index(checkEvents: false)
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
    var created = false
    var descriptor = open(path, O_RDWR | O_CLOEXEC)
    if descriptor < 0, errno == ENOENT {
      descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      created = true
    }
    guard descriptor >= 0 else {
      throw Diagnostic(file: path, "cannot open the event log for writing: \(errnoDescription())")
    }
    fd = descriptor
    if created {
      try FileEventStore.write(LogFormat.header(), to: fd, at: 0, path: path)
      try FileEventStore.sync(fd, path: path)
      try FileEventStore.syncDirectory(directory)
    }
    let index: LogIndex
    do {
      index = try LogScanner(fd: fd).index(checkEvents: true)
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
        FileEventStore.truncate(directory + "/" + FileEventStore.quarantineName, to: quarantineOffset)
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

  deinit { close(fd) }

  // MARK: Appending

  public func append(_ draft: BatchDraft) throws -> BatchInfo {
    precondition(lock != nil, "append needs a store opened for writing")
    let draft = draft.sealedCopy()
    let path = logPath
    let number = batches.count + 1
    let quarantineOffset = FileEventStore.size(of: quarantinePath)
    let begin = LogFormat.Begin(
      number: number, provenance: draft.provenance, quarantineOffset: quarantineOffset)
    let start = committedEnd
    var writer = CrashPoint.current.map { TornWriter(killAfter: $0) } ?? TornWriter(killAfter: nil)
    var offset = start
    func emit(_ bytes: [UInt8]) throws(Diagnostic) {
      try writer.write(bytes, to: fd, at: offset, path: path)
      offset += bytes.count
    }
    try emit(LogFormat.frame(.begin, LogFormat.encode(begin)))
    var pending: [UInt8] = []
    pending.reserveCapacity(1 << 20)
    var eventCount = 0
    for block in draft.blocks {
      pending.append(contentsOf: LogFormat.frame(.events, block))
      if pending.count >= 1 << 20 {
        try emit(pending)
        pending.removeAll(keepingCapacity: true)
      }
    }
    try emit(pending)
    eventCount = draft.counts.events
    // The batch's bytes are on disk before the commit that makes them count.
    try FileEventStore.sync(fd, path: path)
    if !draft.quarantineRows.isEmpty {
      try appendQuarantine(draft.quarantineRows)
    }
    let commit = LogFormat.Commit(
      number: number, beginOffset: start, blockCount: draft.blocks.count, eventCount: eventCount,
      counts: draft.counts)
    try emit(LogFormat.frame(.commit, LogFormat.encode(commit)))
    try FileEventStore.sync(fd, path: path)
    let info = BatchInfo(
      number: number, provenance: draft.provenance, counts: draft.counts, eventCount: eventCount,
      byteRange: start..<offset, quarantineOffset: quarantineOffset)
    batches.append(info)
    committedEnd = offset
    return info
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

  /// Cuts a file back to `length` bytes; a file cut back to nothing is removed (it was
  /// created by the batch being discarded).
  static func truncate(_ path: String, to length: Int) {
    if length == 0 {
      unlink(path)
    } else if size(of: path) > length {
      Glibc.truncate(path, off_t(length))
    }
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
      let header = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + LogFormat.frameHeaderSize])
      let length = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
      guard header[0] == LogFormat.sync.0, header[1] == LogFormat.sync.1,
        offset + LogFormat.frameHeaderSize + length <= info.byteRange.upperBound
      else { throw damaged(offset, info, "a frame header is damaged") }
      frames.append(Frame(offset: offset, batch: info))
      offset += LogFormat.frameHeaderSize + length
    }
    return frames
  }

  /// Checks a frame's checksum and hands its events (if it holds any) to `sink`.
  func decode<Sink: EventSink>(_ frame: Frame, into sink: inout Sink) throws {
    let offset = frame.offset
    let header = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + LogFormat.frameHeaderSize])
    let length = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    let crc = UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    let payloadStart = offset + LogFormat.frameHeaderSize
    let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<payloadStart + length])
    guard LogFormat.frameChecksum(type: header[2], flags: header[3], length: UInt32(length), payload: payload) == crc
    else { throw damaged(offset, frame.batch, "checksum mismatch") }
    guard header[2] == LogFormat.FrameType.events.rawValue else { return }
    do {
      try EventBlockDecoder.decode(payload, batch: frame.batch.number, into: &sink)
    } catch let malformed as EventBlockDecoder.Malformed {
      throw damaged(payloadStart + malformed.offset, frame.batch, "an event cannot be decoded")
    }
  }

  private func damaged(_ offset: Int, _ info: BatchInfo, _ reason: String) -> Diagnostic {
    Diagnostic(
      file: path,
      LogDamage(offset: offset, batch: info.number, reason: reason).message
        + "; run 'pledge verify' and restore the store from a backup")
  }
}

/// A test hook: with `PLEDGE_TEST_KILL_AFTER_BYTES=N`, the writer kills itself with SIGKILL
/// after writing N bytes of a batch, exactly as `kill -9` would, so tests can stop an append
/// at any byte.
enum CrashPoint {
  static var current: Int? {
    guard let value = getenv("PLEDGE_TEST_KILL_AFTER_BYTES") else { return nil }
    return Int(String(cString: value))
  }
}

private struct TornWriter {
  let killAfter: Int?
  var written = 0

  init(killAfter: Int?) { self.killAfter = killAfter }

  mutating func write(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws(Diagnostic) {
    guard let limit = killAfter, written + bytes.count >= limit else {
      try FileEventStore.write(bytes, to: fd, at: offset, path: path)
      written += bytes.count
      return
    }
    let part = Array(bytes.prefix(limit - written))
    try FileEventStore.write(part, to: fd, at: offset, path: path)
    kill(getpid(), SIGKILL)
  }
}
