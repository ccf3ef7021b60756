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
/// body               records: id, a bit per fact with a value, the values (texts by number)
/// (padding to 8)
/// u64(n) meta[n]     source, batch, log digest, events, latest and earliest business time
///                    (varints)
/// u64(n) texts[n]    the texts other than ids, each once
/// u64(count) u64(capacity)
/// slots[capacity]    the key index: hash << 32 | (record + 1)
/// offsets[count]     where each record starts in the body
/// starts[2 × count]  each record's possible starts S (Int64.min: none), for selecting a quarter
/// u64(body length) u64(0)
/// ```
/// The body comes first so that it can be streamed to the file (most of it copied from the
/// previous snapshot) and its length is found at the end.
struct Snapshot {
  static let magic: [UInt8] = Array("PLEDGSNP".utf8)
  static let version: UInt16 = 4

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
    var writer = try RecordWriter<R>(path: path, texts: old.texts, expectedRecords: old.count)
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

  private static func encode<R: Record>(_ table: RecordTable<R>, meta: Meta, to path: String) throws {
    precondition(!table.isPartial, "a snapshot is written only from a table holding every record")
    var writer = try RecordWriter<R>(path: path, texts: [], expectedRecords: table.count)
    for record in table.records { try writer.add(record) }
    try writer.finish(meta: meta, slots: table.slots)
  }
}

/// Writes a snapshot file record by record: the body goes straight to the file (runs copied
/// from an older snapshot without passing through memory), the index sections follow.
private struct RecordWriter<R: Record> {
  private let facts = Array(R.FactKind.allCases)
  /// Keyed by bytes: canonically equivalent texts are two texts (SPEC 6).
  private var texts: [ByteKey: Int] = [:]
  private var textTable = ByteWriter()
  private var textCount = 0
  private let file: StreamingFile
  private var record = ByteWriter(capacity: 256)
  private var bodyLength = 0
  private var offsets: [UInt64] = []
  private var starts: [Int64] = []

  /// Starts from a snapshot's texts (their numbers stay valid for copied records).
  init(path: String, texts existing: [String], expectedRecords: Int) throws {
    file = try StreamingFile(path: path)
    offsets.reserveCapacity(expectedRecords + 1024)
    starts.reserveCapacity(2 * expectedRecords + 2048)
    for text in existing {
      texts[ByteKey(text)] = textCount
      textTable.string(text)
      textCount += 1
    }
    var header = ByteWriter()
    header.raw(Snapshot.magic)
    header.byte(UInt8(Snapshot.version & 0xFF))
    header.byte(UInt8(Snapshot.version >> 8))
    header.raw([0, 0, 0, 0, 0, 0])
    try file.writeHeader(header.bytes)
  }

  mutating func add(_ value: R) throws {
    offsets.append(UInt64(bodyLength))
    let (first, second) = value.possibleStarts
    starts.append(first?.secondsSinceEpoch ?? .min)
    starts.append(second?.secondsSinceEpoch ?? .min)
    record.bytes.removeAll(keepingCapacity: true)
    record.string(value.id)
    var present: UInt32 = 0
    for (bit, fact) in facts.enumerated() where value[fact: fact] != nil { present |= 1 << UInt32(bit) }
    record.varint(UInt64(present))
    for fact in facts {
      guard let factValue = value[fact: fact] else { continue }
      if case .text(let text) = factValue {
        if let number = texts[ByteKey(text)] {
          record.varint(number)
        } else {
          texts[ByteKey(text)] = textCount
          record.varint(textCount)
          textTable.string(text)
          textCount += 1
        }
      } else {
        SnapshotValue.write(factValue, into: &record)
      }
    }
    try record.bytes.withUnsafeBytes { try file.append($0) }
    bodyLength += record.bytes.count
  }

  /// Records as another snapshot (with the same text numbers) has them, bytes and all.
  mutating func copy(_ old: SnapshotFile, records: Range<Int>) throws {
    guard !records.isEmpty else { return }
    let first = Int(old.offsets[records.lowerBound])
    let end = records.upperBound < old.count ? Int(old.offsets[records.upperBound]) : old.body.count
    let shift = Int64(bodyLength) - Int64(first)
    for index in records { offsets.append(UInt64(Int64(old.offsets[index]) + shift)) }
    starts.append(contentsOf: old.starts[(2 * records.lowerBound)..<(2 * records.upperBound)])
    try file.append(UnsafeRawBufferPointer(rebasing: old.body[first..<end]))
    bodyLength += end - first
  }

  /// Writes the index sections and the trailer, and puts the file in place.
  func finish(meta: Snapshot.Meta, slots: [UInt64]) throws {
    let padding = [UInt8](repeating: 0, count: (8 - bodyLength % 8) % 8)
    try padding.withUnsafeBytes { try file.append($0) }
    var w = ByteWriter(capacity: 4096)
    var m = ByteWriter()
    m.byte(meta.source.rawValue)
    m.varint(meta.batch)
    m.string(meta.logDigest)
    m.varint(meta.eventCount)
    m.signed(meta.latestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    m.signed(meta.earliestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    Snapshot.section(m.bytes, into: &w)
    var textSection = ByteWriter()
    textSection.varint(textCount)
    textSection.raw(textTable.bytes)
    Snapshot.section(textSection.bytes, into: &w)
    w.fixed64(UInt64(offsets.count))
    w.fixed64(UInt64(slots.count))
    try w.bytes.withUnsafeBytes { try file.append($0) }
    try slots.withUnsafeBytes { try file.append($0) }
    try offsets.withUnsafeBytes { try file.append($0) }
    try starts.withUnsafeBytes { try file.append($0) }
    var trailer = ByteWriter()
    trailer.fixed64(UInt64(bodyLength))
    trailer.fixed64(0)
    try trailer.bytes.withUnsafeBytes { try file.append($0) }
    try file.finish()
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

/// A snapshot file mapped into memory, its sections checked and located.
final class SnapshotFile: @unchecked Sendable {
  let meta: Snapshot.Meta
  let texts: [String]
  let count: Int
  let slots: UnsafeBufferPointer<UInt64>
  let offsets: UnsafeBufferPointer<UInt64>
  let starts: UnsafeBufferPointer<Int64>
  let body: UnsafeRawBufferPointer
  private let file: MappedFile

  /// nil when the file is not a sound snapshot of this version.
  init?(_ file: MappedFile) {
    self.file = file
    let bytes = file.bytes
    guard bytes.count >= 32, Array(bytes[0..<8]) == Snapshot.magic,
      UInt16(bytes[8]) | UInt16(bytes[9]) << 8 == Snapshot.version,
      let base = bytes.baseAddress, Int(bitPattern: base) % 8 == 0
    else { return nil }
    let crc = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
    guard LogFormat.frameChecksumOf(UnsafeRawBufferPointer(rebasing: bytes[16...])) == crc else { return nil }
    let bodyLength = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: bytes.count - 16, as: UInt64.self).littleEndian)
    let end = bytes.count - 16
    guard bodyLength >= 0, bodyLength <= end - 16 else { return nil }
    body = UnsafeRawBufferPointer(rebasing: bytes[16..<(16 + bodyLength)])
    var offset = (16 + bodyLength + 7) & ~7
    func section() -> UnsafeRawBufferPointer? {
      guard offset + 8 <= end else { return nil }
      let length = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
      guard length >= 0, length <= end - offset - 8 else { return nil }
      let result = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
      offset += 8 + length
      offset = (offset + 7) & ~7
      return result
    }
    func array<T>(_ n: Int, _: T.Type) -> UnsafeBufferPointer<T>? {
      guard n >= 0, offset <= end, n <= (end - offset) / MemoryLayout<T>.stride else { return nil }
      let pointer = (base + offset).assumingMemoryBound(to: T.self)
      offset += n * MemoryLayout<T>.stride
      return UnsafeBufferPointer(start: pointer, count: n)
    }
    guard let metaBytes = section(), let textBytes = section() else { return nil }
    var r = ByteReader(metaBytes)
    guard let source = Source(rawValue: (try? r.byte()) ?? 255), let batch = try? r.int(),
      let digest = try? r.string(), let events = try? r.int(), let latest = try? r.signed(),
      let earliest = try? r.signed()
    else { return nil }
    meta = Snapshot.Meta(
      source: source, batch: batch, logDigest: digest, eventCount: events,
      earliestBusinessTime: earliest == .min ? nil : Instant(secondsSinceEpoch: earliest),
      latestBusinessTime: latest == .min ? nil : Instant(secondsSinceEpoch: latest))
    var t = ByteReader(textBytes)
    guard let textCount = try? t.int(), textCount <= textBytes.count else { return nil }
    var texts: [String] = []
    texts.reserveCapacity(textCount)
    for _ in 0..<textCount {
      guard let text = try? t.string() else { return nil }
      texts.append(text)
    }
    self.texts = texts
    guard offset + 16 <= end else { return nil }
    count = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
    let capacity = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
    offset += 16
    guard count >= 0, capacity >= 16, capacity & (capacity - 1) == 0, capacity >= count * 2,
      let slots = array(capacity, UInt64.self), let offsets = array(count, UInt64.self),
      let starts = array(count * 2, Int64.self), offset == end
    else { return nil }
    self.slots = slots
    self.offsets = offsets
    self.starts = starts
    for start in offsets where start >= UInt64(bodyLength) { return nil }
    // Every record indexed exactly once (so a lookup always meets an empty slot and every
    // index it finds is a record).
    var indexed = [Bool](repeating: false, count: count)
    var entries = 0
    for entry in slots where entry != 0 {
      let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
      guard index >= 0, index < count, !indexed[index] else { return nil }
      indexed[index] = true
      entries += 1
    }
    guard entries == count else { return nil }
  }
}

/// Values in a snapshot: like the log's, without deltas (a snapshot's records are read one
/// by one).
enum SnapshotValue {
  static func write(_ value: EventValue, into w: inout ByteWriter) {
    switch value {
    case .none: break
    case .instant(let v): w.signed(v.secondsSinceEpoch)
    case .date(let v): w.signed(Int64(v.dayNumber))
    case .integer(let v): w.signed(Int64(v))
    case .text(let v): w.string(v)
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
