import CPledgeSupport
import Testing

/// Known-answer and chaining tests for the C checksums (CRC-32C, SHA-256).
@Suite struct ChecksumTests {
  // MARK: Helpers

  private static func crc32c(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { raw in
      pledge_crc32c(seed, raw.baseAddress, raw.count)
    }
  }

  /// SHA-256 of the concatenation of `chunks`, fed one `update` per chunk, as lowercase hex.
  private static func sha256Hex(_ chunks: [[UInt8]]) -> String {
    var ctx = pledge_sha256_ctx()
    pledge_sha256_init(&ctx)
    for chunk in chunks {
      chunk.withUnsafeBytes { raw in
        pledge_sha256_update(&ctx, raw.baseAddress, raw.count)
      }
    }
    var digest = [UInt8](repeating: 0, count: 32)
    pledge_sha256_final(&ctx, &digest)
    return digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  private static func sha256Hex(_ bytes: [UInt8]) -> String {
    sha256Hex([bytes])
  }

  /// Splits `bytes` into consecutive pieces of the given sizes (cycled); the last piece
  /// takes whatever is left.
  private static func split(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var start = 0
    var i = 0
    while start < bytes.count {
      let end = min(bytes.count, start + sizes[i % sizes.count])
      pieces.append(Array(bytes[start..<end]))
      start = end
      i += 1
    }
    return pieces
  }

  /// Deterministic pseudo-random bytes (64-bit LCG, high byte).
  private static func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var out = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      out[i] = UInt8(truncatingIfNeeded: state >> 56)
    }
    return out
  }

  // MARK: CRC-32C

  @Test func crc32cCheckValue() {
    #expect(Self.crc32c(Array("123456789".utf8)) == 0xE306_9283)
  }

  @Test func crc32cEmpty() {
    #expect(Self.crc32c([]) == 0)
    #expect(pledge_crc32c(0, nil, 0) == 0)
    #expect(pledge_crc32c(0x1234_5678, nil, 0) == 0x1234_5678)
  }

  @Test func crc32cRFC3720Vectors() {
    #expect(Self.crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    #expect(Self.crc32c([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    #expect(Self.crc32c((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    #expect(Self.crc32c((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
  }

  @Test func crc32cChainingEqualsOneShot() {
    // Long enough to exercise the parallel-block paths of the hardware implementation.
    let data = Self.pseudoRandomBytes(count: 100_000, seed: 42)
    let oneShot = Self.crc32c(data)
    let splits: [[Int]] = [[1], [7, 13], [64, 1, 255], [1000, 3], [24_576, 768, 5], [99_999]]
    for sizes in splits {
      var crc: UInt32 = 0
      for piece in Self.split(data, sizes: sizes) {
        crc = Self.crc32c(piece, seed: crc)
      }
      #expect(crc == oneShot, "split sizes \(sizes)")
    }
    // Prefixes of every length up to 300 chain with the rest.
    let short = Array(data.prefix(300))
    let shortOneShot = Self.crc32c(short)
    for cut in 0...short.count {
      let first = Self.crc32c(Array(short[..<cut]))
      #expect(Self.crc32c(Array(short[cut...]), seed: first) == shortOneShot, "cut \(cut)")
    }
  }

  @Test func crc32cImplementationFlag() {
    let flag = pledge_crc32c_is_hardware()
    #expect(flag == 0 || flag == 1)
  }

  // MARK: SHA-256

  @Test func sha256Empty() {
    #expect(
      Self.sha256Hex([UInt8]())
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func sha256ABC() {
    #expect(
      Self.sha256Hex(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func sha256TwoBlockMessage() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(
      Self.sha256Hex(Array(message.utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func sha256MillionA() {
    let data = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(Self.sha256Hex(data) == expected)
    #expect(Self.sha256Hex(Self.split(data, sizes: [1, 63, 64, 65, 4096, 100_000])) == expected)
  }

  @Test func sha256ChunkedEqualsOneShot() {
    let data = Self.pseudoRandomBytes(count: 10_000, seed: 7)
    let oneShot = Self.sha256Hex(data)
    let splits: [[Int]] = [[1], [3, 61], [63], [64], [65], [55, 56, 57], [128, 1], [9_999]]
    for sizes in splits {
      #expect(Self.sha256Hex(Self.split(data, sizes: sizes)) == oneShot, "split sizes \(sizes)")
    }
    // Empty updates are no-ops.
    #expect(Self.sha256Hex([[], Array(data[..<100]), [], Array(data[100...]), []]) == oneShot)
  }

  @Test func sha256PaddingBoundaries() {
    // Runs of "a" around the 55/56/64-byte padding boundaries (expected values from
    // Python's hashlib), one-shot and byte-at-a-time.
    let expected: [(Int, String)] = [
      (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
      (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
      (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
      (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
      (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
      (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
      (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
      (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
      (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ]
    for (length, hex) in expected {
      let data = [UInt8](repeating: UInt8(ascii: "a"), count: length)
      #expect(Self.sha256Hex(data) == hex, "length \(length)")
      #expect(Self.sha256Hex(Self.split(data, sizes: [1])) == hex, "length \(length), bytewise")
    }
  }

  @Test func sha256ImplementationFlag() {
    let flag = pledge_sha256_is_hardware()
    #expect(flag == 0 || flag == 1)
  }
}
