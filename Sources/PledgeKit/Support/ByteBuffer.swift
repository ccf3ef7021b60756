/// A growable byte buffer written through raw pointers, for output built byte by byte in a
/// hot loop (`pledge events`): the caller reserves room once per item and then appends without
/// a capacity check per byte. Its owner frees it with `deallocate()`; a copy shares the
/// storage, so it is never copied.
struct ByteBuffer {
  private var storage: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    storage = .allocate(capacity: self.capacity)
  }

  func deallocate() { storage.deallocate() }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    var larger = capacity * 2
    while larger < count + extra { larger *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    grown.update(from: storage, count: count)
    storage.deallocate()
    storage = grown
    capacity = larger
  }

  mutating func removeAll() { count = 0 }

  func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
    try body(UnsafeRawBufferPointer(start: storage, count: count))
  }

  // The appends below write into room reserved beforehand.

  @inline(__always)
  mutating func byte(_ b: UInt8) {
    storage[count] = b
    count += 1
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    UnsafeMutableRawPointer(storage + count).copyMemory(from: base, byteCount: bytes.count)
    count += bytes.count
  }

  @inline(__always)
  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { append($0) }
  }

  @inline(__always)
  mutating func append(_ text: StaticString) {
    append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
    count += digits
    var p = count - 1
    repeat {
      storage[p] = UInt8(truncatingIfNeeded: v % 10) &+ 48
      v /= 10
      p -= 1
    } while v > 0
  }

  @inline(__always)
  mutating func twoDigits(_ value: Int) {
    storage[count] = UInt8(truncatingIfNeeded: value / 10) &+ 48
    storage[count + 1] = UInt8(truncatingIfNeeded: value % 10) &+ 48
    count += 2
  }

  /// One byte of a JSON string, escaped as `JSONObject.quote` escapes it (at most six bytes).
  @inline(__always)
  mutating func escaped(_ b: UInt8) {
    switch b {
    case UInt8(ascii: "\""): append("\\\"")
    case UInt8(ascii: "\\"): append("\\\\")
    case UInt8(ascii: "\n"): append("\\n")
    case UInt8(ascii: "\r"): append("\\r")
    case UInt8(ascii: "\t"): append("\\t")
    case 0..<0x20:
      let hex: StaticString = "0123456789abcdef"
      append("\\u00")
      byte(hex.utf8Start[Int(b >> 4)])
      byte(hex.utf8Start[Int(b & 15)])
    default: byte(b)
    }
  }
}
