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
    precondition(index >= 0 && index < mappingCount, "not a mapping of this profile")
    return BoundMapping.text(mappings + index, in: record, workspace: workspace, index: index)
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
    guard (mappings + index).pointee.pattern != nil else {
      return try timestamp(cell: bytes, workspace: workspace, allowingDate: allowingDate)
    }
    let pattern = (mappings + index).pointee.pattern.unsafelyUnwrapped
    switch pattern.match(bytes) {
    case .matched(let civil): return try zoned(civil, workspace)
    case .impossible(let problem): throw problem
    case .noMatch:
      do {
        return try timestamp(cell: bytes, workspace: workspace, allowingDate: allowingDate)
      } catch .notATimestamp {
        throw notPattern(index, isDate: false)
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
    let written = try allowingDate ? TimeParser.writtenOrDate(bytes) : TimeParser.written(bytes)
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
        throw notPattern(index, isDate: true)
      }
    }
  }

  /// Mapping `index`'s value matches neither its pattern nor a form of SPEC 1.2.
  private func notPattern(_ index: Int, isDate: Bool) -> ValueProblem {
    let pattern = profile.mappings[index].pattern!
    return .notPattern(pattern: pattern.text, example: pattern.example, isDate: isDate)
  }

  /// A civil time on the export's clocks, as one instant or the two of a fall-back hour. The
  /// common case — the same stretch of steady offset as the last value — is two comparisons.
  @inline(__always)
  private func zoned(
    _ civil: CivilDateTime, _ workspace: ProfileWorkspace
  ) throws(ValueProblem) -> TimeReading {
    guard hasZone else { return .instant(try TimeParser.inRange(civil.asChinaStandardTime)) }
    let local = civil.secondsSinceEpoch
    let cache = workspace.zoneCache
    if local >= cache.pointee.lower, local < cache.pointee.upper {
      return .instant(try TimeParser.inRange(Instant(unixTime: local - cache.pointee.offset)))
    }
    return try zonedLookup(civil, cache)
  }

  @inline(never)
  private func zonedLookup(
    _ civil: CivilDateTime, _ cache: UnsafeMutablePointer<ZoneCache>
  ) throws(ValueProblem) -> TimeReading {
    let zone = zone!
    switch zone.resolve(civil, cache: &cache.pointee) {
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
