/// The folded state of one source, written to the store's cache so that a later run replays
/// only the batches after it (issue "Nightly operation": incremental runs).
///
/// A snapshot is never the truth: it names the batch it was folded through and a digest of
/// the log up to that batch, and it is used only when both still match the log and its own
/// checksum holds. It holds the fold of events only — values as recorded, before any rule
/// option (calendar, working hours, emergency categories) is applied — so one snapshot serves
/// every option; deleting it changes no output.
///
/// Layout (little-endian; sections start at multiples of 8 so they are read in place):
/// ```
/// "PLEDGSNP" u16(version) u16(0) u32(CRC-32C of every byte after the first 16)
/// body               records: id, a bit per fact with a value (⌈facts ÷ 8⌉ bytes), the values
///                    (a text: 0 and the string when at most 15 bytes, else n + 1 for text n
///                    of the table)
/// (padding to 8)
/// u64(n) texts[n]    the longer texts, each once
/// u64(count) u64(capacity)
/// slots[capacity]    the key index: hash << 32 | (record + 1)
/// offsets[count]     where each record starts in the body
/// starts[2 × count]  each record's selection times (Int64.min: none), for selecting a quarter
/// u64(n) meta[n]     source, batch, log digest, events, latest and earliest business time
///                    (varints)
/// u64(body length) u64(0)
/// ```
/// The body comes first so that it can be streamed to the file (most of it copied from the
/// previous snapshot, or written while ingest reads an export) and its length is found at the
/// end. The meta comes last: all before it can be written before the batch it names is.
struct Snapshot {
  static let magic: [UInt8] = Array("PLEDGSNP".utf8)
  /// 5: texts numbered by their bytes (version 4 numbered canonically equivalent texts as one).
  /// 6: the starts section holds each record's selection times (a complaint's closed_at).
  /// 7: texts of at most 15 bytes written in place in their records (`isWrittenInPlace`).
  /// 8: a record's presence bits take a fixed width (written in place, not gathered first);
  /// the meta follows the index sections.
  static let version: UInt16 = 8

  /// A text this short (ids, most units and categories) is written in place in its record
  /// (`0`, then the string); a longer one by its number in the text table (`n + 1`), which
  /// writes each distinct long text once. Numbering every short id cost a table insert per
  /// value: a third of ingest's snapshot of a million dispatches, whose call ids all differ.
  @inline(__always)
  static func isWrittenInPlace(_ text: String) -> Bool { text.utf8.count <= 15 }

  struct Meta: Equatable {
    let source: Source
    /// Folded through this batch of the log (counting batches of every source).
    let batch: Int
    /// `Snapshot.logDigest` of batches 1…batch.
    let logDigest: String
    let eventCount: Int
    let earliestBusinessTime: Instant?
    let latestBusinessTime: Instant?
  }

  /// Identifies batches 1…n of a log, and the Pledge that folds them: per batch its file's
  /// digest, byte range, event count, ingest time and the Pledge that wrote it. A store rebuilt
  /// from the same files differs in ingest times; another Pledge may fold differently; either
  /// way an old snapshot is not reused.
  static func logDigest(_ batches: ArraySlice<BatchInfo>) -> String {
    var w = ByteWriter()
    w.string(PledgeCLI.version)
    for info in batches {
      w.string(info.provenance.sha256)
      w.varint(info.byteRange.lowerBound)
      w.varint(info.byteRange.upperBound)
      w.varint(info.eventCount)
      w.string(String(info.provenance.ingestedAt.secondsSinceEpoch))
      w.string(info.provenance.toolVersion)
    }
    return w.bytes.withUnsafeBytes { SHA256.hex(of: $0) }
  }

  /// The snapshot of one source's records in `projection` (every record must be in memory).
  static func encode(_ projection: Projection, meta: Meta, to path: String) throws {
    switch meta.source {
    case .calls: try encode(projection.calls, meta: meta, to: path)
    case .visits: try encode(projection.visits, meta: meta, to: path)
    case .complaints: try encode(projection.complaints, meta: meta, to: path)
    case .units: try encode(projection.units, meta: meta, to: path)
    case .keypersons: try encode(projection.persons, meta: meta, to: path)
    case .dispatches: try encode(projection.dispatches, meta: meta, to: path)
    case .activities: try encode(projection.activities, meta: meta, to: path)
    case .duties: try encode(projection.duties, meta: meta, to: path)
    case .calendar: try encode(projection.calendarDays, meta: meta, to: path)
    }
  }

  /// The snapshot of a table on `old` (a table reading the rest of its records from `old`):
  /// the records it may have changed are encoded anew, every other record's bytes are
  /// copied from `old`, and records `old` did not have are added at the end — the same
  /// records, in the same order, as a snapshot of the whole fold.
  static func splice(_ projection: Projection, onto old: SnapshotFile, meta: Meta, to path: String) throws {
    switch meta.source {
    case .calls: try splice(projection.calls, onto: old, meta: meta, to: path)
    case .visits: try splice(projection.visits, onto: old, meta: meta, to: path)
    case .complaints: try splice(projection.complaints, onto: old, meta: meta, to: path)
    case .units: try splice(projection.units, onto: old, meta: meta, to: path)
    case .keypersons: try splice(projection.persons, onto: old, meta: meta, to: path)
    case .dispatches: try splice(projection.dispatches, onto: old, meta: meta, to: path)
    case .activities: try splice(projection.activities, onto: old, meta: meta, to: path)
    case .duties: try splice(projection.duties, onto: old, meta: meta, to: path)
    case .calendar: try splice(projection.calendarDays, onto: old, meta: meta, to: path)
    }
  }

  private static func splice<R: Record>(
    _ table: RecordTable<R>, onto old: SnapshotFile, meta: Meta, to path: String
  ) throws {
    precondition(table.isPartial && table.base?.snapshot === old)
    var writer = try SnapshotWriter<R>(path: path, texts: old.texts, expectedRecords: old.count)
    var isFromBase = [Bool](repeating: false, count: table.records.count)
    var position = 0
    while position < old.count {
      let own = Int(table.fromBase[position])
      if own >= 0, table.touched[own] {
        isFromBase[own] = true
        try writer.add(table.records[own])
        position += 1
        continue
      }
      // A run of records nothing changed: their bytes are copied in one go.
      var end = position
      while end < old.count {
        let next = Int(table.fromBase[end])
        if next >= 0 {
          if table.touched[next] { break }
          isFromBase[next] = true
        }
        end += 1
      }
      try writer.copy(old, records: position..<end)
      position = end
    }
    var slots = Array(old.slots)
    var placed = old.count
    for (own, record) in table.records.enumerated() where !isFromBase[own] {
      try writer.add(record)
      if (placed + 1) * 2 > slots.count { slots = KeySlots.regrown(slots, capacity: slots.count * 2) }
      KeySlots.place(UInt64(KeySlots.hash(record.id)) << 32 | UInt64(placed + 1), in: &slots)
      placed += 1
    }
    try writer.finish(meta: meta, slots: slots)
  }

  /// Writes a body encoded beforehand (from `table`'s records) as the snapshot of `table`.
  static func write<R: Record>(_ body: SnapshotBody, of table: RecordTable<R>, meta: Meta, to path: String) throws {
    var writer = try SnapshotWriter<R>(path: path, texts: [], expectedRecords: 0)
    try writer.add(body)
    try writer.finish(meta: meta, slots: table.slots)
  }

  private static func encode<R: Record>(_ table: RecordTable<R>, meta: Meta, to path: String) throws {
    precondition(!table.isPartial, "a snapshot is written only from a table holding every record")
    try write(SnapshotBody(table.records[...]), of: table, meta: meta, to: path)
  }
}

extension Snapshot {
  /// A length, the bytes, and padding to the next multiple of 8.
  static func section(_ bytes: [UInt8], into w: inout ByteWriter) {
    w.fixed64(UInt64(bytes.count))
    w.raw(bytes)
    while w.bytes.count % 8 != 0 { w.byte(0) }
  }
}

/// Values in a snapshot: like the log's, without deltas (a snapshot's records are read one
/// by one).
enum SnapshotValue {
  /// A value other than a text (`Snapshot.encode` writes texts): at most 10 bytes.
  @inline(__always)
  static func write(_ value: EventValue, into w: inout BlockBuffer.Cursor) {
    switch value {
    case .none: break
    case .text: preconditionFailure("Snapshot.encode writes texts")
    case .instant(let v): w.signed(v.secondsSinceEpoch)
    case .date(let v): w.signed(Int64(v.dayNumber))
    case .integer(let v): w.signed(Int64(v))
    case .flag(let v): w.byte(v ? 1 : 0)
    case .money(let v): w.signed(v.fen)
    case .unitClass(let v): w.byte(v.rawValue)
    case .zone(let v): w.byte(v.rawValue)
    case .visitKind(let v): w.byte(v.rawValue)
    case .matter(let v): w.byte(v.rawValue)
    case .complaintKind(let v): w.byte(v.rawValue)
    case .period(let v): w.byte(v.rawValue)
    case .dayKind(let v): w.byte(v.rawValue)
    }
  }

  static func read(_ type: ValueType, from r: inout ByteReader) throws(ByteReader.Malformed) -> EventValue {
    func labelled<T: Labelled>(_: T.Type) throws(ByteReader.Malformed) -> T {
      guard let value = T(rawValue: try r.byte()) else { throw ByteReader.Malformed() }
      return value
    }
    switch type {
    case .none: return .none
    case .instant: return .instant(Instant(secondsSinceEpoch: try r.signed()))
    case .date: return .date(CivilDate(dayNumber: Int(try r.signed())))
    case .integer: return .integer(Int(try r.signed()))
    case .text: return .text(try r.string())
    case .flag:
      let b = try r.byte()
      guard b <= 1 else { throw ByteReader.Malformed() }
      return .flag(b == 1)
    case .money: return .money(Money(fen: try r.signed()))
    case .unitClass: return .unitClass(try labelled(UnitClass.self))
    case .zone: return .zone(try labelled(Zone.self))
    case .visitKind: return .visitKind(try labelled(VisitKind.self))
    case .matter: return .matter(try labelled(Matter.self))
    case .complaintKind: return .complaintKind(try labelled(ComplaintKind.self))
    case .period: return .period(try labelled(Period.self))
    case .dayKind: return .dayKind(try labelled(DayKind.self))
    }
  }
}

extension Snapshot.Meta {
  /// The meta of a snapshot of `source` as `state` holds it, folded through the last of
  /// `batches` (batches 1…n of the log).
  init(_ source: Source, of state: Projection, through batches: ArraySlice<BatchInfo>) {
    self.init(
      source: source, batch: batches.count, logDigest: Snapshot.logDigest(batches), eventCount: state.eventCount,
      earliestBusinessTime: state.earliestBusinessTime, latestBusinessTime: state.latestBusinessTime)
  }
}
