/// One record of a CSV input: field bounds into the input bytes (or into the reader's scratch
/// buffer, for quoted fields that needed unescaping), and where the record came from.
///
/// A record is reused from row to row (its arrays keep their capacity), so reading a file
/// allocates nothing per row. The field bytes are valid until the next call to
/// `CSVReader.read(into:)`.
public struct CSVRecord {
  /// The physical line (1-based) where the record starts; quoted line breaks count.
  public internal(set) var line = 0
  /// Byte offsets of the record in the input, line terminator excluded.
  public internal(set) var byteRange: Range<Int> = 0..<0
  /// The first fault of the record, if any: such a record is rejected, reading goes on.
  public internal(set) var fault: CSVRecordFault?

  var spans: [FieldSpan] = []
  var input: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
  var scratch: UnsafeRawPointer?

  public init() {}

  public var count: Int { spans.count }

  /// The bytes of field `index` (unescaped, untrimmed).
  @inline(__always)
  public subscript(index: Int) -> UnsafeRawBufferPointer {
    let span = spans[index]
    let base = span.isInScratch ? scratch! : input.baseAddress!
    return UnsafeRawBufferPointer(start: base + span.start, count: span.end - span.start)
  }

  /// Field `index` as a String (unescaped, untrimmed).
  public func string(_ index: Int) -> String {
    String(decoding: self[index], as: UTF8.self)
  }

  /// Every field as a String.
  public var strings: [String] { (0..<count).map(string) }

  /// The record as it stands in the input, line terminator excluded.
  public var rawText: String {
    String(decoding: UnsafeRawBufferPointer(rebasing: input[byteRange]), as: UTF8.self)
  }
}

struct FieldSpan {
  var start: Int
  var end: Int
  var isInScratch: Bool
}

/// What is wrong with one record. The record is rejected; the rest of the file is read.
public enum CSVRecordFault: Equatable, Sendable {
  /// The record has `found` fields where the header has `expected`.
  case fieldCount(expected: Int, found: Int)
  /// Characters follow the closing quote of field `column` (1-based), as in `"ab"c,`.
  case textAfterClosingQuote(column: Int)

  public var column: Int {
    switch self {
    case .fieldCount(let expected, let found): return min(expected, found) + 1
    case .textAfterClosingQuote(let column): return column
    }
  }

  public var message: String {
    switch self {
    case .fieldCount(let expected, let found):
      return "expected \(expected) fields as in the header, found \(found);"
        + " quote fields that contain commas"
    case .textAfterClosingQuote:
      return "text after a closing quote; a quote inside a quoted field must be doubled (\"\")"
    }
  }
}
