/// Writes events as the JSON Lines of `pledge events`, straight from the log's bytes into one
/// reused buffer: no `String`, `EventValue` or `JSONObject` per event. The bytes are exactly
/// those of `EventsCommand.json` (pinned by `EventStreamTests`): the same field order, the
/// same escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX` for other control characters), and
/// text that is not valid UTF-8 goes through the `String` path (replacement characters).
struct EventJSONWriter: RawEventSink {
  private let console: Console
  private var out = ByteBuffer(capacity: EventJSONWriter.flushAt + 4096)
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
    // The fixed parts and numbers take at most 400 bytes; an escaped byte at most six.
    out.reserve(400 + batchHead.count + fileField.count + idHead.count + 6 * (event.id.count + event.text.count))
    out.append(batchHead)
    out.append(EventJSONWriter.sourceNames[event.code])
    out.append(fileField)
    out.decimal(Int64(event.line))
    out.append(EventJSONWriter.typeFields[event.code])
    quote(event.id)
    out.append(#","value":"#)
    switch event.valueType {
    case .none: out.append("null")
    case .integer: out.decimal(event.number)
    case .flag: out.append(event.number == 1 ? "true" : "false")
    case .text: quote(event.text)
    case .instant: instant(event.number)
    case .date: date(Int(event.number))
    case .money: fallback(Money(fen: event.number).description)
    case .unitClass, .zone, .visitKind, .matter, .complaintKind, .period, .dayKind:
      out.append(EventJSONWriter.words[Int(event.valueType.rawValue)][Int(event.number)])
    }
    out.append(event.isCorrection ? #","correction":true"# : #","correction":false"#)
    out.append(idHead)
    out.decimal(Int64(position))
    out.append("\"}\n")
    if out.count >= EventJSONWriter.flushAt { try flush() }
  }

  /// Writes out what is buffered.
  mutating func flush() throws {
    try out.withBytes { try console.write($0) }
    out.removeAll()
  }

  /// Writes out what is buffered and frees the buffer.
  mutating func finish() throws {
    defer { out.deallocate() }
    try flush()
    try console.flush()
  }

  /// `"YYYY-MM-DD HH:MM:SS"`, the date part reused while the day stays the same.
  private mutating func instant(_ seconds: Int64) {
    let instant = Instant(secondsSinceEpoch: seconds)
    let day = instant.date.dayNumber
    guard day == cachedDay || refreshDate(day) else { return fallback(instant.description) }
    let s = instant.secondOfDay
    out.byte(UInt8(ascii: "\""))
    out.append(cachedDate)
    out.byte(UInt8(ascii: " "))
    out.twoDigits(s / 3600)
    out.byte(UInt8(ascii: ":"))
    out.twoDigits(s / 60 % 60)
    out.byte(UInt8(ascii: ":"))
    out.twoDigits(s % 60)
    out.byte(UInt8(ascii: "\""))
  }

  private mutating func date(_ day: Int) {
    guard day == cachedDay || refreshDate(day) else { return fallback(CivilDate(dayNumber: day).description) }
    out.byte(UInt8(ascii: "\""))
    out.append(cachedDate)
    out.byte(UInt8(ascii: "\""))
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

  /// A value as `EventsCommand.json` quotes its display text.
  private mutating func fallback(_ text: String) {
    let quoted = JSONObject.quote(text)
    out.reserve(quoted.utf8.count)
    out.append(Array(quoted.utf8))
  }

  /// `bytes` as a JSON string, as `JSONObject.quote` writes the text they decode to.
  private mutating func quote(_ bytes: UnsafeRawBufferPointer) {
    var plain = true
    var ascii = true
    for b in bytes {
      if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { plain = false }
      if b >= 0x80 { ascii = false }
    }
    guard ascii || isValidUTF8(bytes) else {
      // Not valid UTF-8 (never written by ingest): decoded with replacement characters.
      return fallback(String(decoding: bytes, as: UTF8.self))
    }
    out.byte(UInt8(ascii: "\""))
    if plain {
      out.append(bytes)
    } else {
      for b in bytes { out.escaped(b) }
    }
    out.byte(UInt8(ascii: "\""))
  }
}

/// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF), exactly the text `String(decoding:as:)` keeps unchanged.
func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
  var i = 0
  let n = bytes.count
  func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
  while i < n {
    let b = bytes[i]
    if b < 0x80 {
      i += 1
    } else if b >= 0xC2, b <= 0xDF {
      guard continuation(1) else { return false }
      i += 2
    } else if b >= 0xE0, b <= 0xEF {
      guard continuation(1), continuation(2) else { return false }
      let c = bytes[i + 1]
      if b == 0xE0, c < 0xA0 { return false }
      if b == 0xED, c > 0x9F { return false }
      i += 3
    } else if b >= 0xF0, b <= 0xF4 {
      guard continuation(1), continuation(2), continuation(3) else { return false }
      let c = bytes[i + 1]
      if b == 0xF0, c < 0x90 { return false }
      if b == 0xF4, c > 0x8F { return false }
      i += 4
    } else {
      return false
    }
  }
  return true
}
