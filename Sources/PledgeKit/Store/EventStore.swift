/// The event log behind a small interface (SPEC 4): append a batch, list the committed
/// batches, replay them in order, verify. Nothing else touches the log's bytes.
public protocol EventStore: AnyObject {
  /// The committed batches, oldest first (batch numbers are 1, 2, 3, …).
  var batches: [BatchInfo] { get }

  /// Appends `draft` as the next batch, atomically and durably; returns it as committed.
  func append(_ draft: BatchDraft) throws -> BatchInfo

  /// Hands every event of the committed batches `1…through` (all when nil) to `body`, in order.
  /// With `sources`, only batches of those sources are read.
  func replay(
    through batch: Int?, sources: Set<Source>?, _ body: (RecordedEvent) throws -> Void
  ) throws

  /// Folds the events of batches `1…through` (of `sources`) into `projection`: a replay
  /// without a call through a closure per event.
  func fold(through batch: Int?, sources: Set<Source>?, into projection: inout Projection) throws
}

extension EventStore {
  public func replay(through batch: Int? = nil, _ body: (RecordedEvent) throws -> Void) throws {
    try replay(through: batch, sources: nil, body)
  }

  /// The committed batch that recorded a file with this SHA-256 (read through the profile
  /// with `profileSHA256`, or through none), if any.
  public func batch(withSHA256 sha: String, profileSHA256: String? = nil) -> BatchInfo? {
    batches.first { $0.provenance.sha256 == sha && $0.provenance.profileSHA256 == profileSHA256 }
  }
}

/// The in-memory twin of the file store, for tests: the same contract, no disk.
public final class MemoryEventStore: EventStore {
  public private(set) var batches: [BatchInfo] = []
  private var events: [[RecordedEvent]] = []
  public private(set) var quarantine: [UInt8] = []

  public init() {}

  public func append(_ draft: BatchDraft) throws -> BatchInfo {
    let draft = draft.sealedCopy()
    let number = batches.count + 1
    // The same limit as the file store's, so the twins keep one contract.
    try draft.checkFrameLengths(
      begin: LogFormat.encode(
        LogFormat.Begin(number: number, provenance: draft.provenance, quarantineOffset: quarantine.count)),
      commit: LogFormat.encode(
        LogFormat.Commit(
          number: number, beginOffset: 0, blockCount: draft.blocks.count,
          eventCount: draft.counts.events, counts: draft.counts)))
    var decoded: [RecordedEvent] = []
    for block in draft.blocks {
      try block.withUnsafeBytes { bytes in
        try EventBlockDecoder.decode(bytes, batch: number) { decoded.append($0) }
      }
    }
    let info = BatchInfo(
      number: number, provenance: draft.provenance, counts: draft.counts,
      eventCount: decoded.count, byteRange: 0..<0, quarantineOffset: quarantine.count)
    quarantine.append(contentsOf: draft.quarantineRows)
    batches.append(info)
    events.append(decoded)
    return info
  }

  public func fold(through batch: Int?, sources: Set<Source>?, into projection: inout Projection) throws {
    try replay(through: batch, sources: sources) { projection.apply($0) }
  }

  public func replay(
    through batch: Int?, sources: Set<Source>?, _ body: (RecordedEvent) throws -> Void
  ) throws {
    for info in batches.prefix(batch ?? batches.count) {
      if let sources, !sources.contains(info.provenance.source) { continue }
      for event in events[info.number - 1] { try body(event) }
    }
  }
}

extension BatchDraft {
  /// A copy with its last block closed, ready to be written.
  func sealedCopy() -> BatchDraft {
    var copy = self
    return copy.sealed()
  }
}
