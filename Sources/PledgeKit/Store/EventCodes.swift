/// The event kinds by storage code, and how an event's code is read from an `events` block
/// (EVENT-LOG.md, "Event blocks"): one byte for the sources 0–7, or the escape byte 0 followed
/// by the source (8 on) and the fact. The decoder and the byte scanner both read codes here.
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
}
