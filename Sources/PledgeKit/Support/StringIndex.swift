/// Strings numbered 0, 1, 2… in order of insertion, found again by an open-addressing table
/// hashed with `KeySlots.hash` (FNV-1a) and compared byte for byte: the lookups of an evaluation (a unit per record,
/// a case per complaint) cost a fraction of `Dictionary`'s seeded hashing. Values live in the
/// caller's arrays, indexed by these numbers.
struct StringIndex: Sendable {
  /// The strings, by number.
  private(set) var keys: [String] = []
  /// hash << 32 | (number + 1); 0 = empty. Capacity is a power of two, at most half full.
  private var slots = [UInt64](repeating: 0, count: 16)

  init() {}

  var count: Int { keys.count }

  /// The number of `key`, if it is in the index.
  func index(of key: String) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      KeySlots.probe(slots, hash: KeySlots.hash(key)) { sameBytes(keys[$0], key) }
    }
  }

  /// The number of `key`, inserting it when new.
  mutating func insert(_ key: String) -> (index: Int, isNew: Bool) {
    let hash = KeySlots.hash(key)
    let found = slots.withUnsafeBufferPointer { slots in
      KeySlots.probe(slots, hash: hash) { sameBytes(keys[$0], key) }
    }
    if let found { return (found, false) }
    if (keys.count + 1) * 2 > slots.count { slots = KeySlots.regrown(slots, capacity: slots.count * 2) }
    keys.append(key)
    KeySlots.place(UInt64(hash) << 32 | UInt64(keys.count), in: &slots)
    return (keys.count - 1, true)
  }
}
