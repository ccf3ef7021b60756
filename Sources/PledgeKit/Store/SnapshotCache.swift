import Glibc

/// The snapshots in `STORE/cache/`: one file per source, `calls.snapshot` and so on. Anything
/// wrong with a file (missing, damaged, another version, another log) makes it be ignored;
/// writing one never touches the log, and failing to write one is not an error.
struct SnapshotCache {
  let directory: String

  init(store: String) { directory = store + "/cache" }

  /// A new snapshot is written once a fold had to replay this many events past the last one
  /// ($PLEDGE_SNAPSHOT_AFTER_EVENTS overrides it, for tests and small stores).
  static var refreshAfter: Int {
    if let value = getenv("PLEDGE_SNAPSHOT_AFTER_EVENTS"), let n = Int(String(cString: value)), n >= 0 {
      return n
    }
    return 1_000_000
  }

  func path(_ source: Source) -> String { directory + "/\(source).snapshot" }

  /// The snapshot of `source`, if a sound one is there.
  func load(_ source: Source) -> Snapshot? {
    let path = path(source)
    guard access(path, R_OK) == 0, let file = try? MappedFile(path: path),
      let snapshot = Snapshot.decode(file.bytes), snapshot.source == source
    else { return nil }
    return snapshot
  }

  /// Writes a snapshot atomically (temporary file, then rename).
  func save(_ snapshot: Snapshot) {
    guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { return }
    try? OutputFile.write(snapshot.encoded(), to: path(snapshot.source), durable: false)
  }
}

extension FileEventStore {
  /// The projection of batches 1…`through` (all by default) of `sources`: per source, from its
  /// snapshot where it still matches the log, replaying only the batches after it. When the
  /// replay was long and reached the end of the log, a fresh snapshot is saved.
  public func projection(
    through batch: Int? = nil, sources: Set<Source> = Set(Source.allCases), useCache: Bool = true,
    savingSnapshots: Bool = true
  ) throws -> Projection {
    let last = batch ?? batches.count
    var result = Projection()
    for source in Source.allCases where sources.contains(source) {
      let part = try projection(
        of: source, through: last, useCache: useCache, saving: useCache && savingSnapshots)
      result.absorb(part, source: source)
    }
    result.setBatch(last)
    return result
  }

  private func projection(
    of source: Source, through last: Int, useCache: Bool, saving: Bool
  ) throws -> Projection {
    let cache = SnapshotCache(store: directory)
    var part = Projection()
    var folded = 0
    if useCache, let snapshot = cache.load(source), snapshot.batch <= last,
      snapshot.logDigest == Snapshot.logDigest(batches.prefix(snapshot.batch))
    {
      part = snapshot.projection
      folded = snapshot.batch
    }
    let tail = batches[folded..<last].filter { $0.provenance.source == source }
    let tailEvents = tail.reduce(0) { $0 + $1.eventCount }
    part.reserveCapacity(for: tail)
    try fold(after: folded, through: last, sources: [source], into: &part, parallelFrom: 64)
    if saving, last == batches.count, last > 0, tailEvents >= SnapshotCache.refreshAfter {
      cache.save(
        Snapshot(
          source: source, batch: last, logDigest: Snapshot.logDigest(batches.prefix(last)),
          projection: part))
    }
    return part
  }

}
