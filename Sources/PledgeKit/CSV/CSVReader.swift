/// A streaming RFC 4180 reader over UTF-8 bytes (SPEC 1.1).
///
/// Quoted fields may hold commas, doubled quotes and line breaks; line ends may be `\n`,
/// `\r\n` or `\r`, mixed; a last record without a line end is a record; blank lines are skipped.
/// A `"` inside an unquoted field is kept as a literal character, as Python's csv module does.
///
/// The reader scans bytes and reuses one record and one scratch buffer, so reading allocates
/// nothing per row. It does no I/O: the caller hands it the whole input (usually a mapped file)
/// and keeps that memory alive while reading.
public final class CSVReader {
  private let input: UnsafeRawBufferPointer
  private var position = 0
  private var line = 1
  private var scratch: UnsafeMutableRawPointer
  private var scratchCapacity = 4096
  private var scratchCount = 0

  /// When set (usually to the header's field count), records with another count are faulty.
  public var expectedFieldCount: Int?

  public init(_ input: UnsafeRawBufferPointer) {
    self.input = input
    scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchCapacity, alignment: 8)
    // A UTF-8 byte-order mark is skipped.
    if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { position = 3 }
  }

  deinit { scratch.deallocate() }

  /// The byte offset where the next record starts (for progress reports).
  public var offset: Int { position }

  /// Reads the next record into `record`; false at the end of the input.
  /// Throws only for a quoted field still open at the end of the input, which fails the file.
  public func read(into record: inout CSVRecord) throws(CSVFileError) -> Bool {
    let count = input.count
    guard let base = input.baseAddress else { return false }
    let p = base.assumingMemoryBound(to: UInt8.self)
    var pos = position
    // Locals, not properties, in the loop: a class's stored properties are checked for
    // exclusive access on every write.
    var currentLine = line
    defer { line = currentLine }
    // Skip blank lines.
    while pos < count {
      let b = p[pos]
      if b == newline {
        currentLine += 1
        pos += 1
      } else if b == carriageReturn {
        currentLine += 1
        pos += 1
        if pos < count, p[pos] == newline { pos += 1 }
      } else {
        break
      }
    }
    guard pos < count else {
      position = pos
      return false
    }

    record.spans.removeAll(keepingCapacity: true)
    record.fault = nil
    record.line = currentLine
    record.input = input
    scratchCount = 0
    let recordStart = pos
    var recordEnd = pos

    fields: while true {
      let fieldStart = pos
      if pos < count, p[pos] == quote {
        pos += 1
        var segmentStart = pos
        var spanStart = pos
        var inScratch = false
        var contentEnd = pos
        while true {
          while pos < count {
            let b = p[pos]
            if b == quote { break }
            if b == newline || (b == carriageReturn && (pos + 1 >= count || p[pos + 1] != newline)) {
              currentLine += 1
            }
            pos += 1
          }
          guard pos < count else {
            position = count
            throw .unterminatedQuote(line: record.line, column: record.spans.count + 1)
          }
          if pos + 1 < count, p[pos + 1] == quote {
            // A doubled quote: keep one.
            if !inScratch {
              inScratch = true
              spanStart = scratchCount
            }
            appendScratch(base + segmentStart, pos + 1 - segmentStart)
            pos += 2
            segmentStart = pos
            continue
          }
          contentEnd = pos
          pos += 1
          break
        }
        if inScratch {
          appendScratch(base + segmentStart, contentEnd - segmentStart)
        }
        // After the closing quote only a comma, a line end or the end of input may follow.
        if pos < count, p[pos] != comma, p[pos] != newline, p[pos] != carriageReturn {
          if record.fault == nil {
            record.fault = .textAfterClosingQuote(column: record.spans.count + 1)
          }
          if !inScratch {
            inScratch = true
            let start = scratchCount
            appendScratch(base + spanStart, contentEnd - spanStart)
            spanStart = start
          }
          let tailStart = pos
          while pos < count, p[pos] != comma, p[pos] != newline, p[pos] != carriageReturn {
            pos += 1
          }
          appendScratch(base + tailStart, pos - tailStart)
        }
        if inScratch {
          record.spans.append(FieldSpan(start: spanStart, end: scratchCount, isInScratch: true))
        } else {
          record.spans.append(FieldSpan(start: spanStart, end: contentEnd, isInScratch: false))
        }
      } else {
        // Unquoted: find the next ',', '\n' or '\r', eight bytes at a time.
        pos = CSVReader.nextDelimiter(in: p, from: pos, count: count)
        record.spans.append(FieldSpan(start: fieldStart, end: pos, isInScratch: false))
      }

      recordEnd = pos
      guard pos < count else { break fields }
      let b = p[pos]
      pos += 1
      if b == comma { continue fields }
      // A line end closes the record.
      currentLine += 1
      if b == carriageReturn, pos < count, p[pos] == newline { pos += 1 }
      break fields
    }

    position = pos
    record.byteRange = recordStart..<recordEnd
    record.scratch = UnsafeRawPointer(scratch)
    if record.fault == nil, let expected = expectedFieldCount, record.spans.count != expected {
      record.fault = .fieldCount(expected: expected, found: record.spans.count)
    }
    return true
  }

  /// The offset of the first ',', '\n' or '\r' at or after `start` (or `count`). Scans a
  /// word at a time: a byte equal to c makes (word ^ c·0x01…01) have a zero byte, which the
  /// classic "has zero byte" test finds; the lowest flagged byte is always a true match.
  @inline(__always)
  static func nextDelimiter(in p: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
    var pos = start
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while pos + 8 <= count {
      let word = UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self)
      let c = word ^ (ones &* UInt64(comma))
      let n = word ^ (ones &* UInt64(newline))
      let r = word ^ (ones &* UInt64(carriageReturn))
      let found = ((c &- ones) & ~c | (n &- ones) & ~n | (r &- ones) & ~r) & highs
      if found != 0 { return pos + found.trailingZeroBitCount / 8 }
      pos += 8
    }
    while pos < count {
      let b = p[pos]
      if b == comma || b == newline || b == carriageReturn { return pos }
      pos += 1
    }
    return count
  }

  private func appendScratch(_ source: UnsafeRawPointer, _ length: Int) {
    if scratchCount + length > scratchCapacity {
      var capacity = scratchCapacity * 2
      while capacity < scratchCount + length { capacity *= 2 }
      let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
      grown.copyMemory(from: scratch, byteCount: scratchCount)
      scratch.deallocate()
      scratch = grown
      scratchCapacity = capacity
    }
    (scratch + scratchCount).copyMemory(from: source, byteCount: length)
    scratchCount += length
  }
}

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// A fault that fails the whole input.
public enum CSVFileError: Error, Equatable, Sendable {
  /// A quoted field opened in the record starting at `line` is still open at the end of input.
  case unterminatedQuote(line: Int, column: Int)

  public var line: Int {
    switch self { case .unterminatedQuote(let line, _): return line }
  }
  public var column: Int {
    switch self { case .unterminatedQuote(_, let column): return column }
  }
  public var message: String {
    "a quoted field is still open at the end of the file; close it with a \" or double the"
      + " quotes inside it"
  }
}
