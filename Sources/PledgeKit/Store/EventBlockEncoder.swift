import Glibc

/// Encodes events into the payload of one `events` frame (EVENT-LOG.md, "Event blocks").
///
/// Compactness comes from context within the block: a record id is written once for a run of
/// events about the same record, times are deltas from the previous time in the block, lines
/// are deltas from the previous line, and each distinct text value is written once and then
/// referenced by number.
///
/// Ids and texts are compared by their UTF-8 bytes, never with `String ==`: Swift's `==` holds
/// canonically equivalent strings equal (`é` composed and decomposed), and taking one for the
/// other here would write another string's bytes in the log.
struct EventBlockEncoder {
  private var buffer = BlockBuffer(capacity: BatchDraft.blockTarget + 4096)
  private(set) var eventCount = 0
  /// Where the bytes of the last record id written out lie in the block: the next event's id
  /// is compared with them byte for byte.
  private var previousRecord = (offset: 0, count: 0)
  private var previousLine = 0
  private var previousSeconds: Int64 = 0
  private var previousDay = 0
  private var texts: [ByteKey: Int] = [:]
  private var textCount = 0

  var byteCount: Int { buffer.count }

  /// The encoded block.
  var bytes: [UInt8] { buffer.bytes }

  /// Texts up to this many UTF-8 bytes are never entered in the string table.
  static let inlineTextLimit = 15

  /// At most how many bytes `append` adds for an event: its record id and text, and at most
  /// ten bytes for each of the kind, the id's length, the line, and the value or its length.
  @inline(__always)
  static func maximumSize(recordID: String, value: EventValue) -> Int {
    var size = 40 + recordID.utf8.count
    if case .text(let text) = value { size += text.utf8.count }
    return size
  }

  @inline(__always)
  mutating func append(_ event: Event, line: Int, isCorrection: Bool) {
    append(code: event.kind.code, recordID: event.recordID, value: event.value, line: line, isCorrection: isCorrection)
  }

  mutating func append(code: UInt16, recordID: String, value: EventValue, line: Int, isCorrection: Bool) {
    // Written straight into the block through a cursor, after making room for the most an
    // event can take (no scratch copy, no call per field).
    if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
    var recordID = recordID
    recordID.withUTF8 { id in
      appendEvent(
        code: code, id: UnsafeRawBufferPointer(id), value: value, line: line,
        isCorrection: isCorrection)
    }
  }

  @inline(__always)
  private mutating func appendEvent(
    code: UInt16, id: UnsafeRawBufferPointer, value: EventValue, line: Int, isCorrection: Bool
  ) {
    let sameRecord =
      eventCount > 0 && id.count == previousRecord.count
      && (id.isEmpty
        || memcmp(buffer.start + previousRecord.offset, id.baseAddress!, id.count) == 0)
    var text: String?
    var textNumber = 0
    if case .text(let value) = value {
      // Short texts (ids, most categories) are written inline; only long ones are worth a
      // lookup in the block's string table. (Every text written out takes the next number,
      // as readers number them.)
      if value.utf8.count <= EventBlockEncoder.inlineTextLimit {
        text = value
        textCount += 1
      } else if let number = texts[ByteKey(value)] {
        textNumber = number + 1
      } else {
        text = value
        texts[ByteKey(value)] = textCount
        textCount += 1
      }
    }
    // At most: the kind, four varints of up to ten bytes, the id and the text.
    buffer.reserve(48 + (sameRecord ? 0 : id.count) + (text?.utf8.count ?? 0))
    var out = BlockBuffer.Cursor(buffer.end)
    if code < 256 {
      out.byte(UInt8(code))
    } else {
      // Sources from 8 on: the escape byte, then the source and the fact.
      out.byte(0)
      out.byte(UInt8(code >> 5))
      out.byte(UInt8(code & 31))
    }
    if sameRecord {
      out.varint(0)
    } else {
      out.varint(UInt64(id.count + 1))
      previousRecord = (out.position - buffer.start, id.count)
      out.bytes(id)
    }
    let lineDelta = Int64(line - previousLine)
    out.varint(UInt64(bitPattern: (lineDelta << 1) ^ (lineDelta >> 63)) << 1 | (isCorrection ? 1 : 0))
    previousLine = line
    switch value {
    case .none: break
    case .instant(let instant):
      out.signed(instant.secondsSinceEpoch - previousSeconds)
      previousSeconds = instant.secondsSinceEpoch
    case .date(let date):
      out.signed(Int64(date.dayNumber - previousDay))
      previousDay = date.dayNumber
    case .integer(let value): out.signed(Int64(value))
    case .text: out.varint(UInt64(textNumber))
    case .flag(let value): out.byte(value ? 1 : 0)
    case .money(let money): out.signed(money.fen)
    case .unitClass(let v): out.byte(v.rawValue)
    case .zone(let v): out.byte(v.rawValue)
    case .visitKind(let v): out.byte(v.rawValue)
    case .matter(let v): out.byte(v.rawValue)
    case .complaintKind(let v): out.byte(v.rawValue)
    case .period(let v): out.byte(v.rawValue)
    case .dayKind(let v): out.byte(v.rawValue)
    }
    if var text {
      text.withUTF8 { utf8 in
        out.varint(UInt64(utf8.count))
        out.bytes(UnsafeRawBufferPointer(utf8))
      }
    }
    buffer.advance(to: out.position)
    eventCount += 1
  }
}
