/// One event as it lies in an events block: the kind's storage code, the record id and a
/// text value as bytes of the block, every other value as its storage number. Valid only
/// during the `receive` call it is handed to (the bytes belong to the mapped log).
struct RawEvent {
  var code = 0
  var kind: EventKind = .call(.received)
  var valueType: ValueType = .none
  var id = UnsafeRawBufferPointer(start: nil, count: 0)
  var line = 0
  var isCorrection = false
  /// Seconds of an instant, the day number of a date, an integer, fen, a flag (0 or 1) or an
  /// enumeration's code.
  var number: Int64 = 0
  var text = UnsafeRawBufferPointer(start: nil, count: 0)
}

/// Receives the events of a scan as bytes, without a `String` or an `EventValue` per event
/// (`pledge events` writes them straight out as JSON).
protocol RawEventSink {
  /// Called before the first event of each batch scanned.
  mutating func begin(_ batch: BatchInfo) throws
  mutating func receive(_ event: RawEvent) throws
}

/// Walks an `events` payload like `EventBlockDecoder`, with the same checks (a block that
/// decodes there decodes here to the same facts), handing each event over as bytes.
enum EventBlockScanner {
  /// The largest code of each enumerated value type (codes start at 1).
  private static let largestLabel: [Int64] = (0...Int(ValueType.dayKind.rawValue)).map { raw in
    switch ValueType(rawValue: UInt8(raw))! {
    case .unitClass: Int64(UnitClass.allCases.count)
    case .zone: Int64(Zone.allCases.count)
    case .visitKind: Int64(VisitKind.allCases.count)
    case .matter: Int64(Matter.allCases.count)
    case .complaintKind: Int64(ComplaintKind.allCases.count)
    case .period: Int64(Period.allCases.count)
    case .dayKind: Int64(DayKind.allCases.count)
    default: 0
    }
  }

  /// `texts` is scratch space for the block's string table (kept by the caller between
  /// blocks so that it is allocated once).
  static func scan<Sink: RawEventSink>(
    _ payload: UnsafeRawBufferPointer, texts: inout [UnsafeRawBufferPointer], into sink: inout Sink
  ) throws {
    var reader = ByteReader(payload)
    var event = RawEvent()
    var seconds: Int64 = 0
    var day: Int64 = 0
    var first = true
    texts.removeAll(keepingCapacity: true)
    do {
      while !reader.isAtEnd {
        let head = try EventCodes.readHead(from: &reader, first: first)
        let code = head.code
        event.code = code
        event.kind = head.kind
        if let id = head.id { event.id = id }
        first = false
        event.line += head.lineStep
        event.isCorrection = head.isCorrection
        let type = EventCodes.valueTypes[code]
        event.valueType = type
        switch type {
        case .none: event.number = 0
        case .instant:
          seconds &+= try reader.signed()
          event.number = seconds
        case .date:
          day &+= try reader.signed()
          event.number = Int64(Int(truncatingIfNeeded: day))
        case .integer: event.number = Int64(Int(truncatingIfNeeded: try reader.signed()))
        case .money: event.number = try reader.signed()
        case .text:
          let number = try reader.int()
          if number == 0 {
            event.text = try reader.bytes(try reader.int())
            texts.append(event.text)
          } else {
            guard number <= texts.count else { throw ByteReader.Malformed() }
            event.text = texts[number - 1]
          }
        case .flag:
          let b = try reader.byte()
          guard b <= 1 else { throw ByteReader.Malformed() }
          event.number = Int64(b)
        case .unitClass, .zone, .visitKind, .matter, .complaintKind, .period, .dayKind:
          let b = Int64(try reader.byte())
          guard b >= 1, b <= largestLabel[Int(type.rawValue)] else { throw ByteReader.Malformed() }
          event.number = b
        }
        try sink.receive(event)
      }
    } catch is ByteReader.Malformed {
      throw EventBlockDecoder.Malformed(offset: reader.offset)
    }
  }
}

extension FileEventStore {
  /// The latest business time in the log (SPEC §7.1), from the batches' commit records.
  /// Batches written by log format version 1 (the first ones of an upgraded log) did not
  /// record it: only they are read, as bytes.
  public func latestBusinessTime() throws -> Instant? {
    var latest = batches.compactMap(\.counts.latestBusinessTime).max()
    if let unrecorded = batches.lastIndex(where: { !$0.counts.recordsBusinessTimes }) {
      var sink = LatestBusinessTime()
      try scan(after: 0, through: unrecorded + 1, into: &sink)
      if let found = sink.latest, latest.map({ found > $0 }) ?? true { latest = found }
    }
    return latest
  }
}

/// The latest business time among the events scanned: a date counts as its 00:00:00, as
/// `EventValue.timeOrdinal` has it.
private struct LatestBusinessTime: RawEventSink {
  var latest: Instant?

  mutating func begin(_: BatchInfo) {}

  mutating func receive(_ event: RawEvent) {
    guard event.kind.isBusinessTime else { return }
    let time: Instant
    switch event.valueType {
    case .instant: time = Instant(secondsSinceEpoch: event.number)
    case .date: time = CivilDate(dayNumber: Int(event.number)).start
    default: return
    }
    if latest.map({ time > $0 }) ?? true { latest = time }
  }
}
