/// Byte strings packed into one block of memory that never moves, so the hot path can hand out
/// `UnsafeRawBufferPointer`s to them (a map's keys and replacements, a template's literal
/// text) without copying, and reach them without touching an array or a reference count.
///
/// Immutable once built, hence `Sendable`; the pointers are valid while the value is alive.
final class PackedBytes: @unchecked Sendable {
  let count: Int
  private let base: UnsafeMutableRawPointer
  /// Start and length of each string.
  private let spans: UnsafeMutablePointer<(start: Int, count: Int)>

  init(_ strings: [[UInt8]]) {
    count = strings.count
    let total = strings.reduce(0) { $0 + $1.count }
    let base = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 8)
    let spans = UnsafeMutablePointer<(start: Int, count: Int)>.allocate(capacity: max(count, 1))
    var offset = 0
    for (index, bytes) in strings.enumerated() {
      (spans + index).initialize(to: (offset, bytes.count))
      bytes.withUnsafeBytes {
        if let source = $0.baseAddress {
          (base + offset).copyMemory(from: source, byteCount: $0.count)
        }
      }
      offset += bytes.count
    }
    self.base = base
    self.spans = spans
  }

  deinit {
    base.deallocate()
    spans.deallocate()
  }

  @inline(__always)
  subscript(index: Int) -> UnsafeRawBufferPointer { view[index] }

  /// The strings without their owner, for the hot path: valid while this object is alive.
  var view: View { View(base: base, spans: spans) }

  /// Plain pointers, so that using them retains nothing.
  struct View: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let spans: UnsafeMutablePointer<(start: Int, count: Int)>

    @inline(__always)
    subscript(index: Int) -> UnsafeRawBufferPointer {
      let span = spans[index]
      return UnsafeRawBufferPointer(start: base + span.start, count: span.count)
    }
  }
}
