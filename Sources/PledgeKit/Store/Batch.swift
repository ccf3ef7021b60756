/// Where a batch came from (SPEC 4.1, issue "The event store": every batch records its
/// provenance). Written in the batch's `begin` frame.
public struct BatchProvenance: Sendable, Equatable {
  public var source: Source
  /// The file name as given on the command line (`<stdin>` for standard input).
  public var fileName: String
  /// SHA-256 of the file's bytes, 64 hex digits: the identity for "already ingested".
  public var sha256: String
  /// Wall-clock time of the ingest (not a business time: never used by reports).
  public var ingestedAt: Instant
  public var toolVersion: String
  /// SHA-256 of the import profile the file was read through (SPEC 1.5), nil without one: the
  /// same file through another profile is another batch.
  public var profileSHA256: String?

  public init(
    source: Source, fileName: String, sha256: String, ingestedAt: Instant,
    toolVersion: String = PledgeCLI.version, profileSHA256: String? = nil
  ) {
    self.profileSHA256 = profileSHA256
    self.source = source
    self.fileName = fileName
    self.sha256 = sha256
    self.ingestedAt = ingestedAt
    self.toolVersion = toolVersion
  }
}

/// What the ingest of one file found. Written in the batch's `commit` frame.
public struct BatchCounts: Sendable, Equatable {
  public var rowsRead = 0
  public var rowsAccepted = 0
  public var rowsRejected = 0
  /// Events that record a fact for the first time.
  public var newFacts = 0
  /// Events that record a different value for a fact already recorded.
  public var corrections = 0
  /// Accepted rows that added nothing.
  public var unchangedRows = 0
  public var unknownColumns: [String] = []
  /// Rows that repeat the key of an earlier row of the same file with a different value for
  /// some column (SPEC 6: merged as corrections; usually one row per responding unit).
  public var repeatedKeys = 0
  /// The earliest and latest business time among the batch's events (SPEC §7.1), nil when it
  /// has none.
  public var earliestBusinessTime: Instant?
  public var latestBusinessTime: Instant?
  /// False for batches written by log format version 1, which did not record the two times
  /// nor `repeatedKeys`.
  public var recordsBusinessTimes = true

  public init() {}

  public var events: Int { newFacts + corrections }
}

/// A batch ready to append: its provenance, its events already encoded into blocks, and the
/// quarantine rows to record with it.
public struct BatchDraft: Sendable {
  public var provenance: BatchProvenance
  public var counts = BatchCounts()
  /// Encoded `events` frame payloads.
  var blocks: [[UInt8]] = []
  /// CSV rows (without header) for the store's quarantine file.
  public var quarantineRows: [UInt8] = []

  private var encoder = EventBlockEncoder()
  /// A block is closed when it reaches this many bytes.
  static let blockTarget = 1 << 16

  public init(provenance: BatchProvenance) { self.provenance = provenance }

  public mutating func append(_ event: Event, line: Int, isCorrection: Bool) {
    append(event.kind, recordID: event.recordID, value: event.value, line: line, isCorrection: isCorrection)
  }

  @inline(__always)
  mutating func append(_ kind: EventKind, recordID: String, value: EventValue, line: Int, isCorrection: Bool) {
    // A block never grows past what one frame holds: an enormous value starts a block of its
    // own (and, alone still too long, is refused when the batch is appended).
    if encoder.byteCount + EventBlockEncoder.maximumSize(recordID: recordID, value: value)
      > LogFormat.maximumPayload
    {
      closeBlock()
    }
    encoder.append(code: kind.code, recordID: recordID, value: value, line: line, isCorrection: isCorrection)
    if encoder.byteCount >= BatchDraft.blockTarget { closeBlock() }
  }

  /// Seals the draft: the last partial block is closed.
  mutating func sealed() -> BatchDraft {
    closeBlock()
    return self
  }

  private mutating func closeBlock() {
    guard encoder.eventCount > 0 else { return }
    blocks.append(encoder.bytes)
    encoder = EventBlockEncoder()
  }
}

extension BatchDraft {
  /// Refuses, before anything is written, a batch holding a frame longer than the log allows
  /// (`begin` and `commit` are its encoded begin and commit records):
  /// readers would take such a frame for damage. Event blocks are closed before they grow that
  /// long, so only a single event (one enormous value) or enormous begin or commit records can
  /// be too long.
  func checkFrameLengths(begin: [UInt8], commit: [UInt8]) throws(Diagnostic) {
    let limit = LogFormat.maximumPayload
    let file = provenance.fileName
    let fix = "; nothing of the file was appended"
    if begin.count > limit {
      throw Diagnostic(
        file: file, "the file's name is \(begin.count) bytes long, more than the event log holds"
          + " in one frame (\(limit) bytes)" + fix + ". Rename the file")
    }
    for block in blocks where block.count > limit {
      var largest: (event: RecordedEvent, bytes: Int)?
      try? block.withUnsafeBytes { payload in
        try EventBlockDecoder.decode(payload, batch: 0) { recorded in
          var bytes = recorded.event.recordID.utf8.count
          if case .text(let text) = recorded.event.value { bytes += text.utf8.count }
          if bytes > largest?.bytes ?? -1 { largest = (recorded, bytes) }
        }
      }
      guard let (event, bytes) = largest else {
        throw Diagnostic(
          file: file, "an events frame of \(block.count) bytes is more than the event log holds in"
            + " one frame (\(limit) bytes)" + fix)
      }
      throw Diagnostic(
        file: file, line: event.line,
        "the \(event.event.kind.name) value of record \(quoted(event.event.recordID)) takes"
          + " \(bytes) bytes, more than the event log holds in one frame (\(limit) bytes)" + fix
          + ". Shorten that cell in the export")
    }
    if commit.count > limit {
      throw Diagnostic(
        file: file, "the names of the file's \(counts.unknownColumns.count) unknown columns"
          + " take \(commit.count) bytes, more than the event log holds in one frame (\(limit)"
          + " bytes)" + fix + ". Remove the unknown columns")
    }
  }
}

extension BatchInfo {
  /// The same batch with its row counts scaled (to reserve room for part of it).
  func scaled(by factor: Double) -> BatchInfo {
    var counts = self.counts
    counts.rowsAccepted = Int((Double(counts.rowsAccepted) * factor).rounded(.up))
    return BatchInfo(
      number: number, provenance: provenance, counts: counts, eventCount: eventCount,
      byteRange: byteRange, quarantineOffset: quarantineOffset)
  }
}

/// A committed batch as the store knows it.
public struct BatchInfo: Sendable, Equatable {
  public let number: Int
  public let provenance: BatchProvenance
  public let counts: BatchCounts
  public let eventCount: Int
  /// Byte offsets of the batch in the log: its `begin` frame to the end of its `commit`.
  public let byteRange: Range<Int>
  /// Size of the quarantine file before this batch added its rows.
  let quarantineOffset: Int
}
