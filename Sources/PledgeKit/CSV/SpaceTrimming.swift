/// Trimming of surrounding spaces, in one place for cells, calendar entries and option values.
/// Only the space U+0020 is trimmed, never a tab (SPEC 1.1, §7.27).
extension BidirectionalCollection where Element == UInt8 {
  /// The positions of these UTF-8 bytes without the spaces around them.
  @inline(__always)
  func rangeTrimmingSpaces() -> Range<Index> {
    var start = startIndex
    var end = endIndex
    while start < end, self[start] == 0x20 { formIndex(after: &start) }
    while end > start, self[index(before: end)] == 0x20 { formIndex(before: &end) }
    return start..<end
  }
}

/// A cell's bytes without surrounding spaces (the hot path: no copy, no String).
@inline(__always)
func trimmedSpaces(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
  UnsafeRawBufferPointer(rebasing: bytes[bytes.rangeTrimmingSpaces()])
}

/// A cell's text without surrounding spaces.
func trimmedString(_ bytes: UnsafeRawBufferPointer) -> String {
  String(decoding: trimmedSpaces(bytes), as: UTF8.self)
}

extension StringProtocol {
  /// The text without surrounding spaces.
  func trimmingSpaces() -> String {
    let bytes = Array(utf8)
    return String(decoding: bytes[bytes.rangeTrimmingSpaces()], as: UTF8.self)
  }
}
