/// The key index shared by record tables, snapshots and `StringIndex`: slots of
/// `hash << 32 | (position + 1)` (0 = empty) in a power-of-two table at most half full, probed
/// linearly; the hash is FNV-1a over a key's UTF-8 bytes.
enum KeySlots {
  /// Linear probing from the hash's slot to an empty one: the first entry with this hash
  /// whose record `matches`. (Shared with a snapshot's index, which has the same layout.)
  @inline(__always)
  static func probe(
    _ slots: UnsafeBufferPointer<UInt64>, hash: UInt32, matches: (Int) -> Bool
  ) -> Int? {
    let mask = slots.count - 1
    var slot = Int(hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { return nil }
      if UInt32(truncatingIfNeeded: entry >> 32) == hash {
        let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
        if matches(index) { return index }
      }
      slot = (slot + 1) & mask
    }
  }

  /// `slots` re-placed into a larger table (entries carry their hashes).
  static func regrown(_ slots: [UInt64], capacity: Int) -> [UInt64] {
    var grown = [UInt64](repeating: 0, count: capacity)
    for entry in slots where entry != 0 { place(entry, in: &grown) }
    return grown
  }

  static func place(_ entry: UInt64, in slots: inout [UInt64]) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: entry >> 32) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  /// FNV-1a over the UTF-8 bytes.
  @inline(__always)
  static func hash(_ id: String) -> UInt32 {
    var id = id
    return id.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  /// FNV-1a over an id's UTF-8 bytes (the same as `hash` of the id as a String).
  @inline(__always)
  static func hash(_ utf8: UnsafeRawBufferPointer) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for byte in utf8 {
      h = (h ^ UInt32(byte)) &* 16_777_619
    }
    // Ids differ mostly in their last characters; mix those into the low bits, which pick
    // the slot (murmur3's finalizer).
    h ^= h >> 16
    h = h &* 0x85EB_CA6B
    h ^= h >> 13
    h = h &* 0xC2B2_AE35
    h ^= h >> 16
    return h
  }
}
