/// Ingest leaves the store ready to report: once a batch is durable, the snapshot of the
/// source it changed is brought up to date from the state ingest had folded anyway, so the
/// first report after an ingest reads a snapshot instead of folding the log again.
///
/// The rule is the one reports follow (`SnapshotCache.refreshAfter`): a snapshot is written
/// only once 200,000 events of the source lie past the last one, so a nightly run's small
/// batches cost nothing here and are replayed by the next report. A source folded whole has
/// its body encoded on the other core while the batch is written and flushed; one read in
/// part from its snapshot is spliced (unchanged records copied as bytes). Failing to write a
/// snapshot is never an error: the cache stays a cache. A command ingesting several files
/// writes it after the last one only (`writesSnapshots`), not once per file.
extension IngestSession {
  /// Appends `draft` and, when due, writes the snapshot of `table` as of the new batch.
  func append<R: Record>(
    _ draft: BatchDraft, table: RecordTable<R>, state: Projection, source: Source,
    stream: SnapshotStream<R>?
  ) throws -> BatchInfo {
    guard writesSnapshots, let file = store as? FileEventStore,
      snapshotIsDue(table, source: source, adding: draft.counts.events, in: file)
    else {
      stream?.abandon()
      return try store.append(draft)
    }
    let cache = SnapshotCache(store: file.directory)
    if let stream, stream.isWriting {
      // The body was written while the file was read: the index sections follow while the
      // batch is appended, the meta once it is durable.
      let (info, _) = try Parallel.pair({ try store.append(draft) }, { stream.close(table) })
      Timings.mark("\(draft.provenance.fileName): batch appended, snapshot body written")
      if stream.finish(table, meta: meta(state, source, file)) {
        Timings.mark("\(source): snapshot finished")
        CacheTrace.note("\(source): snapshot of batch \(info.number) written by ingest while reading")
      } else {
        // Writing the stream failed: the snapshot is encoded from the table, as for any file.
        cache.save(source) { try Snapshot.encode(state, meta: meta(state, source, file), to: $0) }
        CacheTrace.note("\(source): snapshot of batch \(info.number) written by ingest")
      }
      return info
    }
    if table.isPartial {
      let info = try store.append(draft)
      Timings.mark("\(draft.provenance.fileName): batch appended")
      if let base = table.base?.snapshot {
        cache.save(source) { try Snapshot.splice(state, onto: base, meta: meta(state, source, file), to: $0) }
        Timings.mark("\(source): snapshot spliced")
        CacheTrace.note("\(source): snapshot of batch \(info.number) spliced by ingest")
      }
      return info
    }
    // The body does not depend on the batch's place in the log: it is encoded while the
    // batch is written and flushed, and finished with the batch's number once it is durable.
    let (info, body) = try Parallel.pair({ try store.append(draft) }, { SnapshotBody(table.records[...]) })
    Timings.mark("\(draft.provenance.fileName): batch appended, snapshot encoded")
    cache.save(source) { try Snapshot.write(body, of: table, meta: meta(state, source, file), to: $0) }
    Timings.mark("\(source): snapshot written")
    CacheTrace.note("\(source): snapshot of batch \(info.number) written by ingest")
    return info
  }

  /// A stream for the snapshot of a source that has no records yet (SnapshotStream.swift);
  /// nil when ingest writes no snapshot.
  func snapshotStream<R: Record>(for table: RecordTable<R>, source: Source) -> SnapshotStream<R>? {
    guard writesSnapshots, let file = store as? FileEventStore, table.count == 0, !table.isPartial else { return nil }
    return SnapshotStream(cache: SnapshotCache(store: file.directory), source: source)
  }

  /// Whether the events of `source` past its snapshot (or all of them, without one), with
  /// the batch being added, reach the point where reports would write a fresh snapshot.
  private func snapshotIsDue<R: Record>(
    _ table: RecordTable<R>, source: Source, adding events: Int, in file: FileEventStore
  ) -> Bool {
    guard events > 0 else { return false }
    let since = table.base?.snapshot.meta.batch ?? 0
    let past = events + file.events(of: source, after: since, through: file.batches.count)
    return past >= (table.isPartial ? SnapshotCache.spliceAfter : SnapshotCache.refreshAfter)
  }

  private func meta(_ state: Projection, _ source: Source, _ file: FileEventStore) -> Snapshot.Meta {
    Snapshot.Meta(source, of: state, through: file.batches[...])
  }
}
