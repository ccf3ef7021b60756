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

final class BlockBuffer: @unchecked Sendable {
  private var storage: UnsafeMutableRawPointer
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = capacity
    storage = .allocate(byteCount: capacity, alignment: 8)
  }

  deinit { storage.deallocate() }

  /// Appends bytes.
  func append(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (storage + count).copyMemory(from: base, byteCount: bytes.count)
    count += bytes.count
  }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  /// Where the next byte goes (valid until the buffer grows).
  var end: UnsafeMutableRawPointer { storage + count }

  /// The first byte (valid until the buffer grows).
  var start: UnsafeMutableRawPointer { storage }

  /// Takes the bytes written through a cursor up to `position` (within the reserved room).
  @inline(__always)
  func advance(to position: UnsafeMutableRawPointer) {
    count = position - storage
  }

  /// Writes bytes and varints forward from a position in reserved room.
  struct Cursor {
    private(set) var position: UnsafeMutableRawPointer

    init(_ position: UnsafeMutableRawPointer) { self.position = position }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
      position.storeBytes(of: value, as: UInt8.self)
      position += 1
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
      var v = value
      while v >= 0x80 {
        byte(UInt8(truncatingIfNeeded: v) | 0x80)
        v >>= 7
      }
      byte(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    mutating func signed(_ value: Int64) {
      varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Most are a few bytes (an id, a short text): those are copied as one or two overlapping
    /// words, not through a call to memmove.
    @inline(__always)
    mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
      let n = bytes.count
      guard let base = bytes.baseAddress, n > 0 else { return }
      let target = position
      if n >= 8, n <= 16 {
        target.storeBytes(of: base.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(
          of: base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
      } else if n >= 4, n < 8 {
        target.storeBytes(of: base.loadUnaligned(as: UInt32.self), as: UInt32.self)
        target.storeBytes(
          of: base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
      } else if n < 4 {
        target.storeBytes(of: base.load(as: UInt8.self), as: UInt8.self)
        target.storeBytes(of: base.load(fromByteOffset: n / 2, as: UInt8.self), toByteOffset: n / 2, as: UInt8.self)
        target.storeBytes(of: base.load(fromByteOffset: n - 1, as: UInt8.self), toByteOffset: n - 1, as: UInt8.self)
      } else {
        target.copyMemory(from: base, byteCount: n)
      }
      position += n
    }
  }

  private func grow(to needed: Int) {
    var larger = capacity * 2
    while larger < needed { larger *= 2 }
    let grown = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 8)
    grown.copyMemory(from: storage, byteCount: count)
    storage.deallocate()
    storage = grown
    capacity = larger
  }

  func copy() -> BlockBuffer {
    let copy = BlockBuffer(capacity: capacity)
    copy.append(UnsafeRawBufferPointer(start: storage, count: count))
    return copy
  }

  var bytes: [UInt8] { Array(UnsafeRawBufferPointer(start: storage, count: count)) }
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
  private static let kinds: [EventKind?] = (0..<EventKind.codeCount).map { EventKind(code: UInt16($0)) }
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
        var code = Int(try reader.byte())
        if code == 0 {
          // The escape of a source from 8 on (never used for a code that fits one byte).
          let source = Int(try reader.byte())
          let fact = Int(try reader.byte())
          guard source >= 8, fact < 32 else { throw ByteReader.Malformed() }
          code = source << 5 | fact
          guard code < kinds.count else { throw ByteReader.Malformed() }
        }
        guard let kind = kinds[code] else { throw ByteReader.Malformed() }
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
