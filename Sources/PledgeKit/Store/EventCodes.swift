/// The event kinds by storage code, and how the head of an event is read from an `events`
/// block (EVENT-LOG.md, "Event blocks"): its code (one byte for the sources 0–7, or the escape
/// byte 0 followed by the source, 8 on, and the fact), its record id, and its line. The
/// decoder and the byte scanner both read heads here.
enum EventCodes {
  /// Kind and value type per storage code, looked up once per event.
  static let kinds: [EventKind?] = (0..<EventKind.codeCount).map { EventKind(code: UInt16($0)) }
  static let valueTypes: [ValueType] = kinds.map { $0?.valueType ?? .none }

  /// The next event's code and kind; `Malformed` for an escape that spells a code that fits
  /// one byte, or a code no kind has.
  @inline(__always)
  static func read(from reader: inout ByteReader) throws(ByteReader.Malformed) -> (code: Int, kind: EventKind) {
    var code = Int(try reader.byte())
    if code == 0 {
      let source = Int(try reader.byte())
      let fact = Int(try reader.byte())
      guard source >= 8, fact < 32 else { throw ByteReader.Malformed() }
      code = source << 5 | fact
      guard code < kinds.count else { throw ByteReader.Malformed() }
    }
    guard let kind = kinds[code] else { throw ByteReader.Malformed() }
    return (code, kind)
  }

  /// An event's head: its code and kind; its record id's bytes, nil when it is the previous
  /// event's (`first`: no event came before in the block, so one is required); how far its
  /// line is from the previous event's; and whether it corrects a value.
  @inline(__always)
  static func readHead(from reader: inout ByteReader, first: Bool) throws(ByteReader.Malformed)
    -> (code: Int, kind: EventKind, id: UnsafeRawBufferPointer?, lineStep: Int, isCorrection: Bool)
  {
    let (code, kind) = try read(from: &reader)
    let idLength = try reader.int()
    var id: UnsafeRawBufferPointer?
    if idLength == 0 {
      guard !first else { throw ByteReader.Malformed() }
    } else {
      id = try reader.bytes(idLength - 1)
    }
    let lineField = try reader.varint()
    let zigzag = lineField >> 1
    let step = Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
    return (code, kind, id, step, lineField & 1 == 1)
  }
}
