import Glibc
import Testing

@testable import PledgeKit

/// Reading a file as UTF-8 text (SPEC 1.1): UTF-8 when it is valid UTF-8, otherwise GB18030;
/// `--encoding` forces one; bytes that fit neither refuse the file with a position.
@Suite struct TextInputTests {
  /// "投诉" in GB18030.
  static let complaintGB18030: [UInt8] = [0xCD, 0xB6, 0xCB, 0xDF]

  @Test func utf8FileIsReadAsIs() throws {
    let bytes = Array("\u{FEFF}id,summary\n1,投诉\n".utf8)
    let path = try CSVTestFile.make(bytes)
    defer { unlink(path) }
    let input = try TextInput(path: path)
    #expect(input.name == path)
    #expect(input.encoding == .utf8)
    // The byte-order mark is left for the CSV reader to skip.
    #expect(Array(input.text) == bytes)
    #expect(Array(input.originalBytes) == bytes)
  }

  @Test func gb18030FileReadsToTheSameTextAsItsUTF8Twin() throws {
    let utf8 = Array("接警编号,摘要\r\nJJ1,\"投诉,\"\"窗口\"\"\"\r\n".utf8)
    let gb18030: [UInt8] = [
      0xBD, 0xD3, 0xBE, 0xAF, 0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xD5, 0xAA, 0xD2, 0xAA, 0x0D, 0x0A,
      0x4A, 0x4A, 0x31, 0x2C, 0x22, 0xCD, 0xB6, 0xCB, 0xDF, 0x2C, 0x22, 0x22, 0xB4, 0xB0, 0xBF,
      0xDA, 0x22, 0x22, 0x22, 0x0D, 0x0A,
    ]
    let path = try CSVTestFile.make(gb18030)
    defer { unlink(path) }
    let input = try TextInput(path: path)
    #expect(input.encoding == .gb18030)
    #expect(Array(input.text) == utf8)
    #expect(Array(input.originalBytes) == gb18030)
    let forced = try TextInput(path: path, encoding: .gb18030)
    #expect(Array(forced.text) == utf8)
    // And the writer encodes the text back to the same bytes.
    #expect(try GB18030.encode(utf8) == gb18030)
  }

  /// The repository's GB18030 fixture and its UTF-8 twin read to identical text and records.
  @Test func gb18030FixtureMatchesItsUTF8Twin() throws {
    let gb = try TextInput(path: Self.fixturesDirectory + "/complaints-2026Q1-zh.csv")
    let utf8 = try TextInput(
      path: Self.fixturesDirectory + "/encoding/complaints-2026Q1-zh-utf8.csv")
    #expect(gb.encoding == .gb18030)
    #expect(utf8.encoding == .utf8)
    #expect(Array(gb.text) == Array(utf8.text))
    #expect(gb.sha256() != utf8.sha256())
    let reader = CSVReader(gb.text)
    var record = CSVRecord()
    #expect(try reader.read(into: &record))
    #expect(record.string(0) == "投诉编号")
  }

  /// GB18030 text that happens to be valid UTF-8 is read as UTF-8 unless forced (SPEC 1.1).
  @Test func validUTF8WinsUnlessGB18030IsForced() throws {
    let path = try CSVTestFile.make([0xCD, 0xB6, 0x0A])
    defer { unlink(path) }
    let guessed = try TextInput(path: path)
    #expect(guessed.encoding == .utf8)
    #expect(String(decoding: guessed.text, as: UTF8.self) == "Ͷ\n")
    let forced = try TextInput(path: path, encoding: .gb18030)
    #expect(forced.encoding == .gb18030)
    #expect(String(decoding: forced.text, as: UTF8.self) == "投\n")
  }

  /// File bytes, forced encoding → the diagnostic, at the line and (byte) column of the fault.
  static let faults: [([UInt8], TextEncoding?, Diagnostic)] = [
    (
      Array("id,summary\n1,".utf8) + complaintGB18030 + [0x0A], .utf8,
      Diagnostic(
        line: 2, column: 5,
        "invalid UTF-8 byte sequence (the file was read as --encoding utf8) at byte 15"
          + " (CB DF 0A); re-save the file as UTF-8 or GB18030, or name its encoding with"
          + " --encoding utf8|gb18030")
    ),
    (
      Array("a,b\n1,".utf8) + [0xFF, 0x0A], nil,
      Diagnostic(
        line: 2, column: 3,
        "the file is neither UTF-8 nor GB18030 at byte 6 (FF 0A); re-save the file as UTF-8 or"
          + " GB18030, or name its encoding with --encoding utf8|gb18030")
    ),
    (
      Array("a,b\n".utf8) + [0xCD, 0xB6, 0x2C, 0xFF, 0x0A], .gb18030,
      Diagnostic(
        line: 2, column: 4,
        "invalid GB18030 byte sequence (the file was read as GB18030) at byte 7 (FF 0A);"
          + " re-save the file as UTF-8 or GB18030, or name its encoding with"
          + " --encoding utf8|gb18030")
    ),
    // A GB18030 sequence cut off at the end of the file.
    (
      Array("a\n\n".utf8) + [0xCD, 0xB6, 0xCB], .gb18030,
      Diagnostic(
        line: 3, column: 3,
        "invalid GB18030 byte sequence (the file was read as GB18030) at byte 5 (CB);"
          + " re-save the file as UTF-8 or GB18030, or name its encoding with"
          + " --encoding utf8|gb18030")
    ),
    // Lines are counted as the CSV reader counts them: a lone \r ends one too.
    (
      Array("a\rb\r\n1,".utf8) + [0xFF], nil,
      Diagnostic(
        line: 3, column: 3,
        "the file is neither UTF-8 nor GB18030 at byte 7 (FF); re-save the file as UTF-8 or"
          + " GB18030, or name its encoding with --encoding utf8|gb18030")
    ),
    (
      [0x80], nil,
      Diagnostic(
        line: 1, column: 1,
        "the file is neither UTF-8 nor GB18030 at byte 0 (80); re-save the file as UTF-8 or"
          + " GB18030, or name its encoding with --encoding utf8|gb18030")
    ),
  ]

  @Test(arguments: faults)
  func undecodableBytesRefuseTheFile(
    bytes: [UInt8], encoding: TextEncoding?, expected: Diagnostic
  ) throws {
    let path = try CSVTestFile.make(bytes)
    defer { unlink(path) }
    var expected = expected
    expected.file = path
    #expect(throws: expected) { try TextInput(path: path, encoding: encoding) }
  }

  @Test func emptyFileIsEmptyTextInEitherEncoding() throws {
    let path = try CSVTestFile.make([])
    defer { unlink(path) }
    let guessed = try TextInput(path: path)
    #expect(guessed.encoding == .utf8)
    #expect(guessed.text.count == 0)
    let forced = try TextInput(path: path, encoding: .gb18030)
    #expect(forced.encoding == .gb18030)
    #expect(forced.text.count == 0)
  }

  @Test func missingFileNamesThePath() {
    let path = "/tmp/pledge-no-such-file-\(getpid()).csv"
    do {
      _ = try TextInput(path: path)
      Issue.record("a missing file was opened")
    } catch {
      #expect(error.file == path)
      #expect(error.line == nil)
      #expect(error.message.hasPrefix("cannot open: "))
    }
  }

  @Test func sha256IsOfTheFileBytes() throws {
    let path = try CSVTestFile.make(Array("abc".utf8))
    defer { unlink(path) }
    #expect(
      try TextInput(path: path).sha256()
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  static var fixturesDirectory: String {
    var path = #filePath
    for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path + "/fixtures"
  }
}
