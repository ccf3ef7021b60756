/// An import profile bound to one file's header, with the reading thread's working memory: the
/// row reader's way into a profile (SPEC 1.5). A class, so that the hot loop reaches the bound
/// profile through one reference instead of copying the value for every cell.
final class ProfileReader {
  let bound: BoundProfile
  let workspace: ProfileWorkspace
  /// The profile names a time zone: a civil time in a column found by name is in it too.
  var hasZone: Bool { bound.hasZone }

  init(_ bound: BoundProfile) {
    self.bound = bound
    workspace = bound.makeWorkspace()
  }

  /// Mapping `index`'s value after `map`, trimmed; nil when not known.
  @inline(__always)
  func text(_ index: Int, in record: CSVRecord) -> UnsafeRawBufferPointer? {
    bound.text(index, in: record, workspace: workspace)
  }

  /// Mapping `index` as a date (its pattern, then SPEC 1.2); nil when not known.
  @inline(__always)
  func date(_ index: Int, in record: CSVRecord) throws(ValueProblem) -> CivilDate? {
    try bound.date(index, in: record, workspace: workspace)
  }

  /// Whether `time` reads this column (a mapping, or a column found by name in a profile with
  /// a zone); the plain parser reads the others.
  @inline(__always)
  func readsTime(_ reading: ColumnReading) -> Bool {
    switch reading {
    case .mapping: return true
    case .header: return hasZone
    case .absent: return false
    }
  }

  /// A timestamp of a plan's column: a mapping's pattern and zone, or a header column's cell
  /// in the profile's zone. Nil when not known, or for a header column without a zone (the
  /// plain parser reads it).
  @inline(__always)
  func time(_ reading: ColumnReading, allowingDate: Bool, in record: CSVRecord) throws(ValueProblem) -> TimeReading? {
    switch reading {
    case .mapping(let m, _):
      return try bound.timestamp(m, in: record, workspace: workspace, allowingDate: allowingDate)
    case .header(let column):
      guard hasZone else { return nil }
      let cell = trimmedSpaces(record[column])
      if CellParser.isNotKnown(cell) { return nil }
      return try bound.timestamp(cell: cell, workspace: workspace, allowingDate: allowingDate)
    case .absent:
      return nil
    }
  }
}
