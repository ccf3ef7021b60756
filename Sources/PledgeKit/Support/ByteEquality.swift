import Glibc

// Keys and every other text are compared byte for byte (SPEC 6): Swift's `String ==` and
// `Dictionary<String, _>` compare by canonical equivalence, so `é` composed (U+00E9) and
// decomposed (U+0065 U+0301), or a CJK compatibility ideograph and its unified twin, would
// be one record. Everything that decides whether two texts are the same goes through here.

/// Whether two strings have the same UTF-8 bytes.
@inline(__always)
func sameBytes(_ a: String, _ b: String) -> Bool {
  let fast = a.utf8.withContiguousStorageIfAvailable { pa in
    b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
      pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
    }
  }
  return (fast ?? nil) ?? a.utf8.elementsEqual(b.utf8)
}

/// A string as a dictionary key that is equal only to the same bytes.
struct ByteKey: Hashable, Sendable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (a: ByteKey, b: ByteKey) -> Bool { sameBytes(a.text, b.text) }

  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
