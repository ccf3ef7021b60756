import Synchronization

/// A source's snapshot written while its first export is read, so that ingest leaves the store
/// warm at little more than the cost of reading the file.
///
/// When a source has no records yet, every record the file makes is new and appended to the
/// table in order, and most are never named again. After each chunk the deciding core copies
/// the records that have settled — made more than `lag` chunks ago — into slabs that a
/// `SnapshotWriter` on an `IdleThread` encodes, streaming the body to a file aside in the gaps
/// the two stages of ingest leave (the deciding core is the busier one; the reading core waits
/// for it). Once the file is read the deciding core stops the thread, writes what it had not
/// (on every core when that is much), and the index sections while the batch is appended; the
/// meta follows once the batch is durable, and the file is renamed into the cache (`finish`).
///
/// A row that changes a record already handed over spoils the body: the stream is dropped
/// (`isAbandoned`, its file deleted) and ingest encodes the snapshot from the table afterwards,
/// as for any other file. So is a file too small for a snapshot to be due.
final class SnapshotStream<R: Record> {
  private let cache: SnapshotCache
  private let source: Source
  /// What the writer's thread works on; nil until the writer is started.
  private var shared: Shared?
  private var thread: IdleThread?
  /// How many of the table's records (from the first) were handed over.
  private(set) var handedOver = 0
  /// The table's count after each of the last chunks, oldest first: a record made before the
  /// oldest of them has settled.
  private var recentCounts: [Int] = []
  private(set) var isAbandoned = false

  /// Chunks (of 2,048 rows) a record waits before it is handed over: rows repeating a key
  /// are mostly close together.
  static var lag: Int { 2 }

  /// Records are handed over in slabs of this many, and at most `slabCount` slabs wait for the
  /// thread (64 k records, about 11 MB of calls); more settled records wait in the table until
  /// it catches up, or until `close`.
  static var slabSize: Int { 4096 }
  static var slabCount: Int { 16 }

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

  deinit { thread?.stop() }

  /// Whether records are being written: the writer was started and the stream not dropped.
  var isWriting: Bool { shared != nil && !isAbandoned }

  /// After each chunk: hands over the records that have settled.
  func chunkDecided(_ table: RecordTable<R>) {
    guard !isAbandoned else { return }
    recentCounts.append(table.count)
    guard recentCounts.count > SnapshotStream.lag else { return }
    let settled = recentCounts.removeFirst()
    guard settled > handedOver, shared != nil || settled >= SnapshotStream.startAfter else { return }
    if shared == nil {
      guard start(table) else { return abandon() }
    }
    guard let shared, let thread else { return }
    table.records.withUnsafeBufferPointer { records in
      while handedOver < settled, let count = shared.fill(from: records.baseAddress! + handedOver, upTo: settled - handedOver) {
        handedOver += count
        thread.wakeUp()
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
    thread?.stop()
    thread = nil
    shared = nil
  }

  /// Stops the writer's thread, writes the records it had not and the index sections: once
  /// the file is read, while the batch is appended on the other core.
  func close(_ table: RecordTable<R>) {
    guard !isAbandoned else { return }
    thread?.stop()
    thread = nil
    guard let shared, !shared.failed else { return abandon() }
    do {
      // The thread wrote the records in order, up to where it was stopped.
      let rest = table.records[shared.writer.recordCount...]
      Timings.mark("snapshot stream: thread stopped, \(rest.count) records left")
      if rest.count >= SnapshotStream.encodedOnEveryCore {
        // The thread fell behind (the reading core was the busier one): the rest is encoded
        // on every core.
        try shared.writer.add(SnapshotBody(rest, continuing: shared.writer.textTable))
      } else {
        for record in rest { try shared.writer.add(record) }
      }
      handedOver = table.count
      try shared.writer.writeIndex(slots: table.slots)
    } catch {
      abandon()
    }
  }

  /// Writes the meta (of the batch now appended) and puts the snapshot in place, after
  /// `close`. False, and nothing in place, when the stream was dropped or writing failed.
  func finish(_ table: RecordTable<R>, meta: Snapshot.Meta) -> Bool {
    guard !isAbandoned, handedOver == table.count, let shared else {
      abandon()
      return false
    }
    defer { self.shared = nil }
    do {
      try shared.writer.finish(meta: meta)
      return true
    } catch {
      return false
    }
  }

  private func start(_ table: RecordTable<R>) -> Bool {
    guard cache.makeDirectory(),
      // Room for as many records as the table has (the file's rows, as ingest estimated).
      let writer = try? SnapshotWriter<R>(
        path: cache.path(source), texts: [], expectedRecords: table.records.capacity)
    else { return false }
    let shared = Shared(writer: writer)
    self.shared = shared
    // Without a thread of its own, the records wait for `close`.
    thread = IdleThread { thread in shared.write(on: thread) }
    return true
  }

  /// What the writer's thread works on: the writer, and the slabs the deciding core fills
  /// with copies of settled records, in turn. Neither thread waits for the other: a slab is
  /// published (`published`) once filled and given back (`consumed`) once written, both
  /// counters atomic. The writer is the thread's while it runs; `failed` is read after it
  /// ended.
  private final class Shared: @unchecked Sendable {
    var writer: SnapshotWriter<R>
    var failed = false
    private let slabs: UnsafeMutablePointer<R>
    /// How many records each slab holds.
    private let filled: UnsafeMutablePointer<Int>
    private let published = Atomic<Int>(0)
    private let consumed = Atomic<Int>(0)

    init(writer: SnapshotWriter<R>) {
      self.writer = writer
      slabs = .allocate(capacity: SnapshotStream.slabCount * SnapshotStream.slabSize)
      filled = .allocate(capacity: SnapshotStream.slabCount)
      filled.initialize(repeating: 0, count: SnapshotStream.slabCount)
    }

    deinit {
      // Every slab filled at least once holds its last copies.
      for slab in 0..<min(published.load(ordering: .acquiring), SnapshotStream.slabCount) {
        (slabs + slab * SnapshotStream.slabSize).deinitialize(count: filled[slab])
      }
      slabs.deallocate()
      filled.deallocate()
    }

    /// On the deciding core: copies up to a slab of records from `records` into the next free
    /// slab and publishes it; nil when every slab waits for the thread.
    func fill(from records: UnsafePointer<R>, upTo count: Int) -> Int? {
      let next = published.load(ordering: .relaxed)
      guard next - consumed.load(ordering: .acquiring) < SnapshotStream.slabCount else { return nil }
      let slab = next % SnapshotStream.slabCount
      let start = slabs + slab * SnapshotStream.slabSize
      if next >= SnapshotStream.slabCount { start.deinitialize(count: filled[slab]) }
      let n = min(count, SnapshotStream.slabSize)
      start.initialize(from: records, count: n)
      filled[slab] = n
      published.store(next + 1, ordering: .releasing)
      return n
    }

    /// On the writer's thread: writes the published slabs in order, until stopped.
    func write(on thread: IdleThread) {
      while !thread.isStopping {
        let next = consumed.load(ordering: .relaxed)
        guard next < published.load(ordering: .acquiring) else {
          thread.waitForWork()
          continue
        }
        let slab = next % SnapshotStream.slabCount
        let start = slabs + slab * SnapshotStream.slabSize
        do {
          for i in 0..<filled[slab] {
            // Stopped part-way, the deciding core goes on from the writer's count.
            if thread.isStopping { return }
            try writer.add(start[i])
          }
        } catch {
          failed = true
          return
        }
        consumed.store(next + 1, ordering: .releasing)
      }
    }
  }
}
