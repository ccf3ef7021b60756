/// Little helpers to write the log's binary encoding: LEB128 varints, zigzag for signed
/// values, fixed-width little-endian integers.
struct ByteWriter {
  var bytes: [UInt8] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  @inline(__always)
  mutating func varint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: v))
  }

  @inline(__always)
  mutating func varint(_ value: Int) { varint(UInt64(bitPattern: Int64(value))) }

  @inline(__always)
  mutating func signed(_ value: Int64) {
    varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func fixed32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func fixed64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      varint(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }
}

/// Reads what `ByteWriter` wrote. Every read is bounds-checked: a damaged payload (which the
/// frame checksum should already have caught) raises `Malformed`, never a trap.
struct ByteReader {
  let base: UnsafeRawPointer
  let count: Int
  var offset = 0

  init(_ buffer: UnsafeRawBufferPointer) {
    base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    count = buffer.count
  }

  struct Malformed: Error {}

  var isAtEnd: Bool { offset >= count }

  @inline(__always)
  mutating func varint() throws(Malformed) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < count, shift < 64 else { throw Malformed() }
      let b = base.load(fromByteOffset: offset, as: UInt8.self)
      offset += 1
      result |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return result }
      shift += 7
    }
  }

  @inline(__always)
  mutating func int() throws(Malformed) -> Int {
    let v = try varint()
    guard v <= UInt64(Int.max) else { throw Malformed() }
    return Int(v)
  }

  @inline(__always)
  mutating func signed() throws(Malformed) -> Int64 {
    let v = try varint()
    return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
  }

  @inline(__always)
  mutating func byte() throws(Malformed) -> UInt8 {
    guard offset < count else { throw Malformed() }
    defer { offset += 1 }
    return base.load(fromByteOffset: offset, as: UInt8.self)
  }

  @inline(__always)
  mutating func bytes(_ length: Int) throws(Malformed) -> UnsafeRawBufferPointer {
    guard length >= 0, length <= count - offset else { throw Malformed() }
    defer { offset += length }
    return UnsafeRawBufferPointer(start: base + offset, count: length)
  }

  mutating func string() throws(Malformed) -> String {
    let length = try int()
    return String(decoding: try bytes(length), as: UTF8.self)
  }
}
