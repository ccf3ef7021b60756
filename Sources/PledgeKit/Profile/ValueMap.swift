import Glibc

/// The `map A=B, C=D, *=E` of an import profile (SPEC 1.5): replaces a whole trimmed value.
///
/// An exact (byte for byte) match comes first, then `*` for any other known value; without
/// `*`, an unlisted value passes unchanged. A replacement may be "not known" (`""`). Keys and
/// replacements are packed once; the row reader looks values up through a `View` of plain
/// pointers, so a lookup compares bytes and neither allocates nor counts references.
final class ValueMap: @unchecked Sendable {
  // @unchecked: immutable after init; the view points into memory owned here.

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
  /// Keys 0..<n, then replacements n..<2n, then the `*` replacement.
  private let packed: PackedBytes
  private let isKnown: UnsafeMutablePointer<Bool>
  private let slots: UnsafeMutablePointer<Int32>?
  let view: View

  /// Maps up to this many entries are scanned; longer ones are hashed.
  private static let scanLimit = 8

  init(entries: [Entry], otherwise: [UInt8]??) {
    self.entries = entries
    self.otherwise = otherwise
    let count = entries.count
    let fallback = otherwise ?? nil
    let packed = PackedBytes(
      entries.map(\.key) + entries.map { $0.replacement ?? [] } + [fallback ?? []])
    self.packed = packed
    let isKnown = UnsafeMutablePointer<Bool>.allocate(capacity: count + 1)
    self.isKnown = isKnown
    for (index, entry) in entries.enumerated() {
      (isKnown + index).initialize(to: entry.replacement != nil)
    }
    (isKnown + count).initialize(to: fallback != nil)
    var slots: UnsafeMutablePointer<Int32>?
    var capacity = 0
    if count > ValueMap.scanLimit {
      capacity = 16
      while capacity < count * 2 { capacity *= 2 }
      let table = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
      table.initialize(repeating: -1, count: capacity)
      for (index, entry) in entries.enumerated() {
        var slot = entry.key.withUnsafeBytes { View.hashOf($0) } & (capacity - 1)
        while table[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
        table[slot] = Int32(index)
      }
      slots = table
    }
    self.slots = slots
    view = View(
      packed: packed.view, count: count, isKnown: isKnown, hasOtherwise: otherwise != nil,
      slots: slots, slotMask: capacity - 1)
  }

  deinit {
    isKnown.deallocate()
    slots?.deallocate()
  }

  func lookup(_ value: UnsafeRawBufferPointer) -> Outcome { view.lookup(value) }

  /// `value` (known, trimmed) after the map: see `View.apply`.
  func apply(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? { view.apply(value) }

  /// The map as plain pointers into its owner's memory, valid while the owner is alive.
  struct View: @unchecked Sendable {
    let packed: PackedBytes.View
    let count: Int
    /// Whether replacement i (the `*` one at `count`) is known.
    let isKnown: UnsafeMutablePointer<Bool>
    let hasOtherwise: Bool
    /// Open addressing over `hashOf(key)` for maps too long to scan; nil for short ones.
    let slots: UnsafeMutablePointer<Int32>?
    let slotMask: Int

    @inline(__always)
    func lookup(_ value: UnsafeRawBufferPointer) -> Outcome {
      if let index = indexOf(value) { return outcome(index) }
      return hasOtherwise ? outcome(count) : .unchanged
    }

    /// `value` (known, trimmed) after the map: its replacement, itself when the map leaves
    /// it, nil when the map makes it not known (a replacement `""`, `NULL` or `\N`).
    @inline(__always)
    func apply(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
      switch lookup(value) {
      case .unchanged: return value
      case .replaced(let replacement): return CellParser.isNotKnown(replacement) ? nil : replacement
      case .notKnown: return nil
      }
    }

    /// The replacement of entry `index` (`count`: the `*` entry).
    @inline(__always)
    private func outcome(_ index: Int) -> Outcome {
      isKnown[index] ? .replaced(packed[count + index]) : .notKnown
    }

    @inline(__always)
    private func indexOf(_ value: UnsafeRawBufferPointer) -> Int? {
      guard let slots else {
        for index in 0..<count where View.equal(packed[index], value) { return index }
        return nil
      }
      var slot = View.hashOf(value) & slotMask
      while true {
        let index = Int(slots[slot])
        if index < 0 { return nil }
        if View.equal(packed[index], value) { return index }
        slot = (slot + 1) & slotMask
      }
    }

    @inline(__always)
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
      guard a.count == b.count else { return false }
      guard a.count > 0 else { return true }
      return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }

    /// The hash record keys use (`KeySlots.hash`).
    @inline(__always)
    static func hashOf(_ bytes: UnsafeRawBufferPointer) -> Int { Int(KeySlots.hash(bytes)) }
  }
}
