import Glibc
import Testing

@testable import PledgeKit

/// The CSV reader against SPEC 1.1: quoting, line ends, the line where each record starts,
/// per-record faults that let reading go on, and the one fault that fails the file.
@Suite struct CSVReaderTests {
  // MARK: Shapes

  /// Input → the fields of every record, in order.
  static let shapes: [(String, [[String]])] = [
    ("a,b,c\n", [["a", "b", "c"]]),
    ("a,\"b,c\",d\n", [["a", "b,c", "d"]]),
    ("a,\"b\"\"c\"\n", [["a", "b\"c"]]),
    ("\"\"\"\"\n", [["\""]]),
    ("\"\"\"a\"\"\"\n", [["\"a\""]]),
    ("\"a,\"\"b\"\"\nc\"\n", [["a,\"b\"\nc"]]),
    ("\"line1\nline2\",x\n", [["line1\nline2", "x"]]),
    ("\"line1\r\nline2\",x\r\n", [["line1\r\nline2", "x"]]),
    ("\"cr\ronly\",x\n", [["cr\ronly", "x"]]),
    // Line ends: \n, \r\n, mixed, a lone \r, none at the end.
    ("a,b\nc,d\n", [["a", "b"], ["c", "d"]]),
    ("a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
    ("a,b\nc,d\r\ne,f\n", [["a", "b"], ["c", "d"], ["e", "f"]]),
    ("a\rb\r", [["a"], ["b"]]),
    ("a,b\nc,d", [["a", "b"], ["c", "d"]]),
    ("a,b\r\nc,\"d\"", [["a", "b"], ["c", "d"]]),
    // Byte-order mark and blank lines.
    ("\u{FEFF}a,b\n", [["a", "b"]]),
    ("\u{FEFF}\"a\",b\n", [["a", "b"]]),
    ("\u{FEFF}", []),
    ("", []),
    ("\n\r\n\r", []),
    ("a\n\nb\n\r\n\rc", [["a"], ["b"], ["c"]]),
    ("a,b\n\u{FEFF}c\n", [["a", "b"], ["\u{FEFF}c"]]),
    // Empty fields and a trailing comma.
    (",,\n", [["", "", ""]]),
    ("a,b,\n", [["a", "b", ""]]),
    ("a,b,", [["a", "b", ""]]),
    (",a\n", [["", "a"]]),
    ("\"\"\n", [[""]]),
    ("\"\",\"\"\n", [["", ""]]),
    ("a,\"\"\n", [["a", ""]]),
    // A quote inside an unquoted field is a literal character (Python's csv does the same).
    ("a\"b,c\n", [["a\"b", "c"]]),
    ("ab\"\n", [["ab\""]]),
    ("a\"\"b\n", [["a\"\"b"]]),
    (" \"a\" ,b\n", [[" \"a\" ", "b"]]),
    // The reader neither trims nor interprets.
    ("  a  , b \n", [["  a  ", " b "]]),
    ("\ta,NULL,\\N\n", [["\ta", "NULL", "\\N"]]),
    ("投诉,\"内容,摘要\"\n", [["投诉", "内容,摘要"]]),
  ]

  @Test(arguments: shapes)
  func fieldsOfEveryRecord(input: String, expected: [[String]]) {
    let outcome = readCSV(input)
    #expect(outcome.error == nil)
    #expect(outcome.rows.map(\.fields) == expected)
    #expect(outcome.rows.allSatisfy { $0.fault == nil })
  }

  // MARK: Line numbers

  /// Input → the physical line (1-based) where each record starts.
  static let lines: [(String, [Int])] = [
    ("a\nb\nc\n", [1, 2, 3]),
    ("a\r\nb\r\nc", [1, 2, 3]),
    ("a\rb\r\nc\n", [1, 2, 3]),
    ("h\n\"x\ny\",z\nc,d\n", [1, 2, 4]),
    ("h\n\"x\r\ny\r\nz\",1\nc\n", [1, 2, 5]),
    ("h\n\"x\ry\",1\nc\n", [1, 2, 4]),
    ("h\n\"a\n\n\nb\"\nc\n", [1, 2, 6]),
    ("h\n\"\"\"\n\"\"\"\nx", [1, 2, 4]),
    ("\n\nh\n\n\nx\n", [3, 6]),
    ("\r\n\r\nh\r\n\r\nx", [3, 5]),
    ("\u{FEFF}h\nx\n", [1, 2]),
    ("h\n\"ab\"c\nx\n", [1, 2, 3]),
  ]

  @Test(arguments: lines)
  func lineWhereEachRecordStarts(input: String, expected: [Int]) {
    let outcome = readCSV(input)
    #expect(outcome.error == nil)
    #expect(outcome.rows.map(\.line) == expected)
  }

  // MARK: Record faults

  /// Input, the header's field count → every record with its fault; reading goes on.
  static let faults: [(String, Int, [Row])] = [
    (
      "\"ab\"c,d\nx,y\n", 2,
      [
        Row(1, ["abc", "d"], .textAfterClosingQuote(column: 1)),
        Row(2, ["x", "y"]),
      ]
    ),
    (
      "x,\"ab\"c\ny,z\n", 2,
      [
        Row(1, ["x", "abc"], .textAfterClosingQuote(column: 2)),
        Row(2, ["y", "z"]),
      ]
    ),
    ("\"a\"\"b\"c\"d,e\n", 2, [Row(1, ["a\"bc\"d", "e"], .textAfterClosingQuote(column: 1))]),
    ("\"ab\" ,d\n", 2, [Row(1, ["ab ", "d"], .textAfterClosingQuote(column: 1))]),
    // Only the first fault of a record is kept.
    ("\"a\"b,\"c\"d\n", 2, [Row(1, ["ab", "cd"], .textAfterClosingQuote(column: 1))]),
    ("\"ab\"c\n", 2, [Row(1, ["abc"], .textAfterClosingQuote(column: 1))]),
    (
      "a,b,c\nd,e\n", 2,
      [
        Row(1, ["a", "b", "c"], .fieldCount(expected: 2, found: 3)),
        Row(2, ["d", "e"]),
      ]
    ),
    ("a\nd,e", 2, [Row(1, ["a"], .fieldCount(expected: 2, found: 1)), Row(2, ["d", "e"])]),
    (
      "h1,h2\n\"multi\nline\",x,extra\nok,1\n", 2,
      [
        Row(1, ["h1", "h2"]),
        Row(2, ["multi\nline", "x", "extra"], .fieldCount(expected: 2, found: 3)),
        Row(4, ["ok", "1"]),
      ]
    ),
    (
      "h1,h2\r\n1,\"x\"y\r\n2,z\r\n", 2,
      [
        Row(1, ["h1", "h2"]),
        Row(2, ["1", "xy"], .textAfterClosingQuote(column: 2)),
        Row(3, ["2", "z"]),
      ]
    ),
  ]

  @Test(arguments: faults)
  func recordFaultsRejectOnlyTheirRecord(input: String, fieldCount: Int, expected: [Row]) {
    let outcome = readCSV(input, expectedFieldCount: fieldCount)
    #expect(outcome.error == nil)
    #expect(outcome.rows == expected)
  }

  @Test func faultColumnsAndMessages() {
    #expect(CSVRecordFault.fieldCount(expected: 2, found: 3).column == 3)
    #expect(CSVRecordFault.fieldCount(expected: 5, found: 1).column == 2)
    #expect(CSVRecordFault.textAfterClosingQuote(column: 4).column == 4)
    #expect(
      CSVRecordFault.fieldCount(expected: 2, found: 3).message
        == "expected 2 fields as in the header, found 3; quote fields that contain commas")
    #expect(
      CSVRecordFault.textAfterClosingQuote(column: 1).message
        == "text after a closing quote; a quote inside a quoted field must be doubled (\"\")")
  }

  @Test func withoutExpectedCountAnyFieldCountIsFine() {
    let outcome = readCSV("a\nb,c\nd,e,f\n")
    #expect(outcome.rows == [Row(1, ["a"]), Row(2, ["b", "c"]), Row(3, ["d", "e", "f"])])
  }

  // MARK: File faults

  /// Input → the records read before the error, and the error.
  static let unterminated: [(String, [[String]], CSVFileError)] = [
    ("a,\"b\n", [], .unterminatedQuote(line: 1, column: 2)),
    ("\"", [], .unterminatedQuote(line: 1, column: 1)),
    ("a,b,\"", [], .unterminatedQuote(line: 1, column: 3)),
    ("h\nx,y\n\"open\nmore\nstuff", [["h"], ["x", "y"]], .unterminatedQuote(line: 3, column: 1)),
    // A doubled quote does not close the field.
    ("h\n\"a\"\"\n", [["h"]], .unterminatedQuote(line: 2, column: 1)),
    ("h\r\n\r\n\"a\r\n", [["h"]], .unterminatedQuote(line: 3, column: 1)),
    ("\"ab\"c,\"", [], .unterminatedQuote(line: 1, column: 2)),
  ]

  @Test(arguments: unterminated)
  func quoteOpenAtEndFailsTheFile(input: String, before: [[String]], error: CSVFileError) {
    let outcome = readCSV(input)
    #expect(outcome.rows.map(\.fields) == before)
    #expect(outcome.error == error)
    #expect(outcome.error?.line == error.line)
    #expect(outcome.error?.column == error.column)
  }

  @Test func afterTheFileErrorReadingEnds() throws {
    let bytes = Array("a\n\"b".utf8)
    bytes.withUnsafeBytes { raw in
      let reader = CSVReader(raw)
      var record = CSVRecord()
      #expect((try? reader.read(into: &record)) == true)
      #expect(throws: CSVFileError.unterminatedQuote(line: 2, column: 1)) {
        try reader.read(into: &record)
      }
      #expect((try? reader.read(into: &record)) == false)
      #expect(reader.offset == bytes.count)
    }
    #expect(
      CSVFileError.unterminatedQuote(line: 2, column: 1).message
        == "a quoted field is still open at the end of the file; close it with a \" or double"
        + " the quotes inside it")
  }

  // MARK: Positions and buffers

  @Test func rawTextAndByteRangeExcludeTheLineEnd() {
    let bytes = Array("\u{FEFF}\"a\"\"b\",c\r\n\nd".utf8)
    bytes.withUnsafeBytes { raw in
      let reader = CSVReader(raw)
      var record = CSVRecord()
      #expect(reader.offset == 3)
      #expect((try? reader.read(into: &record)) == true)
      #expect(record.byteRange == 3..<11)
      #expect(record.rawText == "\"a\"\"b\",c")
      #expect(record.count == 2)
      #expect(Array(record[0]) == Array("a\"b".utf8))
      #expect(reader.offset == 13)
      #expect((try? reader.read(into: &record)) == true)
      #expect(record.byteRange == 14..<15)
      #expect(record.rawText == "d")
      #expect(record.line == 3)
      #expect((try? reader.read(into: &record)) == false)
    }
  }

  /// Quoted fields with doubled quotes go through the scratch buffer; it must grow past its
  /// first 4 KiB and serve record after record.
  @Test func longEscapedFieldsGrowTheScratchBuffer() {
    let long = String(repeating: "ab\"", count: 3000)  // 9000 bytes, 3000 quotes
    let longer = String(repeating: "\"x", count: 6000) + "\ny"
    func quote(_ s: String) -> String {
      "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
        + "\""
    }
    let input = [
      quote(long) + "," + quote(longer),
      quote("short\"") + "," + quote(long) + "tail",
      quote(longer) + ",z",
    ].joined(separator: "\n")
    let outcome = readCSV(input, expectedFieldCount: 2)
    #expect(outcome.error == nil)
    // The first record holds a quoted line break, so the next one starts on line 3.
    #expect(outcome.rows.map(\.line) == [1, 3, 4])
    #expect(outcome.rows.map(\.fault) == [nil, .textAfterClosingQuote(column: 2), nil])
    let expected = [[long, longer], ["short\"", long + "tail"], [longer, "z"]]
    // Compared as a Bool: a failure would otherwise print 50 KB of field text.
    let same = outcome.rows.map(\.fields) == expected
    #expect(same)
  }

  // MARK: Randomized

  /// Arbitrary bytes, and arbitrary mixes of the bytes that matter, read exactly as a plain
  /// reference reader reads them: the same records, lines, faults and error, never a trap.
  @Test func arbitraryInputMatchesTheReferenceReader() {
    let seed = testSeed(default: 0x5EED_C5F0)
    var random = SeededRandom(seed: seed)
    let alphabet: [[UInt8]] = [
      [0x22], [0x22], [0x22], [0x2C], [0x2C], [0x0D], [0x0A], [0x0A], [0x61], [0x62], [0x20],
      Array("投".utf8), [0xEF, 0xBB, 0xBF], [0xFF],
    ]
    for index in 0..<4000 {
      var bytes: [UInt8] = []
      let length = Int(random.next() % 48)
      if index % 3 == 0 {
        for _ in 0..<length { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
      } else {
        for _ in 0..<length { bytes += alphabet[Int(random.next() % UInt64(alphabet.count))] }
      }
      let fieldCount: Int? = index % 2 == 0 ? nil : Int(random.next() % 4) + 1
      let actual = readCSV(bytes, expectedFieldCount: fieldCount)
      let expected = ReferenceReader.read(bytes, expectedFieldCount: fieldCount)
      guard actual == expected else {
        Issue.record(
          """
          seed \(seed) (rerun with PLEDGE_TEST_SEED=\(seed)), case \(index): input \(bytes), \
          field count \(String(describing: fieldCount))
          actual:   \(actual)
          expected: \(expected)
          """)
        return
      }
      // Lines never go backwards and stay within the input.
      let physicalLines = ReferenceReader.physicalLineCount(bytes)
      let lines = actual.rows.map(\.line)
      #expect(lines == lines.sorted(), "seed \(seed), case \(index)")
      #expect(lines.allSatisfy { $0 >= 1 && $0 <= physicalLines }, "seed \(seed), case \(index)")
    }
  }

  /// `read(write(rows)) == rows` for random field contents, with each record's start line
  /// equal to the physical line where the writer began it.
  @Test func readingWhatTheWriterWroteGivesTheFieldsBack() {
    let seed = testSeed(default: 0xC5F_0517E)
    var random = SeededRandom(seed: seed)
    let pieces = ["a", "b", " ", ",", "\"", "\r", "\n", "\r\n", "投", "é", "😀", "NULL", "\t"]
    for index in 0..<2000 {
      let rowCount = Int(random.next() % 5) + 1
      var rows: [[String]] = []
      for _ in 0..<rowCount {
        let fieldCount = Int(random.next() % 5) + 1
        rows.append(
          (0..<fieldCount).map { _ in
            (0..<Int(random.next() % 5)).map { _ in
              pieces[Int(random.next() % UInt64(pieces.count))]
            }.joined()
          })
      }
      var writer = CSVWriter()
      var startLines: [Int] = []
      for row in rows {
        startLines.append(ReferenceReader.physicalLineCount(writer.bytes + [0x78]))
        writer.row(row)
      }
      let outcome = readCSV(writer.bytes)
      guard outcome.error == nil, outcome.rows.map(\.fields) == rows,
        outcome.rows.map(\.line) == startLines, outcome.rows.allSatisfy({ $0.fault == nil })
      else {
        Issue.record(
          """
          seed \(seed) (rerun with PLEDGE_TEST_SEED=\(seed)), case \(index): rows \(rows)
          written: \(String(decoding: writer.bytes, as: UTF8.self).debugDescription)
          read back: \(outcome), expected lines \(startLines)
          """)
        return
      }
    }
  }
}

// MARK: - Helpers

extension CSVReaderTests {
  /// One record as the tests compare it.
  struct Row: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var fault: CSVRecordFault?

    init(_ line: Int, _ fields: [String], _ fault: CSVRecordFault? = nil) {
      self.line = line
      self.fields = fields
      self.fault = fault
    }

    var description: String {
      "\(line):\(fields)" + (fault.map { " \($0)" } ?? "")
    }
  }
}

/// Everything a reader produced from one input.
private struct CSVReadOutcome: Equatable, CustomStringConvertible {
  var rows: [CSVReaderTests.Row]
  var error: CSVFileError?

  var description: String {
    "\(rows)" + (error.map { " then \($0)" } ?? "")
  }
}

private func readCSV(_ text: String, expectedFieldCount: Int? = nil) -> CSVReadOutcome {
  readCSV(Array(text.utf8), expectedFieldCount: expectedFieldCount)
}

private func readCSV(_ bytes: [UInt8], expectedFieldCount: Int? = nil) -> CSVReadOutcome {
  bytes.withUnsafeBytes { raw in
    let reader = CSVReader(raw)
    reader.expectedFieldCount = expectedFieldCount
    var record = CSVRecord()
    var rows: [CSVReaderTests.Row] = []
    do throws(CSVFileError) {
      while try reader.read(into: &record) {
        rows.append(CSVReaderTests.Row(record.line, record.strings, record.fault))
      }
      return CSVReadOutcome(rows: rows, error: nil)
    } catch {
      return CSVReadOutcome(rows: rows, error: error)
    }
  }
}

/// SPEC 1.1 read the plainest way: one byte at a time, into fresh arrays.
private enum ReferenceReader {
  static func read(_ input: [UInt8], expectedFieldCount: Int?) -> CSVReadOutcome {
    let quote: UInt8 = 0x22
    let comma: UInt8 = 0x2C
    let lf: UInt8 = 0x0A
    let cr: UInt8 = 0x0D
    var i = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    var rows: [CSVReaderTests.Row] = []
    func at(_ k: Int) -> UInt8? { k < input.count ? input[k] : nil }
    /// Consumes a line end at i, if any; true when there was one.
    func takeLineEnd() -> Bool {
      if at(i) == lf {
        i += 1
      } else if at(i) == cr {
        i += 1
        if at(i) == lf { i += 1 }
      } else {
        return false
      }
      line += 1
      return true
    }
    while true {
      while takeLineEnd() {}
      if i >= input.count { return CSVReadOutcome(rows: rows, error: nil) }
      let start = line
      var fields: [String] = []
      var fault: CSVRecordFault?
      while true {
        var field: [UInt8] = []
        if at(i) == quote {
          i += 1
          while true {
            guard let b = at(i) else {
              return CSVReadOutcome(
                rows: rows, error: .unterminatedQuote(line: start, column: fields.count + 1))
            }
            if b == quote {
              if at(i + 1) == quote {
                field.append(quote)
                i += 2
                continue
              }
              i += 1
              break
            }
            if b == lf || (b == cr && at(i + 1) != lf) { line += 1 }
            field.append(b)
            i += 1
          }
          if let b = at(i), b != comma, b != lf, b != cr {
            if fault == nil { fault = .textAfterClosingQuote(column: fields.count + 1) }
            while let b = at(i), b != comma, b != lf, b != cr {
              field.append(b)
              i += 1
            }
          }
        } else {
          while let b = at(i), b != comma, b != lf, b != cr {
            field.append(b)
            i += 1
          }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        if at(i) == comma {
          i += 1
          continue
        }
        _ = takeLineEnd()
        break
      }
      if fault == nil, let expected = expectedFieldCount, fields.count != expected {
        fault = .fieldCount(expected: expected, found: fields.count)
      }
      rows.append(CSVReaderTests.Row(start, fields, fault))
    }
  }

  /// 1 + the line ends in `bytes` (`\n`, `\r\n` and a lone `\r` each count once).
  static func physicalLineCount(_ bytes: [UInt8]) -> Int {
    var count = 1
    for (k, b) in bytes.enumerated()
    where b == 0x0A || (b == 0x0D && (k + 1 == bytes.count || bytes[k + 1] != 0x0A)) {
      count += 1
    }
    return count
  }
}
