/// Writes CSV as SPEC 5 says: `\n` line ends, RFC 4180 quoting only where a field needs it
/// (a comma, a quote, or a line break), optionally a UTF-8 byte-order mark, and either UTF-8
/// or GB18030.
///
/// Rows are gathered in memory and encoded once by `finish()`; reports are small next to the
/// logs they summarise.
public struct CSVWriter {
  public private(set) var bytes: [UInt8] = []
  private var fieldsInRow = 0
  /// Where the current row starts in `bytes`.
  private var rowStart = 0

  public init() {}

  /// Makes room for `n` bytes of output in all.
  public mutating func reserveCapacity(_ n: Int) { bytes.reserveCapacity(n) }

  /// Appends one field to the current row.
  public mutating func field(_ value: String) {
    var value = value
    value.withUTF8 { field(UnsafeRawBufferPointer($0)) }
  }

  public mutating func field(_ value: UnsafeRawBufferPointer) {
    if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    guard CSVWriter.needsQuotes(value) else {
      bytes.append(contentsOf: value)
      return
    }
    bytes.append(quote)
    for b in value {
      if b == quote { bytes.append(quote) }
      bytes.append(b)
    }
    bytes.append(quote)
  }

  /// Whether a field holding `value` is written in quotes (RFC 4180: it holds a comma, a quote
  /// or a line end).
  @inline(__always)
  static func needsQuotes(_ value: UnsafeRawBufferPointer) -> Bool {
    value.contains { $0 == comma || $0 == quote || $0 == newline || $0 == carriageReturn }
  }

  /// Appends `count` fields already written as CSV (by another writer).
  public mutating func fields(_ written: [UInt8], count: Int) {
    written.withUnsafeBytes { fields($0, count: count) }
  }

  /// Appends `count` fields already written as CSV, from a buffer.
  public mutating func fields(_ written: UnsafeRawBufferPointer, count: Int) {
    if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
    fieldsInRow += count
    bytes.append(contentsOf: written)
  }

  /// The rows of several writers (whose rows are all ended), one after another.
  public init<C: Collection<CSVWriter>>(joining parts: C) {
    precondition(parts.allSatisfy { $0.fieldsInRow == 0 }, "only whole rows are joined")
    bytes.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
    for part in parts { bytes.append(contentsOf: part.bytes) }
    rowStart = bytes.count
  }

  /// Appends whole rows already written as CSV (each ended by a line end).
  public mutating func appendRows(_ build: (inout [UInt8]) -> Void) {
    precondition(fieldsInRow == 0, "rows are appended between rows")
    build(&bytes)
    rowStart = bytes.count
  }

  /// Appends a field of bytes that never need quoting (numbers, timestamps Pledge formats).
  public mutating func plainField(_ build: (inout [UInt8]) -> Void) {
    if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
    fieldsInRow += 1
    build(&bytes)
  }

  /// Ends the current row.
  public mutating func endRow() {
    // A row of one empty field is written `""`: a bare line end would read back as a blank
    // line, which readers skip (Python's csv writer does the same).
    if fieldsInRow == 1, bytes.count == rowStart { bytes.append(contentsOf: [quote, quote]) }
    bytes.append(newline)
    fieldsInRow = 0
    rowStart = bytes.count
  }

  /// Appends a whole row.
  public mutating func row(_ fields: [String]) {
    for f in fields { field(f) }
    endRow()
  }

  /// The finished output in the requested encoding, with a byte-order mark when asked
  /// (only for UTF-8: GB18030 files are written without one, as Excel expects).
  public func finish(encoding: TextEncoding = .utf8, byteOrderMark: Bool = false) throws -> [UInt8] {
    switch encoding {
    case .utf8:
      return byteOrderMark ? [0xEF, 0xBB, 0xBF] + bytes : bytes
    case .gb18030:
      return try GB18030.encode(bytes)
    }
  }
}

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
