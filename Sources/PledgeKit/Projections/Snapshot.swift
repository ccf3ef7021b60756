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
/// u64(n) meta[n]      source, batch, log digest, events, latest business time (varints)
/// u64(n) texts[n]     the texts other than ids, each once
/// u64(count) u64(capacity)
/// slots[capacity]     the key index: hash << 32 | (record + 1)
/// offsets[count]      where each record starts in the body
/// starts[2 × count]   each record's possible starts S (Int64.min: none), for selecting a quarter
/// u64(n) body[n]      records: id, a bit per fact with a value, the values
/// ```
struct Snapshot {
  static let magic: [UInt8] = Array("PLEDGSNP".utf8)
  static let version: UInt16 = 2

  struct Meta: Equatable {
    let source: Source
    /// Folded through this batch of the log (counting batches of every source).
    let batch: Int
    /// `Snapshot.logDigest` of batches 1…batch.
    let logDigest: String
    let eventCount: Int
    let latestBusinessTime: Instant?
  }

  /// Identifies batches 1…n of a log: their files' digests and byte ranges.
  static func logDigest(_ batches: ArraySlice<BatchInfo>) -> String {
    var w = ByteWriter()
    for info in batches {
      w.string(info.provenance.sha256)
      w.varint(info.byteRange.lowerBound)
      w.varint(info.byteRange.upperBound)
    }
    return w.bytes.withUnsafeBytes { SHA256.hex(of: $0) }
  }

  /// The snapshot of `source`'s records in `projection` (every record must be in memory).
  static func encode(_ projection: Projection, source: Source, batch: Int, logDigest: String) -> [UInt8] {
    let meta = Meta(
      source: source, batch: batch, logDigest: logDigest, eventCount: projection.eventCount,
      latestBusinessTime: projection.latestBusinessTime)
    switch source {
    case .calls: return encode(projection.calls, meta: meta)
    case .visits: return encode(projection.visits, meta: meta)
    case .complaints: return encode(projection.complaints, meta: meta)
    case .units: return encode(projection.units, meta: meta)
    case .keypersons: return encode(projection.persons, meta: meta)
    }
  }

  private static func encode<R: Record>(_ table: RecordTable<R>, meta: Meta) -> [UInt8] {
    precondition(!table.isPartial, "a snapshot is written only from a table holding every record")
    var w = ByteWriter(capacity: 1 << 20)
    w.raw(magic)
    w.byte(UInt8(version & 0xFF))
    w.byte(UInt8(version >> 8))
    w.raw([0, 0, 0, 0, 0, 0])
    var m = ByteWriter()
    m.byte(meta.source.rawValue)
    m.varint(meta.batch)
    m.string(meta.logDigest)
    m.varint(meta.eventCount)
    m.signed(meta.latestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    section(m.bytes, into: &w)

    let facts = Array(R.FactKind.allCases)
    var texts: [String: Int] = [:]
    var textTable = ByteWriter()
    var body = ByteWriter(capacity: table.records.count * 48)
    var offsets: [UInt64] = []
    var starts: [Int64] = []
    offsets.reserveCapacity(table.records.count)
    starts.reserveCapacity(table.records.count * 2)
    for record in table.records {
      offsets.append(UInt64(body.bytes.count))
      let (first, second) = record.possibleStarts
      starts.append(first?.secondsSinceEpoch ?? .min)
      starts.append(second?.secondsSinceEpoch ?? .min)
      body.string(record.id)
      var present: UInt32 = 0
      for (bit, fact) in facts.enumerated() where record[fact: fact] != nil { present |= 1 << UInt32(bit) }
      body.varint(UInt64(present))
      for fact in facts {
        guard let value = record[fact: fact] else { continue }
        if case .text(let text) = value {
          if let number = texts[text] {
            body.varint(number)
          } else {
            texts[text] = texts.count
            body.varint(texts.count - 1)
            textTable.string(text)
          }
        } else {
          SnapshotValue.write(value, into: &body)
        }
      }
    }
    var textSection = ByteWriter()
    textSection.varint(texts.count)
    textSection.raw(textTable.bytes)
    section(textSection.bytes, into: &w)
    w.fixed64(UInt64(table.records.count))
    w.fixed64(UInt64(table.slots.count))
    table.slots.withUnsafeBytes { w.bytes.append(contentsOf: $0) }
    offsets.withUnsafeBytes { w.bytes.append(contentsOf: $0) }
    starts.withUnsafeBytes { w.bytes.append(contentsOf: $0) }
    section(body.bytes, into: &w)
    let crc = w.bytes.withUnsafeBytes { LogFormat.frameChecksumOf(UnsafeRawBufferPointer(rebasing: $0[16...])) }
    withUnsafeBytes(of: crc.littleEndian) { crcBytes in
      for i in 0..<4 { w.bytes[12 + i] = crcBytes[i] }
    }
    return w.bytes
  }

  /// A length, the bytes, and padding to the next multiple of 8.
  private static func section(_ bytes: [UInt8], into w: inout ByteWriter) {
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
    guard bytes.count >= 16, Array(bytes[0..<8]) == Snapshot.magic,
      UInt16(bytes[8]) | UInt16(bytes[9]) << 8 == Snapshot.version,
      let base = bytes.baseAddress, Int(bitPattern: base) % 8 == 0
    else { return nil }
    let crc = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
    guard LogFormat.frameChecksumOf(UnsafeRawBufferPointer(rebasing: bytes[16...])) == crc else { return nil }
    var offset = 16
    func section() -> UnsafeRawBufferPointer? {
      guard offset + 8 <= bytes.count else { return nil }
      let length = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
      guard length >= 0, length <= bytes.count - offset - 8 else { return nil }
      let result = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
      offset += 8 + length
      offset = (offset + 7) & ~7
      return result
    }
    func array<T>(_ n: Int, _: T.Type) -> UnsafeBufferPointer<T>? {
      guard n >= 0, n <= (bytes.count - offset) / MemoryLayout<T>.stride else { return nil }
      let pointer = (base + offset).assumingMemoryBound(to: T.self)
      offset += n * MemoryLayout<T>.stride
      return UnsafeBufferPointer(start: pointer, count: n)
    }
    guard let metaBytes = section(), let textBytes = section() else { return nil }
    var r = ByteReader(metaBytes)
    guard let source = Source(rawValue: (try? r.byte()) ?? 255), let batch = try? r.int(),
      let digest = try? r.string(), let events = try? r.int(), let latest = try? r.signed()
    else { return nil }
    meta = Snapshot.Meta(
      source: source, batch: batch, logDigest: digest, eventCount: events,
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
    guard offset + 16 <= bytes.count else { return nil }
    count = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
    let capacity = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
    offset += 16
    guard count >= 0, capacity >= 16, capacity & (capacity - 1) == 0, capacity >= count * 2,
      let slots = array(capacity, UInt64.self), let offsets = array(count, UInt64.self),
      let starts = array(count * 2, Int64.self), let body = section()
    else { return nil }
    self.slots = slots
    self.offsets = offsets
    self.starts = starts
    self.body = body
    for start in offsets where start >= UInt64(body.count) { return nil }
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
    }
  }
}
