/// A source's snapshot written while its first export is read, so that ingest leaves the store
/// warm at little more than the cost of reading the file.
///
/// When a source has no records yet, every record the file makes is new and appended to the
/// table in order, and most are never named again. After each chunk the deciding core hands a
/// copy of the records that have settled — made more than `lag` chunks ago — to a
/// `SnapshotWriter` on an `IdleThread`, which encodes them and streams the body to a file aside
/// in the gaps the two stages of ingest leave (the deciding core is the busier one; the
/// reading core waits for it). Once the file is read the deciding core takes the writer back,
/// adds the records still waiting, and after the batch is durable writes the index sections and
/// renames the file into the cache (`finish`).
///
/// A row that changes a record already handed over spoils the body: the stream is dropped
/// (`isAbandoned`, its file deleted) and ingest encodes the snapshot from the table afterwards,
/// as for any other file. So is a file too small for a snapshot to be due.
final class SnapshotStream<R: Record>: @unchecked Sendable {
  private let cache: SnapshotCache
  private let source: Source
  /// Owned by `thread` while it runs, by the deciding core before and after.
  private var writer: SnapshotWriter<R>?
  /// Whether the writer was made (read by the deciding core while the thread owns it).
  private var started = false
  private var thread: IdleThread?
  /// Set by the thread when writing failed (the stream is then dropped at `finish`).
  private var failed = false
  /// How many of the table's records (from the first) were handed over.
  private(set) var handedOver = 0
  /// The table's count after each of the last chunks, oldest first: a record made before the
  /// oldest of them has settled.
  private var recentCounts: [Int] = []
  private(set) var isAbandoned = false

  /// Whether records are being written: the writer was started and the stream not dropped.
  var isWriting: Bool { started && !isAbandoned }

  /// Chunks (of 2,048 rows) a record waits before it is handed over: rows repeating a key
  /// are mostly close together.
  static var lag: Int { 2 }

  /// Records are handed over in copies of at most this many, and at most `queueLimit` copies
  /// wait for the thread (64 k records, about 11 MB of calls); more settled records wait in
  /// the table until it catches up, or until `close`. Stopping the thread waits for one job
  /// at most.
  static var jobSize: Int { 4096 }
  static var queueLimit: Int { 16 }

  /// At `close`, this many records not yet written or more are encoded on every core.
  static var encodedOnEveryCore: Int { 32_768 }

  /// The writer is started (and the file created) only once this many records have settled:
  /// a small file is not worth a snapshot. ($PLEDGE_SNAPSHOT_STREAM_AFTER_RECORDS overrides
  /// it, for tests.)
  static var startAfter: Int {
    if let n = environmentInteger("PLEDGE_SNAPSHOT_STREAM_AFTER_RECORDS"), n >= 0 { return n }
    return 8192
  }

  /// A stream to the snapshot of `source` in `cache` (the file is written aside).
  init(cache: SnapshotCache, source: Source) {
    self.cache = cache
    self.source = source
  }

  /// After each chunk: hands over the records that have settled.
  func chunkDecided(_ table: RecordTable<R>) {
    guard !isAbandoned else { return }
    recentCounts.append(table.count)
    guard recentCounts.count > SnapshotStream.lag else { return }
    let settled = recentCounts.removeFirst()
    guard settled > handedOver, started || settled >= SnapshotStream.startAfter else { return }
    if !started {
      guard start(table) else { return abandon() }
    }
    guard let thread else { return }
    while handedOver < settled, thread.waiting < SnapshotStream.queueLimit {
      let end = min(settled, handedOver + SnapshotStream.jobSize)
      let records = Array(table.records[handedOver..<end])
      handedOver = end
      thread.submit { [self] in
        guard !failed else { return }
        do {
          for record in records { try writer!.add(record) }
        } catch {
          failed = true
        }
      }
    }
  }

  /// A row changed the record at `position`: if it was handed over, the stream is dropped.
  @inline(__always)
  func changed(_ position: Int) {
    if position < handedOver { abandon() }
  }

  /// Drops the stream and its file.
  func abandon() {
    isAbandoned = true
    _ = thread?.stop()
    thread = nil
    writer = nil
  }

  /// Takes the writer back from the thread, adds the records not yet written and writes the
  /// index sections: once the file is read, while the batch is appended on the other core.
  func close(_ table: RecordTable<R>) {
    guard !isAbandoned else { return }
    let left = thread?.stop() ?? []
    Timings.mark("snapshot stream: thread stopped, \(left.count) jobs and \(table.count - handedOver) records left")
    for job in left { job() }
    thread = nil
    guard writer != nil, !failed else { return abandon() }
    do {
      let rest = table.records[handedOver...]
      if rest.count >= SnapshotStream.encodedOnEveryCore {
        // The thread fell behind (the reading core was the busier one): the rest is encoded
        // on every core.
        try writer!.add(SnapshotBody(rest, continuing: writer!.textTable))
      } else {
        for record in rest { try writer!.add(record) }
      }
      handedOver = table.count
      try writer!.writeIndex(slots: table.slots)
    } catch {
      abandon()
    }
  }

  /// Writes the meta (of the batch now appended) and puts the snapshot in place, after
  /// `close`. False, and nothing in place, when the stream was dropped or writing failed.
  func finish(_ table: RecordTable<R>, meta: Snapshot.Meta) -> Bool {
    guard !isAbandoned, handedOver == table.count, var writer else {
      abandon()
      return false
    }
    self.writer = nil
    do {
      try writer.finish(meta: meta)
      return true
    } catch {
      return false
    }
  }

  private func start(_ table: RecordTable<R>) -> Bool {
    guard cache.makeDirectory(),
      // Room for as many records as the table has (the file's rows, as ingest estimated).
      let created = try? SnapshotWriter<R>(
        path: cache.path(source), texts: [], expectedRecords: table.records.capacity)
    else { return false }
    writer = created
    started = true
    // Without a thread of its own, the records wait for `close`.
    thread = IdleThread()
    return true
  }
}
