import Testing

@testable import PledgeKit

/// The `--encoding` option, the UTF-8 check that decides the default, and GB18030 by iconv.
@Suite struct TextEncodingTests {
  static let options: [(String, TextEncoding?)] = [
    ("utf8", .utf8), ("UTF-8", .utf8), ("Utf8", .utf8),
    ("gb18030", .gb18030), ("GB18030", .gb18030), ("gbk", .gb18030), ("GB2312", .gb18030),
    ("latin1", nil), ("", nil), ("utf16", nil), (" utf8", nil),
  ]

  @Test(arguments: options)
  func encodingOption(text: String, expected: TextEncoding?) {
    #expect(TextEncoding(option: text) == expected)
  }

  /// Bytes → the offset of the first byte that does not start valid UTF-8 (nil: all valid).
  static let validation: [([UInt8], Int?)] = [
    ([], nil),
    (Array("plain ascii, long enough for the fast path".utf8), nil),
    (Array("投诉 é 😀 Ͷ".utf8), nil),
    ([0xEF, 0xBB, 0xBF, 0x61], nil),
    ([0xC0, 0x80], 0),  // overlong
    ([0xC1, 0xBF], 0),  // overlong
    ([0xE0, 0x80, 0x80], 0),  // overlong
    ([0xF0, 0x80, 0x80, 0x80], 0),  // overlong
    ([0xED, 0xA0, 0x80], 0),  // surrogate
    ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
    ([0xF5, 0x80, 0x80, 0x80], 0),
    ([0xFF], 0),
    ([0x80], 0),  // a lone continuation byte
    ([0x61, 0xE6, 0x8A], 1),  // cut off at the end
    ([0x61, 0xE6, 0x8A, 0x61], 1),
    ([0xCD, 0xB6, 0xCB, 0xDF], 2),  // "投诉" in GB18030: the first pair happens to be UTF-8
    (Array("abcdefgh".utf8) + [0xFF], 8),
    (Array("abcdefghijklmnop".utf8) + [0xC3], 16),
    (Array("abcdefg".utf8) + [0xC3, 0xA9] + Array("abcdefgh".utf8) + [0xFE], 17),
    ([0xF4, 0x8F, 0xBF, 0xBF], nil),  // U+10FFFF
    ([0xEE, 0x80, 0x80], nil),  // U+E000
  ]

  @Test(arguments: validation)
  func firstInvalidUTF8Offset(bytes: [UInt8], expected: Int?) {
    bytes.withUnsafeBytes { #expect(UTF8Validation.firstInvalidOffset($0) == expected) }
  }

  @Test func gb18030RoundTripsEveryKindOfCharacter() throws {
    // One, two and four byte GB18030 sequences.
    let text = "a,投诉,€,😀,Ͷ,é\n"
    let encoded = try GB18030.encode(Array(text.utf8))
    #expect(
      encoded == [
        0x61, 0x2C, 0xCD, 0xB6, 0xCB, 0xDF, 0x2C, 0xA2, 0xE3, 0x2C, 0x94, 0x39, 0xFC, 0x36, 0x2C,
        0x81, 0x30, 0xC8, 0x34, 0x2C, 0xA8, 0xA6, 0x0A,
      ])
    var decoded: [UInt8] = []
    try encoded.withUnsafeBytes { raw in
      try GB18030.decode(raw) { decoded.append(contentsOf: $0) }
    }
    #expect(String(decoding: decoded, as: UTF8.self) == text)
  }

  /// Output larger than iconv's 1 MiB chunk arrives complete, in order.
  @Test func gb18030DecodesPastOneChunk() throws {
    let line = "投诉编号,摘要,窗口态度差\n"
    let text = String(repeating: line, count: 30_000)  // about 1 MiB of GB18030, 1.1 of UTF-8
    let encoded = try GB18030.encode(Array(text.utf8))
    var decoded: [UInt8] = []
    var chunks = 0
    try encoded.withUnsafeBytes { raw in
      try GB18030.decode(raw) {
        chunks += 1
        decoded.append(contentsOf: $0)
      }
    }
    #expect(chunks >= 2)
    #expect(decoded == Array(text.utf8))
  }
}
