import CPledgeSupport
import Glibc

/// A growable byte buffer written through a cursor in room reserved beforehand (no bounds
/// check or call per byte): an event block of the log, the JSON Lines of `pledge events`, a
/// snapshot's body, the obligations report's rows.
///
/// Room of a megabyte or more is whole pages of its own, which grow by doubling without
/// copying (the kernel moves them): a buffer that grows to a hundred megabytes is written once,
/// not once more at every doubling, and its pages are faulted in once.
final class BlockBuffer: @unchecked Sendable {
  private var storage: UnsafeMutableRawPointer
  private var capacity: Int
  /// Whether `storage` is pages of its own rather than from the allocator.
  private var inPages: Bool
  private(set) var count = 0

  init(capacity: Int) {
    (storage, self.capacity, inPages) = BlockBuffer.allocate(capacity)
  }

  deinit { BlockBuffer.release(storage, capacity, inPages) }

  private static let pagesFrom = 1 << 20
  private static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

  private static func allocate(_ capacity: Int) -> (UnsafeMutableRawPointer, Int, Bool) {
    if capacity >= pagesFrom {
      let size = (capacity + pageSize - 1) / pageSize * pageSize
      if let pages = pledge_pages_allocate(size) { return (pages, size, true) }
    }
    return (.allocate(byteCount: max(capacity, 1), alignment: 16), capacity, false)
  }

  private static func release(_ storage: UnsafeMutableRawPointer, _ capacity: Int, _ inPages: Bool) {
    if inPages { pledge_pages_free(storage, capacity) } else { storage.deallocate() }
  }

  /// Appends bytes.
  func append(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (storage + count).copyMemory(from: base, byteCount: bytes.count)
    count += bytes.count
  }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  /// Where the next byte goes (valid until the buffer grows).
  var end: UnsafeMutableRawPointer { storage + count }

  /// The first byte (valid until the buffer grows).
  var start: UnsafeMutableRawPointer { storage }

  /// The bytes written (valid until the buffer grows or is emptied).
  var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

  /// Empties the buffer, keeping its room.
  func removeAll() { count = 0 }

  /// Takes the bytes written through a cursor up to `position` (within the reserved room).
  @inline(__always)
  func advance(to position: UnsafeMutableRawPointer) {
    count = position - storage
  }

  /// Writes bytes and varints forward from a position in reserved room.
  struct Cursor {
    private(set) var position: UnsafeMutableRawPointer

    init(_ position: UnsafeMutableRawPointer) { self.position = position }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
      position.storeBytes(of: value, as: UInt8.self)
      position += 1
    }

    /// `value` in its bytes, little-endian.
    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
      position.storeBytes(of: value.littleEndian, as: T.self)
      position += MemoryLayout<T>.size
    }

    /// Leaves `count` bytes to be filled in later through the position before them.
    @inline(__always)
    mutating func skip(_ count: Int) { position += count }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
      var v = value
      while v >= 0x80 {
        byte(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
      }
      byte(UInt8(truncatingIfNeeded: v))
    }

    /// `value` in decimal (at most 20 bytes).
    @inline(__always)
    mutating func decimal(_ value: Int64) {
      if value < 0 { byte(UInt8(ascii: "-")) }
      var v = value.magnitude
      var digits = 1
      var rest = v / 10
      while rest > 0 {
        digits += 1
        rest /= 10
      }
      position += digits
      var p = position - 1
      repeat {
        p.storeBytes(of: UInt8(truncatingIfNeeded: v % 10) &+ 48, as: UInt8.self)
        v /= 10
        p -= 1
      } while v > 0
    }

    /// `value` (0–99) as two digits.
    @inline(__always)
    mutating func twoDigits(_ value: Int) {
      byte(UInt8(truncatingIfNeeded: value / 10) &+ 48)
      byte(UInt8(truncatingIfNeeded: value % 10) &+ 48)
    }

    @inline(__always)
    mutating func bytes(_ bytes: [UInt8]) {
      bytes.withUnsafeBytes { self.bytes($0) }
    }

    @inline(__always)
    mutating func bytes(_ text: StaticString) {
      bytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func signed(_ value: Int64) {
      varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Most are a few bytes (an id, a short text): those are copied as one or two overlapping
    /// words, not through a call to memmove.
    @inline(__always)
    mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
      let n = bytes.count
      guard let base = bytes.baseAddress, n > 0 else { return }
      let target = position
      if n >= 8, n <= 16 {
        target.storeBytes(of: base.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(
          of: base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
      } else if n >= 4, n < 8 {
        target.storeBytes(of: base.loadUnaligned(as: UInt32.self), as: UInt32.self)
        target.storeBytes(
          of: base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
      } else if n < 4 {
        target.storeBytes(of: base.load(as: UInt8.self), as: UInt8.self)
        target.storeBytes(of: base.load(fromByteOffset: n / 2, as: UInt8.self), toByteOffset: n / 2, as: UInt8.self)
        target.storeBytes(of: base.load(fromByteOffset: n - 1, as: UInt8.self), toByteOffset: n - 1, as: UInt8.self)
      } else {
        target.copyMemory(from: base, byteCount: n)
      }
      position += n
    }
  }

  private func grow(to needed: Int) {
    var larger = max(capacity * 2, 64)
    while larger < needed { larger *= 2 }
    if inPages, let moved = pledge_pages_resize(storage, capacity, larger) {
      storage = moved
      capacity = larger
      return
    }
    let (grown, size, pages) = BlockBuffer.allocate(larger)
    grown.copyMemory(from: storage, byteCount: count)
    BlockBuffer.release(storage, capacity, inPages)
    (storage, capacity, inPages) = (grown, size, pages)
  }

  func copy() -> BlockBuffer {
    let copy = BlockBuffer(capacity: capacity)
    copy.append(UnsafeRawBufferPointer(start: storage, count: count))
    return copy
  }

  var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: storage, count: count)) }
}
