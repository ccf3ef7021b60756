/// Byte strings packed into one block of memory that never moves, so the hot path can hand out
/// `UnsafeRawBufferPointer`s to them (a map's replacements, a template's literal text) without
/// copying and without reaching through an array on every use.
///
/// Immutable once built, hence `Sendable`; the pointers are valid while the value is alive.
final class PackedBytes: @unchecked Sendable {
  private let base: UnsafeMutableRawPointer
  private let starts: [Int]
  private let lengths: [Int]

  init(_ strings: [[UInt8]]) {
    let total = strings.reduce(0) { $0 + $1.count }
    let base = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 8)
    var starts: [Int] = []
    var offset = 0
    for bytes in strings {
      starts.append(offset)
      if !bytes.isEmpty {
        bytes.withUnsafeBytes {
          (base + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
        }
      }
      offset += bytes.count
    }
    self.base = base
    self.starts = starts
    lengths = strings.map(\.count)
  }

  deinit { base.deallocate() }

  var count: Int { starts.count }

  @inline(__always)
  subscript(index: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: base + starts[index], count: lengths[index])
  }
}
