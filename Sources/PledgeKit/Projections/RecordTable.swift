/// The records of one source, by natural key, in order of first appearance.
///
/// The key index is an open-addressing hash table over the records' UTF-8 bytes (FNV-1a); each
/// slot holds a record's hash beside its position, so growing the table never re-hashes a key
/// and a lookup reads a record only when the hashes agree. Replaying millions of events spends
/// much of its time here, so this is the one place Pledge does not use `Dictionary`.
public struct RecordTable<R: Record>: Sendable {
  public private(set) var records: [R] = []
  /// hash << 32 | (record index + 1); 0 = empty. Capacity is a power of two, at most half full.
  private(set) var slots: [UInt64] = [UInt64](repeating: 0, count: 16)
  // Events about one record come in runs: remember the last one looked up.
  private var lastID = ""
  private var lastIndex = -1

  public init() {}

  /// A table from a snapshot's records and key index; nil unless every record is indexed
  /// exactly once. (The snapshot's checksum vouches for the hashes.)
  init?(records: [R], slots: [UInt64]) {
    var indexed = [Bool](repeating: false, count: records.count)
    var seen = 0
    for entry in slots where entry != 0 {
      let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
      guard index >= 0, index < records.count, !indexed[index] else { return nil }
      indexed[index] = true
      seen += 1
    }
    guard seen == records.count else { return nil }
    self.records = records
    self.slots = slots
  }

  public var count: Int { records.count }

  public subscript(id: String) -> R? {
    guard let i = find(id, hash: RecordTable.hash(id)) else { return nil }
    return records[i]
  }

  /// Whether a record with this key exists.
  public func contains(_ id: String) -> Bool {
    (lastIndex >= 0 && id == lastID) || find(id, hash: RecordTable.hash(id)) != nil
  }

  /// Applies `change` to the record `id`, creating it when new.
  @inline(__always)
  public mutating func update(_ id: String, _ change: (inout R) -> Void) {
    update(id) { record, _ in change(&record) }
  }

  /// Applies `change` to the record `id`, creating it when new; `change` is told whether the
  /// record is new.
  @inline(__always)
  public mutating func update(_ id: String, _ change: (inout R, _ isNew: Bool) -> Void) {
    if lastIndex >= 0, id == lastID {
      change(&records[lastIndex], false)
      return
    }
    let hash = RecordTable.hash(id)
    var isNew = false
    let i: Int
    if let existing = find(id, hash: hash) {
      i = existing
    } else {
      i = insert(R(id: id), hash: hash)
      isNew = true
    }
    lastID = id
    lastIndex = i
    change(&records[i], isNew)
  }

  /// The position of record `id`, created when new.
  @inline(__always)
  public mutating func position(of id: String) -> (index: Int, isNew: Bool) {
    if lastIndex >= 0, id == lastID { return (lastIndex, false) }
    let hash = RecordTable.hash(id)
    var isNew = false
    let i: Int
    if let existing = find(id, hash: hash) {
      i = existing
    } else {
      i = insert(R(id: id), hash: hash)
      isNew = true
    }
    lastID = id
    lastIndex = i
    return (i, isNew)
  }

  /// The record at a position from `position(of:)`, read and changed in place.
  public subscript(position index: Int) -> R {
    _read { yield records[index] }
    _modify { yield &records[index] }
  }

  /// Adds a whole record with a key not yet in the table (false when the key is there).
  mutating func append(_ record: R) -> Bool {
    let hash = RecordTable.hash(record.id)
    guard find(record.id, hash: hash) == nil else { return false }
    _ = insert(record, hash: hash)
    return true
  }

  /// Folds in the records of a later stretch of events: their recorded values win.
  mutating func merge(_ later: RecordTable<R>) {
    reserveCapacity(count + later.count)
    later.records.withUnsafeBufferPointer { incoming in
      for record in incoming {
        let hash = RecordTable.hash(record.id)
        if let index = find(record.id, hash: hash) {
          for fact in R.FactKind.allCases {
            if let value = record[fact: fact] { records[index][fact: fact] = value }
          }
        } else {
          _ = insert(record, hash: hash)
        }
      }
    }
    lastIndex = -1
  }

  public mutating func reserveCapacity(_ n: Int) {
    records.reserveCapacity(n)
    var capacity = slots.count
    while capacity < n * 2 { capacity *= 2 }
    if capacity > slots.count { rebuild(capacity: capacity) }
  }

  private func find(_ id: String, hash: UInt32) -> Int? {
    let mask = slots.count - 1
    var slot = Int(hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { return nil }
      if UInt32(truncatingIfNeeded: entry >> 32) == hash {
        let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
        if records[index].id == id { return index }
      }
      slot = (slot + 1) & mask
    }
  }

  private mutating func insert(_ record: R, hash: UInt32) -> Int {
    if (records.count + 1) * 2 > slots.count { rebuild(capacity: slots.count * 2) }
    let index = records.count
    records.append(record)
    RecordTable.place(UInt64(hash) << 32 | UInt64(index + 1), in: &slots)
    return index
  }

  private static func place(_ entry: UInt64, in slots: inout [UInt64]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: entry >> 32) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  private mutating func rebuild(capacity: Int) {
    var grown = [UInt64](repeating: 0, count: capacity)
    for entry in slots where entry != 0 { RecordTable.place(entry, in: &grown) }
    slots = grown
  }

  /// FNV-1a over the UTF-8 bytes.
  @inline(__always)
  static func hash(_ id: String) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for byte in id.utf8 {
      h = (h ^ UInt32(byte)) &* 16_777_619
    }
    return h
  }
}
