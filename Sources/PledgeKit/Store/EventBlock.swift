/// Encodes events into the payload of one `events` frame (EVENT-LOG.md, "Event blocks").
///
/// Compactness comes from context within the block: a record id is written once for a run of
/// events about the same record, times are deltas from the previous time in the block, lines
/// are deltas from the previous line, and each distinct text value is written once and then
/// referenced by number.
struct EventBlockEncoder {
  private(set) var writer = ByteWriter(capacity: 1 << 16)
  private(set) var eventCount = 0
  private var previousRecord = ""
  private var previousLine = 0
  private var previousSeconds: Int64 = 0
  private var previousDay = 0
  private var texts: [String: Int] = [:]
  private var textCount = 0

  var byteCount: Int { writer.bytes.count }

  /// Texts up to this many UTF-8 bytes are never entered in the string table.
  static let inlineTextLimit = 15

  mutating func append(_ event: Event, line: Int, isCorrection: Bool) {
    writer.byte(event.kind.code)
    if eventCount > 0, event.recordID == previousRecord {
      writer.varint(UInt64(0))
    } else {
      var id = event.recordID
      id.withUTF8 { utf8 in
        writer.varint(UInt64(utf8.count + 1))
        writer.bytes.append(contentsOf: utf8)
      }
      previousRecord = event.recordID
    }
    let lineDelta = Int64(line - previousLine)
    writer.varint(UInt64(bitPattern: (lineDelta << 1) ^ (lineDelta >> 63)) << 1 | (isCorrection ? 1 : 0))
    previousLine = line
    switch event.value {
    case .none: break
    case .instant(let instant):
      writer.signed(instant.secondsSinceEpoch - previousSeconds)
      previousSeconds = instant.secondsSinceEpoch
    case .date(let date):
      writer.signed(Int64(date.dayNumber - previousDay))
      previousDay = date.dayNumber
    case .integer(let value): writer.signed(Int64(value))
    case .text(let text):
      // Short texts (ids, most categories) are written inline; only long ones are worth a
      // lookup in the block's string table.
      // (Every text written out takes the next number, as readers number them.)
      if text.utf8.count <= EventBlockEncoder.inlineTextLimit {
        writer.varint(UInt64(0))
        writer.string(text)
        textCount += 1
      } else if let number = texts[text] {
        writer.varint(UInt64(number + 1))
      } else {
        writer.varint(UInt64(0))
        writer.string(text)
        texts[text] = textCount
        textCount += 1
      }
    case .flag(let value): writer.byte(value ? 1 : 0)
    case .money(let money): writer.signed(money.fen)
    case .unitClass(let v): writer.byte(v.rawValue)
    case .zone(let v): writer.byte(v.rawValue)
    case .visitKind(let v): writer.byte(v.rawValue)
    case .matter(let v): writer.byte(v.rawValue)
    case .complaintKind(let v): writer.byte(v.rawValue)
    }
    eventCount += 1
  }
}

/// Receives decoded events. Replaying into a concrete sink (a projection) lets the compiler
/// fold each event as it is decoded, with no call through a closure per event.
protocol EventSink {
  mutating func receive(_ event: RecordedEvent) throws
}

/// A sink that hands each event to a closure.
struct ClosureSink: EventSink {
  let body: (RecordedEvent) throws -> Void

  @inline(__always)
  func receive(_ event: RecordedEvent) throws { try body(event) }
}

extension Projection: EventSink {
  @inline(__always)
  mutating func receive(_ event: RecordedEvent) { apply(event) }
}

/// Decodes one `events` frame payload, handing each event to a sink.
enum EventBlockDecoder {
  struct Malformed: Error {
    /// Offset within the payload where decoding failed.
    let offset: Int
  }

  /// Kind and value type per storage code, looked up once per event.
  private static let kinds: [EventKind?] = (0...255).map { EventKind(code: UInt8($0)) }
  private static let valueTypes: [ValueType] = kinds.map { $0?.valueType ?? .none }

  static func decode(
    _ payload: UnsafeRawBufferPointer, batch: Int,
    _ body: (RecordedEvent) throws -> Void
  ) throws {
    try withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      try decode(payload, batch: batch, into: &sink)
    }
  }

  static func decode<Sink: EventSink>(
    _ payload: UnsafeRawBufferPointer, batch: Int, into sink: inout Sink
  ) throws {
    var reader = ByteReader(payload)
    var record = ""
    var line = 0
    var seconds: Int64 = 0
    var day = 0
    var texts: [String] = []
    var first = true
    let kinds = EventBlockDecoder.kinds
    let valueTypes = EventBlockDecoder.valueTypes
    do {
      while !reader.isAtEnd {
        let code = try reader.byte()
        guard let kind = kinds[Int(code)] else { throw ByteReader.Malformed() }
        let idLength = try reader.int()
        if idLength == 0 {
          guard !first else { throw ByteReader.Malformed() }
        } else {
          record = String(decoding: try reader.bytes(idLength - 1), as: UTF8.self)
        }
        first = false
        let lineField = try reader.varint()
        let zigzag = lineField >> 1
        line += Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        let value: EventValue
        switch valueTypes[Int(code)] {
        case .none: value = .none
        case .instant:
          seconds &+= try reader.signed()
          value = .instant(Instant(secondsSinceEpoch: seconds))
        case .date:
          day &+= Int(try reader.signed())
          value = .date(CivilDate(dayNumber: day))
        case .integer: value = .integer(Int(try reader.signed()))
        case .text:
          let number = try reader.int()
          if number == 0 {
            let text = try reader.string()
            texts.append(text)
            value = .text(text)
          } else {
            guard number <= texts.count else { throw ByteReader.Malformed() }
            value = .text(texts[number - 1])
          }
        case .flag:
          let b = try reader.byte()
          guard b <= 1 else { throw ByteReader.Malformed() }
          value = .flag(b == 1)
        case .money: value = .money(Money(fen: try reader.signed()))
        case .unitClass: value = .unitClass(try decodeLabelled(&reader))
        case .zone: value = .zone(try decodeLabelled(&reader))
        case .visitKind: value = .visitKind(try decodeLabelled(&reader))
        case .matter: value = .matter(try decodeLabelled(&reader))
        case .complaintKind: value = .complaintKind(try decodeLabelled(&reader))
        }
        try sink.receive(
          RecordedEvent(
            event: Event(kind, record, value), batch: batch, line: line,
            isCorrection: lineField & 1 == 1))
      }
    } catch is ByteReader.Malformed {
      throw Malformed(offset: reader.offset)
    }
  }

  @inline(__always)
  private static func decodeLabelled<T: Labelled>(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> T {
    guard let value = T(rawValue: try reader.byte()) else { throw ByteReader.Malformed() }
    return value
  }
}
