import CPledgeSupport
import Testing

/// The store's checksums run on the hardware path the CPU selects (SSE4.2 `crc32`, SHA-NI)
/// or on the portable code: both are tested here on the same inputs, each against known
/// answers and against the other, so a machine without the instructions (or with them) runs
/// code that was checked. The hardware half is skipped only where the CPU lacks it.
@Suite struct ChecksumImplementationTests {
  static let portable: Int32 = 0
  static let hardware: Int32 = 1
  static let hasCRCHardware = pledge_crc32c_is_hardware() == 1
  static let hasSHAHardware = pledge_sha256_is_hardware() == 1

  static func crc(_ implementation: Int32, _ bytes: ArraySlice<UInt8>, seed: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { pledge_crc32c_with(implementation, seed, $0.baseAddress, $0.count) }
  }

  static func sha(_ implementation: Int32, _ chunks: [ArraySlice<UInt8>]) -> [UInt8] {
    var context = pledge_sha256_ctx()
    pledge_sha256_init(&context)
    for chunk in chunks {
      chunk.withUnsafeBytes { pledge_sha256_update_with(implementation, &context, $0.baseAddress, $0.count) }
    }
    var digest = [UInt8](repeating: 0, count: 32)
    pledge_sha256_final_with(implementation, &context, &digest)
    return digest
  }

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  /// Seeded bytes, and the lengths and offsets that reach every code path: the tail loops,
  /// the 8-byte words, the three-way interleaved blocks of the hardware CRC (256 and 8192
  /// bytes) and SHA-256's 55/56/64-byte padding edges, at every alignment.
  static let data: [UInt8] = {
    var random = SeededRandom(seed: 20_260_105)
    return (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
  }()
  static let lengths = Array(0...130) + [255, 256, 257, 767, 768, 769, 1000, 4096, 8191, 8192, 8193, 24_575, 24_576, 24_577, 65_536, 99_000]

  static func implementations(_ hasHardware: Bool) -> [Int32] { hasHardware ? [portable, hardware] : [portable] }

  @Test func crcKnownAnswersOnEveryPath() {
    for implementation in Self.implementations(Self.hasCRCHardware) {
      #expect(Self.crc(implementation, Array("123456789".utf8)[...]) == 0xE306_9283, "\(implementation)")
      #expect(Self.crc(implementation, [UInt8](repeating: 0, count: 32)[...]) == 0x8A91_36AA, "\(implementation)")
      #expect(Self.crc(implementation, [UInt8](repeating: 0xFF, count: 32)[...]) == 0x62A8_AB43, "\(implementation)")
      #expect(Self.crc(implementation, (0..<32).map { UInt8($0) }[...]) == 0x46DD_794E, "\(implementation)")
      #expect(Self.crc(implementation, [][...], seed: 0x1234_5678) == 0x1234_5678, "\(implementation)")
    }
  }

  @Test(.enabled(if: hasCRCHardware, "the CPU has no SSE4.2"))
  func crcHardwareEqualsPortable() {
    for length in Self.lengths {
      for offset in [0, 1, 3, 7] where offset + length <= Self.data.count {
        let slice = Self.data[offset..<(offset + length)]
        let portable = Self.crc(Self.portable, slice)
        #expect(Self.crc(Self.hardware, slice) == portable, "length \(length), offset \(offset)")
        // Chained from a seed, and split in two, both paths agree too.
        let cut = length / 3
        let chained = Self.crc(Self.hardware, slice[(offset + cut)...], seed: Self.crc(Self.portable, slice[..<(offset + cut)]))
        #expect(chained == portable, "length \(length), offset \(offset), cut \(cut)")
      }
    }
  }

  @Test func crcPortableChains() {
    let whole = Self.crc(Self.portable, Self.data[...])
    for cut in [0, 1, 63, 64, 1000, 8192, 50_000, 99_999, 100_000] {
      let first = Self.crc(Self.portable, Self.data[..<cut])
      #expect(Self.crc(Self.portable, Self.data[cut...], seed: first) == whole, "cut \(cut)")
    }
    // The path the CPU selects is one of the two.
    let selected = Self.data.withUnsafeBytes { pledge_crc32c(0, $0.baseAddress, $0.count) }
    #expect(selected == whole)
  }

  @Test func shaKnownAnswersOnEveryPath() {
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    for implementation in Self.implementations(Self.hasSHAHardware) {
      #expect(Self.hex(Self.sha(implementation, [])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
      #expect(Self.hex(Self.sha(implementation, [Array("abc".utf8)[...]])) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
      #expect(Self.hex(Self.sha(implementation, [twoBlocks[...]])) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
      #expect(Self.hex(Self.sha(implementation, [million[...]])) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
      for (length, expected) in [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
      ] {
        #expect(Self.hex(Self.sha(implementation, [million[..<length]])) == expected, "\(implementation) \(length)")
      }
    }
  }

  @Test(.enabled(if: hasSHAHardware, "the CPU has no SHA extensions"))
  func shaHardwareEqualsPortable() {
    for length in Self.lengths {
      let slice = Self.data[1..<(1 + length)]
      let portable = Self.sha(Self.portable, [slice])
      #expect(Self.sha(Self.hardware, [slice]) == portable, "length \(length)")
      // Fed in uneven pieces, the buffered path agrees too.
      var pieces: [ArraySlice<UInt8>] = []
      var start = slice.startIndex
      var size = 1
      while start < slice.endIndex {
        let end = min(slice.endIndex, start + size)
        pieces.append(slice[start..<end])
        start = end
        size = size * 3 % 97 + 1
      }
      #expect(Self.sha(Self.hardware, pieces) == portable, "length \(length), in pieces")
      #expect(Self.sha(Self.portable, pieces) == portable, "length \(length), in pieces")
    }
  }
}
