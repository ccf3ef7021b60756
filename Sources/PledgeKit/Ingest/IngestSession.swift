/// Ingests files into a store, one batch per file, keeping the projection of the source being
/// ingested in memory from file to file.
public final class IngestSession {
  public let store: any EventStore
  private var projection: Projection?
  private var projectedSource: Source?
  /// Whether an append brings the source's snapshot up to date when it is due
  /// (IngestSession+Snapshot.swift); a caller with more files of the source to come sets it
  /// for the last one only.
  public var writesSnapshots = true

  public init(store: any EventStore) { self.store = store }

  /// What happened to one file.
  public enum Status: Equatable, Sendable {
    case ingested(batch: Int)
    /// A file with the same SHA-256 is already in the store: nothing appended.
    case alreadyIngested(batch: Int)
    /// A header and no rows: nothing appended (SPEC 6).
    case noRows
    /// Rows, none of them accepted: the file is refused and nothing appended (SPEC 6); the
    /// rejected rows are still reported.
    case noRowAccepted
  }

  public struct FileResult: Sendable {
    public var status: Status
    public var counts: BatchCounts
    public var rejections: [Rejection]
  }

  /// Ingests one export of `source`, read through `profile` when given (SPEC 1.5). Throws when
  /// the whole file is refused (a missing required column, malformed CSV, an undecodable
  /// encoding, a profile that does not fit the export): then nothing is appended.
  public func ingest(
    _ input: TextInput, as source: Source, ingestedAt: Instant, profile: ImportProfile? = nil
  ) throws -> FileResult {
    let sha = input.sha256()
    Timings.mark("\(input.name): SHA-256")
    // The same file through another profile is another batch.
    if let existing = store.batch(withSHA256: sha, profileSHA256: profile?.sha256) {
      return FileResult(status: .alreadyIngested(batch: existing.number), counts: existing.counts, rejections: [])
    }
    let provenance = BatchProvenance(
      source: source, fileName: input.name, sha256: sha, ingestedAt: ingestedAt,
      profileSHA256: profile?.sha256)
    switch source {
    case .calls: return try run(Schemas.calls, input, provenance, profile)
    case .visits: return try run(Schemas.visits, input, provenance, profile)
    case .complaints: return try run(Schemas.complaints, input, provenance, profile)
    case .units: return try run(Schemas.units, input, provenance, profile)
    case .keypersons: return try run(Schemas.keypersons, input, provenance, profile)
    case .dispatches: return try run(Schemas.dispatches, input, provenance, profile)
    case .activities: return try run(Schemas.activities, input, provenance, profile)
    case .duties: return try run(Schemas.duties, input, provenance, profile)
    case .calendar: return try run(Schemas.calendar, input, provenance, profile)
    }
  }

  private func run<R: Record>(
    _ schema: SourceSchema<R>, _ input: TextInput, _ provenance: BatchProvenance,
    _ profile: ImportProfile?
  ) throws -> FileResult {
    var state = try currentProjection(for: schema.source)
    projection = nil  // until this file succeeds, the in-memory state is not trusted
    let batch = store.batches.count + 1
    var ingester = Ingester(schema: schema, fileName: input.name, profile: profile)
    ingester.snapshot = snapshotStream(for: state[keyPath: schema.table], source: schema.source)
    // A file refused part-way (or a failed append) drops the stream and its file; once the
    // snapshot is in place this does nothing.
    defer { ingester.snapshot?.abandon() }
    var outcome = try ingester.ingest(
      input.text, into: &state, draft: BatchDraft(provenance: provenance), batch: batch)
    Timings.mark("\(input.name): rows read and decided")
    // Nothing to append: the in-memory state is dropped (it was not changed, but it counted
    // a batch that does not exist).
    if outcome.draft.counts.rowsRead == 0 {
      return FileResult(status: .noRows, counts: outcome.draft.counts, rejections: [])
    }
    if outcome.draft.counts.rowsAccepted == 0 {
      return FileResult(status: .noRowAccepted, counts: outcome.draft.counts, rejections: outcome.rejections)
    }
    var quarantine = CSVWriter()
    for rejection in outcome.rejections { rejection.write(to: &quarantine) }
    outcome.draft.quarantineRows = quarantine.bytes
    let info = try append(
      outcome.draft, table: state[keyPath: schema.table], state: state, source: schema.source,
      stream: ingester.snapshot)
    Timings.mark("\(input.name): batch appended")
    projection = state
    return FileResult(status: .ingested(batch: info.number), counts: info.counts, rejections: outcome.rejections)
  }

  private func currentProjection(for source: Source) throws -> Projection {
    if let projection, projectedSource == source { return projection }
    projectedSource = source
    // Ingest reads snapshots here; it writes one only after its batch is durable
    // (IngestSession+Snapshot.swift).
    if let file = store as? FileEventStore {
      return try file.projection(sources: [source], savingSnapshots: false, materializing: .onDemand)
    }
    var state = Projection()
    state.reserveCapacity(for: store.batches.filter { $0.provenance.source == source })
    try store.fold(through: nil, sources: [source], into: &state)
    return state
  }
}
