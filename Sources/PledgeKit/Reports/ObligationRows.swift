import CPledgeSupport
import Glibc

/// The obligations report's rows (SPEC 5), rendered where they are judged — on every core,
/// each part its own — with a compact key for the report's order beside each: a quarter of a
/// city holds a million obligations and more, too many to keep as `Obligation` values, copy
/// and render again. Only the keys are sorted; the rows' bytes are copied once, in order.
struct ObligationRows {
  /// (The buffers are shared by copies of this value: a part's rows are added by one core,
  /// then only read.)
  ///
  /// Per row: its tie-breaking values — deadline and done (Int64.min: none), the lengths of
  /// its record, unit and person ids, then their bytes — followed by the row from `record_id`
  /// on, ended (`quarter,rule,` is written when they are joined). A city's quarter fills
  /// about a hundred megabytes, grown without copying (BlockBuffer).
  private let bytes = BlockBuffer(capacity: 1 << 20)
  /// One `Key` per row.
  private let keyBytes = BlockBuffer(capacity: 1 << 20)
  /// Which part these rows are (their keys say so, for the join).
  private let part: UInt16

  init(part: Int) { self.part = UInt16(part) }

  /// A row's place in the report's order (48 bytes: a quarter of a city has a million).
  struct Key {
    /// The record id's first 16 bytes, and its length.
    let high: UInt64
    let low: UInt64
    let start: Int64
    /// Where the row starts in `bytes`, and its length.
    let row: UInt32
    let rowLength: UInt32
    /// Where the row's tie-breaking values start in `bytes`.
    let raw: UInt32
    let recordLength: UInt32
    let part: UInt16
    let rule: UInt8
    /// The state's place in byte order (breached, exempt, met, open).
    let state: UInt8

    var record: IDPrefix { IDPrefix(high: high, low: low, count: Int(recordLength)) }
  }

  /// The keys, one per row, in the order the rows were added.
  var keys: UnsafeBufferPointer<Key> {
    let count = keyBytes.count / MemoryLayout<Key>.stride
    return UnsafeBufferPointer(start: keyBytes.start.bindMemory(to: Key.self, capacity: count), count: count)
  }

  mutating func add(_ o: Obligation) {
    let rawStart = bytes.count
    var rowStart = 0
    var record = o.recordID
    var unit = o.unitID
    var person = o.personID ?? ""
    record.withUTF8 { record in
      unit.withUTF8 { unit in
        person.withUTF8 { person in
          bytes.reserve(28 + record.count + unit.count + person.count + ObligationFields.maximumSize(o) + 1)
          var w = BlockBuffer.Cursor(bytes.end)
          w.fixed(o.deadline?.secondsSinceEpoch ?? .min)
          w.fixed(o.done?.secondsSinceEpoch ?? .min)
          w.fixed(UInt32(record.count))
          w.fixed(UInt32(unit.count))
          w.fixed(UInt32(person.count))
          w.bytes(UnsafeRawBufferPointer(record))
          w.bytes(UnsafeRawBufferPointer(unit))
          w.bytes(UnsafeRawBufferPointer(person))
          rowStart = rawStart + (w.position - bytes.end)
          ObligationFields.write(o, withState: true, to: &w)
          w.byte(UInt8(ascii: "\n"))
          bytes.advance(to: w.position)
        }
      }
    }
    // Offsets past 4 GiB would not fit: a part holds far less (a quarter of a city's rows
    // take about 150 MB in all).
    precondition(bytes.count <= Int(UInt32.max))
    let prefix = IDPrefix(o.recordID)
    let key = Key(
      high: prefix.high, low: prefix.low, start: o.start.secondsSinceEpoch, row: UInt32(rowStart),
      rowLength: UInt32(bytes.count - rowStart), raw: UInt32(rawStart),
      recordLength: UInt32(prefix.count), part: part, rule: UInt8(o.rule.order),
      state: Self.rank(o.state))
    // A whole stride per key, so that `keys` reads them as an array.
    keyBytes.reserve(MemoryLayout<Key>.stride)
    keyBytes.end.storeBytes(of: key, as: Key.self)
    keyBytes.advance(to: keyBytes.end + MemoryLayout<Key>.stride)
  }

  static func rank(_ state: ObligationState) -> UInt8 {
    switch state {
    case .breached: return 0
    case .exempt: return 1
    case .met: return 2
    case .open: return 3
    }
  }

  /// The rows of every part in report order — rulebook order, then record_id, started_at,
  /// unit_id, person_id, deadline, done_at and state, ids in byte order — each after its
  /// `quarter,rule,` fields, handed to `emit` about a megabyte at a time.
  static func joined(
    _ parts: [ObligationRows], period: String, _ emit: ([UInt8]) throws -> Void
  ) rethrows {
    let keys = ReportOrder.sortedByRule(
      parts.lazy.flatMap(\.keys), count: parts.reduce(0) { $0 + $1.keys.count }, rule: { Int($0.rule) },
      onEveryCore: true
    ) { a, b in precedes(a, b, parts) }
    let leading = RuleID.allCases.map { rule in
      var fields = CSVWriter()
      fields.field(period)
      fields.field(rule.rawValue)
      return fields.bytes + [UInt8(ascii: ",")]
    }
    var chunk: [UInt8] = []
    chunk.reserveCapacity(1 << 20 + 1 << 16)
    let starts = parts.map(\.bytes.start)
    // The rows are read in report order, not in the order they lie in memory: each is asked
    // for a few rows ahead, so that it is in the cache when it is copied.
    let ahead = 8
    for (i, key) in keys.enumerated() {
      if i + ahead < keys.count {
        let next = keys[i + ahead]
        pledge_prefetch(starts[Int(next.part)] + Int(next.row))
      }
      chunk.append(contentsOf: leading[Int(key.rule)])
      chunk.append(contentsOf: parts[Int(key.part)].slice(at: Int(key.row), count: Int(key.rowLength)))
      if chunk.count >= 1 << 20 {
        try emit(chunk)
        chunk.removeAll(keepingCapacity: true)
      }
    }
    if !chunk.isEmpty { try emit(chunk) }
  }

  private static func precedes(_ a: Key, _ b: Key, _ parts: [ObligationRows]) -> Bool {
    if a.rule != b.rule { return a.rule < b.rule }
    let records = a.record.compare(b.record) { compareTies(a, b, parts, field: 0) }
    if records != 0 { return records < 0 }
    if a.start != b.start { return a.start < b.start }
    for field in 1...2 {  // unit, person
      let c = compareTies(a, b, parts, field: field)
      if c != 0 { return c < 0 }
    }
    for offset in [0, 8] {  // deadline, done (none first)
      let x = parts[Int(a.part)].int64(at: Int(a.raw) + offset)
      let y = parts[Int(b.part)].int64(at: Int(b.raw) + offset)
      if x != y { return x < y }
    }
    return a.state < b.state
  }

  /// memcmp order of field 0 (record), 1 (unit) or 2 (person) of two rows.
  private static func compareTies(_ a: Key, _ b: Key, _ parts: [ObligationRows], field: Int) -> Int {
    parts[Int(a.part)].id(field, at: Int(a.raw)) { x in
      parts[Int(b.part)].id(field, at: Int(b.raw)) { y in
        let n = min(x.count, y.count)
        let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
        return c != 0 ? Int(c) : (x.count == y.count ? 0 : (x.count < y.count ? -1 : 1))
      }
    }
  }

  private func slice(at offset: Int, count: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: bytes.start + offset, count: count)
  }

  private func int64(at offset: Int) -> Int64 {
    Int64(littleEndian: bytes.start.loadUnaligned(fromByteOffset: offset, as: Int64.self))
  }

  /// The bytes of id `field` of the row whose values start at `offset`.
  private func id<T>(_ field: Int, at offset: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    var start = offset + 16 + 12
    var length = 0
    for i in 0...field {
      start += length
      length = Int(UInt32(littleEndian: bytes.start.loadUnaligned(fromByteOffset: offset + 16 + 4 * i, as: UInt32.self)))
    }
    return body(slice(at: start, count: length))
  }
}
