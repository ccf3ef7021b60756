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
    let valueTypes = EventCodes.valueTypes
    do {
      while !reader.isAtEnd {
        let head = try EventCodes.readHead(from: &reader, first: first)
        let code = head.code
        if let id = head.id { record = String(decoding: id, as: UTF8.self) }
        first = false
        line += head.lineStep
        let value: EventValue
        switch valueTypes[code] {
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
        case .period: value = .period(try decodeLabelled(&reader))
        case .dayKind: value = .dayKind(try decodeLabelled(&reader))
        }
        try sink.receive(
          RecordedEvent(
            event: Event(head.kind, record, value), batch: batch, line: line,
            isCorrection: head.isCorrection))
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
