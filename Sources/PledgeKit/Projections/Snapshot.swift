/// The folded state of one source, written to the store's cache so that a later run replays
/// only the batches after it (issue "Nightly operation": incremental runs).
///
/// A snapshot is never the truth: it names the batch it was folded through and a digest of
/// the log up to that batch, and it is used only when both still match the log (and its own
/// checksum holds). It holds the fold of events only — values as recorded, before any rule
/// option (calendar, working hours, emergency categories) is applied — so one snapshot serves
/// every option; deleting it changes no output.
struct Snapshot {
  static let magic: [UInt8] = Array("PLEDGSNP".utf8)
  static let version: UInt16 = 1

  let source: Source
  /// Folded through this batch of the log (counting batches of every source).
  let batch: Int
  /// `Snapshot.logDigest` of batches 1…batch.
  let logDigest: String
  /// The source's part of the projection.
  var projection: Projection

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

  func encoded() -> [UInt8] {
    var w = ByteWriter(capacity: 1 << 20)
    w.byte(source.rawValue)
    w.varint(batch)
    w.string(logDigest)
    w.varint(projection.eventCount)
    w.signed(projection.latestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    switch source {
    case .calls: projection.calls.encode(into: &w)
    case .visits: projection.visits.encode(into: &w)
    case .complaints: projection.complaints.encode(into: &w)
    case .units: projection.units.encode(into: &w)
    case .keypersons: projection.persons.encode(into: &w)
    }
    var file = ByteWriter(capacity: w.bytes.count + 20)
    file.raw(Snapshot.magic)
    file.byte(UInt8(Snapshot.version & 0xFF))
    file.byte(UInt8(Snapshot.version >> 8))
    file.fixed32(LogFormat.crc32c(w.bytes))
    file.raw(w.bytes)
    return file.bytes
  }

  /// The snapshot in `bytes`, or nil when they are not a sound snapshot of this version.
  static func decode(_ bytes: UnsafeRawBufferPointer) -> Snapshot? {
    guard bytes.count >= 14, Array(bytes[0..<8]) == magic,
      UInt16(bytes[8]) | UInt16(bytes[9]) << 8 == version
    else { return nil }
    let crc = UInt32(bytes[10]) | UInt32(bytes[11]) << 8 | UInt32(bytes[12]) << 16 | UInt32(bytes[13]) << 24
    let body = UnsafeRawBufferPointer(rebasing: bytes[14...])
    guard LogFormat.frameChecksumOf(body) == crc else { return nil }
    var r = ByteReader(body)
    do {
      guard let source = Source(rawValue: try r.byte()) else { return nil }
      let batch = try r.int()
      let digest = try r.string()
      let events = try r.int()
      let latest = try r.signed()
      var projection = Projection()
      switch source {
      case .calls: projection.calls = try .decode(&r)
      case .visits: projection.visits = try .decode(&r)
      case .complaints: projection.complaints = try .decode(&r)
      case .units: projection.units = try .decode(&r)
      case .keypersons: projection.persons = try .decode(&r)
      }
      guard r.isAtEnd else { return nil }
      projection.account(
        batch: batch, events: events,
        latestBusinessTime: latest == Int64.min ? nil : Instant(secondsSinceEpoch: latest))
      return Snapshot(source: source, batch: batch, logDigest: digest, projection: projection)
    } catch {
      return nil
    }
  }
}

extension RecordTable {
  /// Every record: its id, a bit per fact that has a value, and the values in fact order;
  /// texts other than ids go through a table (each distinct text is written once); then the
  /// key index itself, so reading a snapshot re-hashes nothing.
  func encode(into w: inout ByteWriter) {
    let facts = Array(R.FactKind.allCases)
    var texts: [String: Int] = [:]
    var textList: [String] = []
    var body = ByteWriter(capacity: records.count * 64)
    for record in records {
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
            texts[text] = textList.count
            body.varint(textList.count)
            textList.append(text)
          }
        } else {
          SnapshotValue.write(value, into: &body)
        }
      }
    }
    w.varint(textList.count)
    for text in textList { w.string(text) }
    w.varint(records.count)
    w.raw(body.bytes)
    w.varint(slots.count)
    slots.withUnsafeBytes { w.bytes.append(contentsOf: $0) }
  }

  static func decode(_ r: inout ByteReader) throws(ByteReader.Malformed) -> RecordTable {
    let facts = Array(R.FactKind.allCases)
    let textCount = try r.int()
    guard textCount <= r.count else { throw ByteReader.Malformed() }
    var textList: [String] = []
    textList.reserveCapacity(textCount)
    for _ in 0..<textCount { textList.append(try r.string()) }
    let count = try r.int()
    guard count <= r.count else { throw ByteReader.Malformed() }
    var records: [R] = []
    records.reserveCapacity(count)
    for _ in 0..<count {
      var record = R(id: try r.string())
      let present = try r.varint()
      for (bit, fact) in facts.enumerated() where present & (1 << UInt64(bit)) != 0 {
        if fact.valueType == .text {
          let number = try r.int()
          guard number < textList.count else { throw ByteReader.Malformed() }
          record[fact: fact] = .text(textList[number])
        } else {
          record[fact: fact] = try SnapshotValue.read(fact.valueType, from: &r)
        }
      }
      records.append(record)
    }
    let slotCount = try r.int()
    guard slotCount >= 16, slotCount & (slotCount - 1) == 0, slotCount >= count * 2 else {
      throw ByteReader.Malformed()
    }
    let raw = try r.bytes(slotCount * 8)
    var slots = [UInt64](repeating: 0, count: slotCount)
    slots.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
    guard let table = RecordTable(records: records, slots: slots) else { throw ByteReader.Malformed() }
    return table
  }
}

/// Values in a snapshot: like the log's, without deltas (a snapshot is read whole).
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
