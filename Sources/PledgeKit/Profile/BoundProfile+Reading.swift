/// Reading one record through a bound profile: the hot path, run for every mapped cell of
/// every row. No String, no formatter, no allocation: a single placeholder is the cell's bytes
/// in place, a template is assembled in the workspace, a map compares bytes against packed
/// entries, a pattern is a token walk over the bytes.
///
/// The record must have the header's field count (a record with a fault is rejected first).
extension BoundProfile {
  /// Mapping `index`'s value in `record` after `map`, before any pattern: trimmed bytes for the
  /// column's own parser, or nil when not known (SPEC 1.1: any placeholder's cell empty, `NULL`
  /// or `\N`, or a map's `""`). The bytes are valid until the record is read over or the
  /// mapping is read again with the same workspace.
  @inline(__always)
  public func text(
    _ index: Int, in record: CSVRecord, workspace: ProfileWorkspace
  ) -> UnsafeRawBufferPointer? {
    let mapping = mappings[index]
    var bytes: UnsafeRawBufferPointer
    switch mapping.value {
    case .cell(let column):
      bytes = trimmedSpaces(record[column])
      if CellParser.isNotKnown(bytes) { return nil }
    case .constant(let isKnown):
      guard isKnown else { return nil }
      bytes = trimmedSpaces(mapping.literals[0])
    case .template(let pieces):
      guard let assembled = assemble(pieces, mapping.literals, record, index, workspace) else {
        return nil
      }
      bytes = assembled
    }
    guard let map = mapping.map else { return bytes }
    switch map.lookup(bytes) {
    case .unchanged: return bytes
    case .replaced(let replacement): return CellParser.isNotKnown(replacement) ? nil : replacement
    case .notKnown: return nil
    }
  }

  /// A template's value: its cells (trimmed) and literal text, joined and trimmed.
  private func assemble(
    _ pieces: [BoundMapping.Piece], _ literals: PackedBytes, _ record: CSVRecord, _ index: Int,
    _ workspace: ProfileWorkspace
  ) -> UnsafeRawBufferPointer? {
    var length = 0
    for piece in pieces {
      if piece.column >= 0 {
        let cell = trimmedSpaces(record[piece.column])
        if CellParser.isNotKnown(cell) { return nil }
        length += cell.count
      } else {
        length += literals[piece.literal].count
      }
    }
    let buffer = workspace.buffer(index, count: length)
    var at = 0
    for piece in pieces {
      let part = piece.column >= 0 ? trimmedSpaces(record[piece.column]) : literals[piece.literal]
      if part.count > 0 { (buffer + at).copyMemory(from: part.baseAddress!, byteCount: part.count) }
      at += part.count
    }
    let value = trimmedSpaces(UnsafeRawBufferPointer(start: buffer, count: length))
    return CellParser.isNotKnown(value) ? nil : value
  }

  /// Mapping `index` as a timestamp: its pattern first, then the forms of SPEC 1.2 (and, when
  /// `allowingDate`, a date, read as its midnight); a civil time is in the profile's zone, a
  /// value with its own offset keeps it. Nil when not known; a fall-back hour's time is an
  /// `.overlap` for `OverlapResolver`; a skipped time, or a value matching neither the pattern
  /// nor 1.2, is a bad value.
  @inline(__always)
  public func timestamp(
    _ index: Int, in record: CSVRecord, workspace: ProfileWorkspace, allowingDate: Bool = false
  ) throws(ValueProblem) -> TimeReading? {
    guard let bytes = text(index, in: record, workspace: workspace) else { return nil }
    guard let pattern = mappings[index].pattern else {
      return try timestamp(cell: bytes, workspace: workspace, allowingDate: allowingDate)
    }
    switch pattern.match(bytes) {
    case .matched(let civil): return try zoned(civil, workspace)
    case .impossible(let problem): throw problem
    case .noMatch:
      do {
        return try timestamp(cell: bytes, workspace: workspace, allowingDate: allowingDate)
      } catch .notATimestamp {
        throw .notPattern(pattern: pattern.text, example: pattern.example, isDate: false)
      }
    }
  }

  /// A known, trimmed timestamp cell of a column the profile does not map (or a mapped value
  /// without pattern), read by SPEC 1.2 in the profile's zone. Without a zone this is
  /// `TimeParser.timestamp`.
  @inline(__always)
  public func timestamp(
    cell bytes: UnsafeRawBufferPointer, workspace: ProfileWorkspace, allowingDate: Bool = false
  ) throws(ValueProblem) -> TimeReading {
    let written: WrittenTimestamp
    do {
      written = try TimeParser.written(bytes)
    } catch .notATimestamp where allowingDate {
      let date: CivilDate
      do {
        date = try TimeParser.date(bytes)
      } catch .notADate {
        throw .notATimestamp
      }
      return try zoned(CivilDateTime(date: date, secondOfDay: 0), workspace)
    }
    guard written.utcOffset == nil else {
      return .instant(try TimeParser.inRange(written.instantInChinaStandardTime))
    }
    return try zoned(written.civil, workspace)
  }

  /// Mapping `index` as a date: its pattern first (a time of day it reads is dropped), then
  /// the date forms of SPEC 1.2. Nil when not known.
  public func date(
    _ index: Int, in record: CSVRecord, workspace: ProfileWorkspace
  ) throws(ValueProblem) -> CivilDate? {
    guard let bytes = text(index, in: record, workspace: workspace) else { return nil }
    guard let pattern = mappings[index].pattern else { return try TimeParser.date(bytes) }
    switch pattern.match(bytes) {
    case .matched(let civil):
      guard civil.date.year >= 1900 else { throw .yearOutOfRange(civil.date.year) }
      return civil.date
    case .impossible(let problem): throw problem
    case .noMatch:
      do {
        return try TimeParser.date(bytes)
      } catch .notADate {
        throw .notPattern(pattern: pattern.text, example: pattern.example, isDate: true)
      }
    }
  }

  /// A civil time on the export's clocks, as one instant or the two of a fall-back hour.
  @inline(__always)
  private func zoned(_ civil: CivilDateTime, _ workspace: ProfileWorkspace) throws(ValueProblem)
    -> TimeReading
  {
    guard let zone = profile.timeZone else {
      return .instant(try TimeParser.inRange(civil.asChinaStandardTime))
    }
    switch zone.resolve(civil, cache: &workspace.zoneCache) {
    case .unique(let instant):
      return .instant(try TimeParser.inRange(instant))
    case .overlap(let earlier, let later):
      return .overlap(
        earlier: try TimeParser.inRange(earlier), later: try TimeParser.inRange(later))
    case .gap:
      throw .skippedByClockChange(time: civil.description, zone: zone.name)
    }
  }
}
