/// An id's first 16 UTF-8 bytes as two big-endian words (zero-padded), and its length.
struct IDPrefix {
  let high: UInt64
  let low: UInt64
  let count: Int

  init(high: UInt64, low: UInt64, count: Int) {
    self.high = high
    self.low = low
    self.count = count
  }

  init(_ id: String) {
    var id = id
    (high, low, count) = id.withUTF8 { bytes in
      /// Bytes from..<from+8 as a big-endian word, zero-padded past the end.
      func word(_ from: Int) -> UInt64 {
        if bytes.count >= from + 8 {
          return UInt64(bigEndian: UnsafeRawPointer(bytes.baseAddress! + from).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        var i = from
        while i < bytes.count {
          word |= UInt64(bytes[i]) << (8 * (7 - (i - from)))
          i += 1
        }
        return word
      }
      return (word(0), word(8), bytes.count)
    }
  }

  /// memcmp order: by the prefixes, then (both ids within 16 bytes) by length; else `whole`.
  func compare(_ other: IDPrefix, whole: () -> Int) -> Int {
    if high != other.high { return high < other.high ? -1 : 1 }
    if low != other.low { return low < other.low ? -1 : 1 }
    if count <= 16, other.count <= 16 { return count == other.count ? 0 : (count < other.count ? -1 : 1) }
    return whole()
  }
}
