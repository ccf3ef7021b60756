/// Writes events as the JSON Lines of `pledge events`, straight from the log's bytes into one
/// reused buffer: no `String`, `EventValue` or `JSONObject` per event. The bytes are exactly
/// those of `EventsCommand.json` (pinned by `EventStreamTests`): the same field order, the
/// same escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX` for other control characters), and
/// text that is not valid UTF-8 goes through the `String` path (replacement characters).
struct EventJSONWriter: RawEventSink {
  private let console: Console
  private let out = BlockBuffer(capacity: EventJSONWriter.flushAt + 4096)
  /// Per batch: `{"batch":N,"source":"`, `","file":"F","line":` and `,"id":"N.`.
  private var batchHead: [UInt8] = []
  private var fileField: [UInt8] = []
  private var idHead: [UInt8] = []
  private var position = 0
  /// The day last formatted (`YYYY-MM-DD`), reused by the next time of the same day.
  private var cachedDay = Int.min
  private var cachedDate = [UInt8](repeating: 0, count: 10)

  static let flushAt = 1 << 20

  /// Per storage code: the source's name and `,"type":"T","record":` (ASCII constants).
  private static let sourceNames: [[UInt8]] = (0..<EventKind.codeCount).map { code in
    EventKind(code: UInt16(code)).map { Array($0.source.description.utf8) } ?? []
  }
  private static let typeFields: [[UInt8]] = (0..<EventKind.codeCount).map { code in
    EventKind(code: UInt16(code)).map { Array(",\"type\":\"\($0.name)\",\"record\":".utf8) } ?? []
  }
  /// Per value type and code, an enumeration's word, quoted.
  private static let words: [[[UInt8]]] = (0...Int(ValueType.dayKind.rawValue)).map { raw in
    func quoted<T: Labelled>(_: T.Type) -> [[UInt8]] {
      [[]] + T.allCases.sorted { $0.rawValue < $1.rawValue }.map { Array(JSONObject.quote($0.word).utf8) }
    }
    switch ValueType(rawValue: UInt8(raw))! {
    case .unitClass: return quoted(UnitClass.self)
    case .zone: return quoted(Zone.self)
    case .visitKind: return quoted(VisitKind.self)
    case .matter: return quoted(Matter.self)
    case .complaintKind: return quoted(ComplaintKind.self)
    case .period: return quoted(Period.self)
    case .dayKind: return quoted(DayKind.self)
    default: return []
    }
  }

  init(console: Console) { self.console = console }

  mutating func begin(_ batch: BatchInfo) throws {
    batchHead = Array("{\"batch\":\(batch.number),\"source\":\"".utf8)
    fileField = Array("\",\"file\":\(JSONObject.quote(batch.provenance.fileName)),\"line\":".utf8)
    idHead = Array(",\"id\":\"\(batch.number).".utf8)
    position = 0
  }

  mutating func receive(_ event: RawEvent) throws {
    position += 1
    // The fixed parts and numbers take at most 400 bytes; a byte of text at most six (an
    // escape, or a replacement character for a byte that is not UTF-8).
    out.reserve(400 + batchHead.count + fileField.count + idHead.count + 6 * (event.id.count + event.text.count))
    var w = BlockBuffer.Cursor(out.end)
    w.bytes(batchHead)
    w.bytes(EventJSONWriter.sourceNames[event.code])
    w.bytes(fileField)
    w.decimal(Int64(event.line))
    w.bytes(EventJSONWriter.typeFields[event.code])
    Self.quote(event.id, &w)
    w.bytes(#","value":"#)
    switch event.valueType {
    case .none: w.bytes("null")
    case .integer: w.decimal(event.number)
    case .flag: w.bytes(event.number == 1 ? "true" : "false")
    case .text: Self.quote(event.text, &w)
    case .instant: instant(event.number, &w)
    case .date: date(Int(event.number), &w)
    case .money:
      w.byte(UInt8(ascii: "\""))
      Money(fen: event.number).write(to: &w)
      w.byte(UInt8(ascii: "\""))
    case .unitClass, .zone, .visitKind, .matter, .complaintKind, .period, .dayKind:
      w.bytes(EventJSONWriter.words[Int(event.valueType.rawValue)][Int(event.number)])
    }
    w.bytes(event.isCorrection ? #","correction":true"# : #","correction":false"#)
    w.bytes(idHead)
    w.decimal(Int64(position))
    w.bytes("\"}\n")
    out.advance(to: w.position)
    if out.count >= EventJSONWriter.flushAt { try flush() }
  }

  /// Writes out what is buffered.
  mutating func flush() throws {
    try console.write(UnsafeRawBufferPointer(start: out.start, count: out.count))
    out.advance(to: out.start)
  }

  /// Writes out what is buffered, and what the console holds.
  mutating func finish() throws {
    try flush()
    try console.flush()
  }

  /// `"YYYY-MM-DD HH:MM:SS"`, the date part reused while the day stays the same.
  private mutating func instant(_ seconds: Int64, _ w: inout BlockBuffer.Cursor) {
    let instant = Instant(secondsSinceEpoch: seconds)
    let day = instant.date.dayNumber
    guard day == cachedDay || refreshDate(day) else { return Self.fallback(instant.description, &w) }
    let s = instant.secondOfDay
    w.byte(UInt8(ascii: "\""))
    w.bytes(cachedDate)
    w.byte(UInt8(ascii: " "))
    w.twoDigits(s / 3600)
    w.byte(UInt8(ascii: ":"))
    w.twoDigits(s / 60 % 60)
    w.byte(UInt8(ascii: ":"))
    w.twoDigits(s % 60)
    w.byte(UInt8(ascii: "\""))
  }

  private mutating func date(_ day: Int, _ w: inout BlockBuffer.Cursor) {
    guard day == cachedDay || refreshDate(day) else {
      return Self.fallback(CivilDate(dayNumber: day).description, &w)
    }
    w.byte(UInt8(ascii: "\""))
    w.bytes(cachedDate)
    w.byte(UInt8(ascii: "\""))
  }

  /// Formats `day` into the cache; false for a year outside 0…9999 (another format).
  private mutating func refreshDate(_ day: Int) -> Bool {
    let date = CivilDate(dayNumber: day)
    guard (0...9999).contains(date.components.year) else { return false }
    cachedDate.removeAll(keepingCapacity: true)
    date.appendISO(to: &cachedDate)
    cachedDay = day
    return true
  }

  /// A value as `EventsCommand.json` quotes its display text (within the room `receive`
  /// reserved: a short value, or a text of at most six bytes a byte).
  private static func fallback(_ text: String, _ w: inout BlockBuffer.Cursor) {
    w.bytes(Array(JSONObject.quote(text).utf8))
  }

  /// `bytes` as a JSON string, as `JSONObject.quote` writes the text they decode to.
  private static func quote(_ bytes: UnsafeRawBufferPointer, _ w: inout BlockBuffer.Cursor) {
    var plain = true
    var ascii = true
    for b in bytes {
      if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { plain = false }
      if b >= 0x80 { ascii = false }
    }
    guard ascii || UTF8Validation.firstInvalidOffset(bytes) == nil else {
      // Not valid UTF-8 (never written by ingest): decoded with replacement characters.
      return fallback(String(decoding: bytes, as: UTF8.self), &w)
    }
    w.byte(UInt8(ascii: "\""))
    if plain {
      w.bytes(bytes)
    } else {
      for b in bytes { escaped(b, &w) }
    }
    w.byte(UInt8(ascii: "\""))
  }

  /// One byte of a JSON string, escaped as `JSONObject.quote` escapes it (at most six bytes).
  @inline(__always)
  private static func escaped(_ b: UInt8, _ w: inout BlockBuffer.Cursor) {
    switch b {
    case UInt8(ascii: "\""): w.bytes("\\\"")
    case UInt8(ascii: "\\"): w.bytes("\\\\")
    case UInt8(ascii: "\n"): w.bytes("\\n")
    case UInt8(ascii: "\r"): w.bytes("\\r")
    case UInt8(ascii: "\t"): w.bytes("\\t")
    case 0..<0x20:
      let hex: StaticString = "0123456789abcdef"
      w.bytes("\\u00")
      w.byte(hex.utf8Start[Int(b >> 4)])
      w.byte(hex.utf8Start[Int(b & 15)])
    default: w.byte(b)
    }
  }
}
