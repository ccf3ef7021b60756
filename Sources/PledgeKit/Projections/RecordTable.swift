import CPledgeSupport

/// The records of one source, by natural key, in order of first appearance.
///
/// The key index (`KeySlots`) is an open-addressing hash table over the records' UTF-8 bytes; each
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
  /// Records of a snapshot not (yet) in memory: a lookup that misses here reads the record
  /// from the snapshot and keeps it.
  private(set) var base: RecordBase<R>?
  /// For each record of the base, its position in `records` once read (-1 until then).
  /// Records read from the base are found through the base's own index and this; only
  /// records the base does not have go into `slots`.
  private(set) var fromBase: [Int32] = []
  /// On a base: for each record in memory, whether it may have changed since it was read
  /// (it was looked up to be folded into); a fresh snapshot re-encodes only those.
  private(set) var touched: [Bool] = []
  /// Entries in `slots`.
  private var placed = 0

  public init() {}

  /// A table on a snapshot, holding in memory at first only the records `keep` selects
  /// (by their position in the snapshot); with `keep` nil, every record. `room` more records
  /// fit without growing the table (those the replay after the snapshot may add).
  init?(base: RecordBase<R>, keeping keep: ((Int) -> Bool)?, room: Int = 0) {
    if let keep {
      self.base = base
      fromBase = [Int32](repeating: -1, count: base.count)
      // Every record's selection times are read once, a window at a time (let go of once
      // read): a quarter of three years keeps in memory only what it selects.
      var kept: [Int] = []
      var position = 0
      SnapshotFile.forEachWindow(of: base.snapshot.starts, base.snapshot.file) { window in
        let end = position + window.count / 2
        while position < end {
          if keep(position) { kept.append(position) }
          position += 1
        }
      }
      guard let decoded = RecordTable.decode(kept, of: base, room: room) else { return nil }
      records = decoded
      for (position, index) in kept.enumerated() { fromBase[index] = Int32(position) }
      touched.reserveCapacity(records.count + room)
      touched.append(contentsOf: repeatElement(false, count: records.count))
    } else {
      guard let decoded = RecordTable.decode(0..<base.count, of: base, room: room) else { return nil }
      self = RecordTable(records: decoded, slots: Array(base.snapshot.slots))
    }
  }

  /// The records at `positions` of the snapshot, decoded on every core straight into an array
  /// with room for `room` more; nil when one does not decode.
  private static func decode<C: RandomAccessCollection<Int>>(
    _ positions: C, of base: RecordBase<R>, room: Int
  ) -> [R]? where C.Index == Int {
    let count = positions.count
    let parts = count >= 4096 ? Parallel.cores : 1
    var sound = true
    let records = [R](unsafeUninitializedCapacity: count + room) { buffer, initialized in
      // Each part fills its own share; on a record that does not decode it undoes its share.
      // (The parts never throw, so every part has run when map returns.)
      let decoded = (try? Parallel.map(parts) { part -> Bool in
        let share = (count * part / parts)..<(count * (part + 1) / parts)
        let start = buffer.baseAddress! + share.lowerBound
        for offset in 0..<share.count {
          guard let record = base.record(at: positions[positions.startIndex + share.lowerBound + offset]) else {
            start.deinitialize(count: offset)
            return false
          }
          (start + offset).initialize(to: record)
        }
        return true
      }) ?? []
      if decoded.count == parts, decoded.allSatisfy({ $0 }) {
        initialized = count
      } else {
        for part in decoded.indices where decoded[part] {
          let share = (count * part / parts)..<(count * (part + 1) / parts)
          (buffer.baseAddress! + share.lowerBound).deinitialize(count: share.count)
        }
        initialized = 0
        sound = false
      }
    }
    return sound ? records : nil
  }

  /// Whether some records live only in the snapshot under the table (then `records` is not
  /// every record).
  var isPartial: Bool { base != nil }

  /// A table from a snapshot's records and key index (`SnapshotFile` checked, when it read
  /// the file, that the index holds every record exactly once).
  init(records: [R], slots: [UInt64]) {
    precondition(slots.count >= records.count * 2, "a snapshot's key index is at most half full")
    self.records = records
    self.slots = slots
    placed = records.count
  }

  public var count: Int { records.count }

  public subscript(id: String) -> R? {
    let hash = KeySlots.hash(id)
    if let i = findOwn(id, hash: hash) { return records[i] }
    guard let base, let position = base.find(id, hash: hash) else { return nil }
    let index = Int(fromBase[position])
    return index >= 0 ? records[index] : base.record(at: position)
  }

  /// Whether a record with this key exists.
  public func contains(_ id: String) -> Bool {
    (lastIndex >= 0 && sameBytes(id, lastID)) || self[id] != nil
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
    update(id, hash: KeySlots.hash(id), change)
  }

  /// The same, with the key's `hash(id)` worked out beforehand (ingest hashes keys as it
  /// reads them, on another core).
  /// Returns the record's position in `records`.
  @inline(__always) @discardableResult
  mutating func update(_ id: String, hash: UInt32, _ change: (inout R, _ isNew: Bool) -> Void) -> Int {
    if lastIndex >= 0, sameBytes(id, lastID) {
      change(&records[lastIndex], false)
      return lastIndex
    }
    let (i, isNew) = locate(id, hash: hash)
    lastID = id
    lastIndex = i
    change(&records[i], isNew)
    return i
  }

  /// Where record `id` is in memory: found, read from the snapshot underneath, or created.
  @inline(__always)
  private mutating func locate(_ id: String, hash: UInt32) -> (index: Int, isNew: Bool) {
    let found: (index: Int, isNew: Bool)
    if let existing = findOwn(id, hash: hash) {
      found = (existing, false)
    } else if let base, let position = base.find(id, hash: hash),
      fromBase[position] >= 0 || base.record(at: position) != nil
    {
      if fromBase[position] < 0 {
        records.append(base.record(at: position)!)
        touched.append(false)
        fromBase[position] = Int32(records.count - 1)
      }
      found = (Int(fromBase[position]), false)
    } else {
      found = (insert(R(id: id), hash: hash), true)
      if base != nil { touched.append(false) }
    }
    if base != nil { touched[found.index] = true }
    return found
  }

  /// Hands every record to `body`, those held in memory and those only in the snapshot
  /// underneath (decoded one at a time and not kept), each once, in no particular order.
  func forEachRecord(_ body: (R) throws -> Void) rethrows {
    try forEachRecord(part: 0, of: 1, body)
  }

  /// `forEachRecord` of one share of the records, `part` of `parts`: the shares together hand
  /// over every record once, so the parts can run on several cores.
  func forEachRecord(part: Int, of parts: Int, _ body: (R) throws -> Void) rethrows {
    guard let base else {
      for own in (records.count * part / parts)..<(records.count * (part + 1) / parts) { try body(records[own]) }
      return
    }
    for position in (base.count * part / parts)..<(base.count * (part + 1) / parts) {
      let own = Int(fromBase[position])
      if own >= 0 {
        try body(records[own])
      } else if let record = base.record(at: position) {
        try body(record)
      }
    }
    // The records not in the snapshot (new since) go with the last share.
    guard part == parts - 1 else { return }
    var isFromBase = [Bool](repeating: false, count: records.count)
    for own in fromBase where own >= 0 { isFromBase[Int(own)] = true }
    for own in records.indices where !isFromBase[own] { try body(records[own]) }
  }

  /// Adds a whole record with a key not yet in the table (false when the key is there).
  mutating func append(_ record: R) -> Bool {
    precondition(!isPartial)
    let hash = KeySlots.hash(record.id)
    guard find(record.id, hash: hash) == nil else { return false }
    _ = insert(record, hash: hash)
    return true
  }

  /// Folds in the records of a later stretch of events: their recorded values win.
  mutating func merge(_ later: RecordTable<R>) {
    precondition(!isPartial && !later.isPartial, "only tables holding every record are merged")
    reserveCapacity(count + later.count)
    later.records.withUnsafeBufferPointer { incoming in
      for record in incoming {
        let hash = KeySlots.hash(record.id)
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

  /// Makes room for `n` records in all (new ones go into the key index).
  public mutating func reserveCapacity(_ n: Int) {
    records.reserveCapacity(n)
    let indexed = placed + max(0, n - records.count)
    var capacity = slots.count
    while capacity < indexed * 2 { capacity *= 2 }
    if capacity > slots.count { rebuild(capacity: capacity) }
  }

  /// Brings the key index's slot for `hash` into the cache ahead of a lookup: the index of a
  /// million records is far larger than the cache, and each lookup would otherwise wait for
  /// memory.
  @inline(__always)
  func prefetch(hash: UInt32) {
    slots.withUnsafeBufferPointer { pledge_prefetch($0.baseAddress! + (Int(hash) & ($0.count - 1))) }
  }

  /// The position in `records` of record `id`, if it is in memory.
  private func find(_ id: String, hash: UInt32) -> Int? {
    if let own = findOwn(id, hash: hash) { return own }
    guard let base, let position = base.find(id, hash: hash) else { return nil }
    let index = Int(fromBase[position])
    return index >= 0 ? index : nil
  }

  private func findOwn(_ id: String, hash: UInt32) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      KeySlots.probe(slots, hash: hash) { sameBytes(records[$0].id, id) }
    }
  }

  private mutating func insert(_ record: R, hash: UInt32) -> Int {
    if (placed + 1) * 2 > slots.count { rebuild(capacity: slots.count * 2) }
    let index = records.count
    records.append(record)
    KeySlots.place(UInt64(hash) << 32 | UInt64(index + 1), in: &slots)
    placed += 1
    return index
  }

  private mutating func rebuild(capacity: Int) {
    slots = KeySlots.regrown(slots, capacity: capacity)
  }
}
