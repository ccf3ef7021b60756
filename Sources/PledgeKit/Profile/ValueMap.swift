import Glibc

/// The `map A=B, C=D, *=E` of an import profile (SPEC 1.5): replaces a whole trimmed value.
///
/// An exact (byte for byte) match comes first, then `*` for any other known value; without
/// `*`, an unlisted value passes unchanged. A replacement may be "not known" (`""`). Keys and
/// replacements are packed once, so a lookup compares bytes and allocates nothing.
struct ValueMap: Sendable {
  /// One `A=B` as written; a nil replacement is `""`, not known.
  struct Entry: Equatable, Sendable {
    let key: [UInt8]
    let replacement: [UInt8]?
  }

  /// What a lookup decided.
  enum Outcome {
    case unchanged
    case replaced(UnsafeRawBufferPointer)
    case notKnown
  }

  let entries: [Entry]
  /// The `*=E` entry: nil when there is none, `.some(nil)` for `*=""`.
  let otherwise: [UInt8]??

  private let keys: PackedBytes
  private let replacements: PackedBytes
  private let isKnown: [Bool]
  /// Open addressing over `hashOf(key)` for maps too long to scan; empty for short ones.
  private let slots: [Int32]

  /// Maps up to this many entries are scanned; longer ones are hashed.
  private static let scanLimit = 8

  init(entries: [Entry], otherwise: [UInt8]??) {
    self.entries = entries
    self.otherwise = otherwise
    var packed = entries.map { $0.replacement ?? [] }
    if let fallback = otherwise { packed.append(fallback ?? []) }
    keys = PackedBytes(entries.map(\.key))
    replacements = PackedBytes(packed)
    isKnown = entries.map { $0.replacement != nil } + (otherwise.map { [$0 != nil] } ?? [])
    guard entries.count > ValueMap.scanLimit else {
      slots = []
      return
    }
    var capacity = 16
    while capacity < entries.count * 2 { capacity *= 2 }
    var slots = [Int32](repeating: -1, count: capacity)
    for (index, entry) in entries.enumerated() {
      var slot = entry.key.withUnsafeBytes { ValueMap.hashOf($0) } & (capacity - 1)
      while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = Int32(index)
    }
    self.slots = slots
  }

  @inline(__always)
  func lookup(_ value: UnsafeRawBufferPointer) -> Outcome {
    if let index = indexOf(value) { return outcome(index) }
    return otherwise == nil ? .unchanged : outcome(entries.count)
  }

  @inline(__always)
  private func outcome(_ index: Int) -> Outcome {
    isKnown[index] ? .replaced(replacements[index]) : .notKnown
  }

  @inline(__always)
  private func indexOf(_ value: UnsafeRawBufferPointer) -> Int? {
    if slots.isEmpty {
      for index in 0..<keys.count where ValueMap.equal(keys[index], value) { return index }
      return nil
    }
    let mask = slots.count - 1
    var slot = ValueMap.hashOf(value) & mask
    while true {
      let index = Int(slots[slot])
      if index < 0 { return nil }
      if ValueMap.equal(keys[index], value) { return index }
      slot = (slot + 1) & mask
    }
  }

  @inline(__always)
  private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0 else { return true }
    return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
  }

  /// FNV-1a, enough for a table built once from a profile's few dozen keys.
  @inline(__always)
  private static func hashOf(_ bytes: UnsafeRawBufferPointer) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
      hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }
}
