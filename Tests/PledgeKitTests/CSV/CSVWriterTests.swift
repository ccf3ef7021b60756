import Glibc
import Testing

@testable import PledgeKit

/// The CSV writer against SPEC 5: `\n` line ends, quoting only where a field needs it, an
/// optional byte-order mark, UTF-8 or GB18030.
@Suite struct CSVWriterTests {
  /// One row's fields → the bytes written, as text.
  static let rows: [([String], String)] = [
    (["a", "b"], "a,b\n"),
    (["a,b", "c"], "\"a,b\",c\n"),
    (["say \"hi\""], "\"say \"\"hi\"\"\"\n"),
    (["\""], "\"\"\"\"\n"),
    (["x\ny"], "\"x\ny\"\n"),
    (["x\ry"], "\"x\ry\"\n"),
    (["x\r\ny", "z"], "\"x\r\ny\",z\n"),
    // Spaces, tabs, quotes-like characters and formula signs need no quoting here.
    ([" lead", "trail ", "\tt", "'=1+1", "-2"], " lead,trail ,\tt,'=1+1,-2\n"),
    (["投诉", "内容，摘要"], "投诉,内容，摘要\n"),
    (["", ""], ",\n"),
    (["a", ""], "a,\n"),
    (["", "a"], ",a\n"),
    // A lone empty field is quoted, or the row would read back as a blank line (skipped).
    ([""], "\"\"\n"),
  ]

  @Test(arguments: rows)
  func quotesOnlyWhereNeeded(fields: [String], expected: String) {
    var writer = CSVWriter()
    writer.row(fields)
    #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
  }

  @Test func rowsEndWithNewlineOnly() throws {
    var writer = CSVWriter()
    writer.row(["quarter", "unit_id"])
    writer.row(["2026Q1", "U1"])
    writer.field("x")
    writer.plainField {
      Instant(year: 2026, month: 3, day: 5, hour: 14, minute: 3)!.appendFormatted(to: &$0)
    }
    let raw = Array("a,\"b".utf8)
    raw.withUnsafeBytes { writer.field($0) }
    writer.endRow()
    let text = "quarter,unit_id\n2026Q1,U1\nx,2026-03-05 14:03:00,\"a,\"\"b\"\n"
    #expect(String(decoding: writer.bytes, as: UTF8.self) == text)
    #expect(try writer.finish() == Array(text.utf8))
    #expect(try writer.finish(encoding: .utf8, byteOrderMark: false) == Array(text.utf8))
  }

  @Test func byteOrderMarkOnlyWhenAskedAndOnlyForUTF8() throws {
    var writer = CSVWriter()
    writer.row(["投诉", "内容"])
    #expect(
      try writer.finish(byteOrderMark: true)
        == [0xEF, 0xBB, 0xBF] + Array("投诉,内容\n".utf8))
    let gb18030: [UInt8] = [0xCD, 0xB6, 0xCB, 0xDF, 0x2C, 0xC4, 0xDA, 0xC8, 0xDD, 0x0A]
    #expect(try writer.finish(encoding: .gb18030) == gb18030)
    #expect(try writer.finish(encoding: .gb18030, byteOrderMark: true) == gb18030)
  }

  @Test func emptyWriterWritesNothing() throws {
    let writer = CSVWriter()
    #expect(try writer.finish() == [])
    #expect(try writer.finish(byteOrderMark: true) == [0xEF, 0xBB, 0xBF])
    #expect(try writer.finish(encoding: .gb18030) == [])
  }

  /// GB18030 output read back through `TextInput` gives the very same UTF-8 text, including
  /// characters outside the BMP (four-byte GB18030 sequences).
  @Test func gb18030OutputDecodesBackToTheSameText() throws {
    var writer = CSVWriter()
    writer.row(["complaint_id", "summary", "fine_cny"])
    writer.row(["RX2603090001", "投诉：窗口\"态度\"差,\n要求答覆", "1500.00"])
    writer.row(["RX2603090002", "€ 😀 Ͷ é", ""])
    let encoded = try writer.finish(encoding: .gb18030)
    #expect(encoded != writer.bytes)
    let path = try CSVTestFile.make(encoded)
    defer { unlink(path) }
    let input = try TextInput(path: path)
    #expect(input.encoding == .gb18030)
    #expect(Array(input.text) == writer.bytes)
    #expect(Array(input.originalBytes) == encoded)
  }
}

/// Temporary files for the CSV and encoding tests.
enum CSVTestFile {
  struct Failure: Error {}

  /// Writes `bytes` to a new temporary file and returns its path; the caller unlinks it.
  static func make(_ bytes: [UInt8]) throws -> String {
    var template = Array("/tmp/pledge-csv-test-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw Failure() }
    defer { close(fd) }
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == bytes.count else { throw Failure() }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }
}
