import Glibc

/// The text encodings Pledge reads and writes (SPEC 1.1, 5).
public enum TextEncoding: String, Sendable, CaseIterable {
  case utf8
  case gb18030

  /// Parses `utf8`, `utf-8`, `gb18030` (any case); GBK and GB2312 are subsets of GB18030.
  public init?(option: String) {
    switch option.lowercased() {
    case "utf8", "utf-8": self = .utf8
    case "gb18030", "gbk", "gb2312": self = .gb18030
    default: return nil
    }
  }
}

/// An invalid byte sequence, at a byte offset of the input.
public struct EncodingFault: Error, Equatable, Sendable {
  public let encoding: TextEncoding
  public let byteOffset: Int
}

enum UTF8Validation {
  /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when the
  /// whole buffer is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
  static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let p = base.assumingMemoryBound(to: UInt8.self)
    let n = bytes.count
    var i = 0
    while i < n {
      // ASCII fast path, eight bytes at a time.
      if i + 8 <= n {
        let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      let b0 = p[i]
      if b0 < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch b0 {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; upper = 0x9F
      case 0xF0: length = 4; lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; upper = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      let b1 = p[i + 1]
      guard b1 >= lower, b1 <= upper else { return i }
      for k in 2..<length where p[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }
}

/// Converts between GB18030 and UTF-8 with the C library's iconv.
enum GB18030 {
  /// Decodes `input` into UTF-8, handing the output to `sink` in chunks.
  static func decode(
    _ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    try convert(input, from: "GB18030", to: "UTF-8", faultEncoding: .gb18030, into: sink)
  }

  /// Encodes UTF-8 text as GB18030 (every Unicode character has a GB18030 form).
  static func encode(_ utf8: [UInt8]) throws -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(utf8.count)
    try utf8.withUnsafeBytes { bytes in
      try convert(bytes, from: "UTF-8", to: "GB18030", faultEncoding: .utf8) {
        output.append(contentsOf: $0)
      }
    }
    return output
  }

  private static func convert(
    _ input: UnsafeRawBufferPointer, from source: String, to target: String,
    faultEncoding: TextEncoding, into sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let descriptor = iconv_open(target, source)
    guard descriptor != iconv_t(bitPattern: -1) else {
      throw IconvUnavailable(source: source, target: target)
    }
    defer { iconv_close(descriptor) }
    guard let inputBase = input.baseAddress, input.count > 0 else { return }
    let chunkSize = 1 << 20
    let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 8)
    defer { chunk.deallocate() }
    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
      mutating: inputBase.assumingMemoryBound(to: CChar.self))
    var inLeft = input.count
    while inLeft > 0 {
      var outPointer: UnsafeMutablePointer<CChar>? = chunk.assumingMemoryBound(to: CChar.self)
      var outLeft = chunkSize
      let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
      let produced = chunkSize - outLeft
      if produced > 0 { try sink(UnsafeRawBufferPointer(start: chunk, count: produced)) }
      if result == -1 {
        let code = errno
        if code == E2BIG { continue }
        // EILSEQ (invalid sequence) or EINVAL (incomplete sequence at the end).
        throw EncodingFault(encoding: faultEncoding, byteOffset: input.count - inLeft)
      }
    }
  }
}

struct IconvUnavailable: Error {
  let source: String
  let target: String
}
