import Glibc

/// The snapshots in `STORE/cache/`: one file per source, `calls.snapshot` and so on. Anything
/// wrong with a file (missing, damaged, another version, another log) makes it be ignored;
/// writing one never touches the log, and failing to write one is not an error.
struct SnapshotCache {
  let directory: String

  init(store: String) { directory = store + "/cache" }

  /// A whole snapshot is written once a fold had to replay this many events past the last
  /// one ($PLEDGE_SNAPSHOT_AFTER_EVENTS overrides it, for tests and small stores).
  static var refreshAfter: Int {
    if let n = environmentInteger("PLEDGE_SNAPSHOT_AFTER_EVENTS"), n >= 0 { return n }
    return 200_000
  }

  /// Past this many events after its snapshot, a source is read whole and folded on every
  /// core rather than replayed record by record onto a snapshot read in part.
  static var readWholeAfter: Int { max(2_000_000, refreshAfter) }

  /// A snapshot read in part is brought up to date (spliced: unchanged records are copied as
  /// bytes) once this many events were replayed on it.
  /// ($PLEDGE_SNAPSHOT_SPLICE_AFTER_EVENTS overrides it.)
  static var spliceAfter: Int {
    if let n = environmentInteger("PLEDGE_SNAPSHOT_SPLICE_AFTER_EVENTS"), n >= 0 { return n }
    return refreshAfter
  }

  func path(_ source: Source) -> String { directory + "/\(source).snapshot" }

  /// The snapshot of `source`, if a sound one is there.
  func load(_ source: Source) -> SnapshotFile? {
    let path = path(source)
    guard access(path, R_OK) == 0, let snapshot = SnapshotFile(path: path), snapshot.meta.source == source
    else { return nil }
    return snapshot
  }

  /// Writes the snapshot of `source` with `write`, which is given the path (the file is
  /// written aside and renamed); failing to write a cache is not an error.
  func save(_ source: Source, _ write: (String) throws -> Void) {
    guard makeDirectory() else { return }
    try? write(path(source))
  }

  /// Creates the cache's directory unless it is there, and removes what a killed command left
  /// in it; false when it cannot be made.
  func makeDirectory() -> Bool {
    guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { return false }
    removeAbandonedFiles()
    return true
  }

  /// Deletes snapshots written aside (`asidePath`: NAME.tmp-PID) by a process that is no
  /// longer running: an ingest interrupted while it streamed its snapshot leaves one as large
  /// as the snapshot. Only a file untouched for an hour goes: a store shared between machines
  /// or containers may be written by a process this one cannot see.
  private func removeAbandonedFiles() {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      let path = directory + "/" + name
      var info = stat()
      guard let dash = name.lastIndex(of: "-"), (name[..<dash] + "-").hasSuffix(asideMarker),
        let pid = Int32(name[name.index(after: dash)...]), pid > 0, pid != getpid(),
        kill(pid, 0) != 0, errno == ESRCH,
        stat(path, &info) == 0, now.tv_sec - info.st_mtim.tv_sec > 3600
      else { continue }
      unlink(path)
    }
  }
}

/// Which records a projection built on snapshots holds in memory.
public enum Materialization: Sendable {
  /// Every record (status, show, and anything that iterates all records).
  case everything
  /// For calls, visits and complaints, those whose selection times (`Record.selectionTimes`:
  /// their possible starts, and a complaint's closing) lie in the period, and any a replayed
  /// event touches; every record of the other sources. Enough to report that period: rules
  /// that consult other visits read them one by one from the snapshot (`forEachRecord`).
  case callsStartingIn(ReportPeriod)
  /// Only the records asked for by key (ingest decides row by row).
  case onDemand
}

extension FileEventStore {
  /// The projection of batches 1…`through` (all by default) of `sources`: per source, from its
  /// snapshot where it still matches the log, replaying only the batches after it. When the
  /// replay was long, reached the end of the log, and every record is in memory, a fresh
  /// snapshot is saved.
  public func projection(
    through batch: Int? = nil, sources: Set<Source> = Set(Source.allCases), useCache: Bool = true,
    savingSnapshots: Bool = true, materializing: Materialization = .everything
  ) throws -> Projection {
    let last = batch ?? batches.count
    var result = Projection()
    let wanted = Source.allCases.filter(sources.contains)
    func part(_ i: Int) throws -> Projection {
      try projection(
        of: wanted[i], through: last, useCache: useCache, saving: useCache && savingSnapshots,
        materializing: materializing)
    }
    // The sources share nothing but the read-only log. On snapshots (short replays) the
    // first (calls, the largest) is loaded here while the others load on another thread;
    // without snapshots, the long fold of each source uses every core in turn.
    let onSnapshots = useCache && access(SnapshotCache(store: directory).path(.calls), R_OK) == 0
    let parts: [Projection]
    if onSnapshots, wanted.count > 1 {
      let (first, rest) = try Parallel.pair({ try part(0) }, { try (1..<wanted.count).map(part) })
      parts = [first] + rest
    } else {
      parts = try wanted.indices.map(part)
    }
    for (source, part) in zip(wanted, parts) { result.absorb(part, source: source) }
    result.setBatch(last)
    return result
  }

  private func projection(
    of source: Source, through last: Int, useCache: Bool, saving: Bool,
    materializing: Materialization
  ) throws -> Projection {
    let cache = SnapshotCache(store: directory)
    var part = Projection()
    var folded = 0
    let loaded = useCache ? cache.load(source) : nil
    Timings.mark("\(source): open and check the snapshot")
    var base: SnapshotFile?
    // Usable: of a batch up to `last`, and folded from the log as it is.
    let usable = loaded.map { snapshot in
      snapshot.meta.batch <= last
        && snapshot.meta.logDigest == Snapshot.logDigest(batches.prefix(snapshot.meta.batch))
    }
    if useCache, loaded == nil, access(cache.path(source), F_OK) == 0 {
      CacheTrace.note("\(source): snapshot ignored: damaged or of another version")
    } else if let snapshot = loaded, usable == false {
      CacheTrace.note(
        snapshot.meta.batch > last
          ? "\(source): snapshot ignored: of batch \(snapshot.meta.batch), after batch \(last)"
          : "\(source): snapshot ignored: it does not match the log")
    }
    if let snapshot = loaded, usable == true {
      // A very long replay is faster on every record in memory (it folds on every core).
      let long = events(of: source, after: snapshot.meta.batch, through: last) >= SnapshotCache.readWholeAfter
      // Room for the records the replay may add, so it never grows the table.
      let room = batches[snapshot.meta.batch..<last].reduce(0) {
        $0 + ($1.provenance.source == source ? $1.counts.rowsAccepted : 0)
      }
      if let built = Projection(
        snapshot: snapshot, materializing: long ? .everything : materializing, room: room)
      {
        part = built
        folded = snapshot.meta.batch
        base = snapshot
      }
    }
    Timings.mark("\(source): snapshot of batch \(folded)")
    let tail = batches[folded..<last].filter { $0.provenance.source == source }
    let tailEvents = tail.reduce(0) { $0 + $1.eventCount }
    part.reserveCapacity(for: tail)
    try fold(
      after: folded, through: last, sources: [source], into: &part,
      parallelFrom: part.isPartial ? Int.max : 64)
    Timings.mark("\(source): \(tailEvents) events replayed")
    if let base {
      // The replay probed the snapshot's key index for each record it touched, a page of a
      // large index per probe: let go of them (they stay in the page cache, and a later
      // lookup brings one back at once), so what a command holds does not grow with history.
      base.file.release(UnsafeRawBufferPointer(base.slots))
      part.snapshotBatches[source] = base.meta.batch
      CacheTrace.note("\(source): loaded the snapshot of batch \(base.meta.batch), replayed \(tailEvents) events past it")
    } else if useCache, tailEvents > 0 {
      CacheTrace.note("\(source): no snapshot, replayed \(tailEvents) events")
    }
    // A source the log holds nothing of needs no snapshot.
    guard saving, last == batches.count, last > 0, part.eventCount > 0 else { return part }
    let meta = Snapshot.Meta(source, of: part, through: batches.prefix(last))
    if part.isPartial, let base, tailEvents >= SnapshotCache.spliceAfter {
      // The records that may have changed are re-encoded; the rest is copied.
      cache.save(source) { try Snapshot.splice(part, onto: base, meta: meta, to: $0) }
      Timings.mark("\(source): snapshot spliced")
      CacheTrace.note("\(source): snapshot of batch \(last) spliced")
    } else if !part.isPartial, tailEvents >= SnapshotCache.refreshAfter {
      cache.save(source) { try Snapshot.encode(part, meta: meta, to: $0) }
      Timings.mark("\(source): snapshot written")
      CacheTrace.note("\(source): snapshot of batch \(last) written")
    }
    return part
  }
}

extension FileEventStore {
  /// How many events of `source` batches `first + 1`…`last` hold.
  func events(of source: Source, after first: Int, through last: Int) -> Int {
    batches[first..<last].reduce(0) { $0 + ($1.provenance.source == source ? $1.eventCount : 0) }
  }
}

extension Projection {
  /// One source's projection on its snapshot.
  init?(snapshot: SnapshotFile, materializing: Materialization, room: Int = 0) {
    self.init()
    func table<R: Record>(_: R.Type) -> RecordTable<R>? {
      let base = RecordBase<R>(snapshot)
      switch materializing {
      case .everything:
        return RecordTable(base: base, keeping: nil, room: room)
      case .onDemand:
        return RecordTable(base: base, keeping: { _ in false }, room: room)
      case .callsStartingIn(let period):
        guard [.calls, .visits, .complaints].contains(snapshot.meta.source) else {
          return RecordTable(base: base, keeping: nil, room: room)
        }
        let range = period.range
        return RecordTable(base: base, keeping: { base.mayStart($0, in: range) }, room: room)
      }
    }
    switch snapshot.meta.source {
    case .calls: guard let t = table(CallRecord.self) else { return nil }; calls = t
    case .visits: guard let t = table(VisitRecord.self) else { return nil }; visits = t
    case .complaints: guard let t = table(ComplaintRecord.self) else { return nil }; complaints = t
    case .units: guard let t = table(UnitRecord.self) else { return nil }; units = t
    case .keypersons: guard let t = table(PersonRecord.self) else { return nil }; persons = t
    case .dispatches: guard let t = table(DispatchRecord.self) else { return nil }; dispatches = t
    case .activities: guard let t = table(ActivityRecord.self) else { return nil }; activities = t
    case .duties: guard let t = table(DutyRecord.self) else { return nil }; duties = t
    case .calendar: guard let t = table(CalendarDayRecord.self) else { return nil }; calendarDays = t
    }
    account(
      batch: snapshot.meta.batch, events: snapshot.meta.eventCount,
      earliestBusinessTime: snapshot.meta.earliestBusinessTime,
      latestBusinessTime: snapshot.meta.latestBusinessTime)
  }

  /// Whether some table holds only part of its records in memory.
  var isPartial: Bool {
    calls.isPartial || visits.isPartial || complaints.isPartial || units.isPartial || persons.isPartial
      || dispatches.isPartial || activities.isPartial || duties.isPartial || calendarDays.isPartial
  }
}
