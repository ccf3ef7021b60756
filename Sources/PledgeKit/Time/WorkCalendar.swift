/// The official working-day calendar (SPEC 2.1): a date is a working day when it is Monday to
/// Friday and not a public holiday, or when it is a make-up working day (调休上班) on a weekend.
///
/// The arrangements are published one year at a time, so the calendar knows which years it
/// covers; asking about any other year is a `CalendarGap`, never a weekends-only guess.
/// Lookups are table-driven (a working-day flag and a running count per day), so the N-th
/// working day after a date is two array reads.
public struct WorkCalendar: Sendable {
  public struct Entry: Sendable, Equatable {
    public let date: CivilDate
    public let kind: DayKind
    public let name: String

    public init(date: CivilDate, kind: DayKind, name: String) {
      self.date = date
      self.kind = kind
      self.name = name
    }
  }

  /// The arrangements, by date; a later entry for the same date overrides an earlier one.
  public let entries: [CivilDate: Entry]
  /// A year is covered when the calendar holds any date of it (SPEC §7.10).
  public let coveredYears: Set<Int>

  private let tableStart: Int
  private let isWorking: [Bool]
  /// workingCount[i] = working days in tableStart ..< tableStart + i.
  private let workingCount: [Int32]
  /// Day offsets (from tableStart) of the working days, in order.
  private let workingDays: [Int32]

  public init(entries list: [Entry]) {
    var entries: [CivilDate: Entry] = [:]
    for entry in list { entries[entry.date] = entry }
    self.entries = entries
    let years = Set(entries.keys.map(\.year))
    coveredYears = years
    guard let first = years.min(), let last = years.max() else {
      tableStart = 0
      isWorking = []
      workingCount = [0]
      workingDays = []
      return
    }
    let start = CivilDate(year: first, month: 1, day: 1)!
    let end = CivilDate(year: last, month: 12, day: 31)!
    tableStart = start.dayNumber
    var isWorking: [Bool] = []
    var workingCount: [Int32] = [0]
    var workingDays: [Int32] = []
    isWorking.reserveCapacity(end - start + 1)
    for offset in 0...(end - start) {
      let date = start.adding(days: offset)
      let working: Bool
      switch entries[date]?.kind {
      case .off?: working = false
      case .work?: working = true
      case nil: working = !date.isWeekend
      }
      isWorking.append(working)
      if working { workingDays.append(Int32(offset)) }
      workingCount.append(Int32(workingDays.count))
    }
    self.isWorking = isWorking
    self.workingCount = workingCount
    self.workingDays = workingDays
  }

  /// The arrangements shipped with Pledge: 2004–2026.
  public static let bundled: WorkCalendar = {
    var entries: [Entry] = []
    for var text in [bundledCalendar2004to2019CSV, bundledCalendar2020to2026CSV] {
      entries += text.withUTF8 { bytes in
        try? WorkCalendar.parse(UnsafeRawBufferPointer(bytes), name: "bundled calendar")
      }!
    }
    return WorkCalendar(entries: entries)
  }()

  /// The dates the store records (the calendar source), in date order.
  static func entries(of days: RecordTable<CalendarDayRecord>) -> [Entry] {
    days.records.compactMap { day in
      guard let date = day.date, let kind = day.kind else { return nil }
      return Entry(date: date, kind: kind, name: day.name ?? "")
    }.sorted { $0.date < $1.date }
  }

  /// This calendar with `more` added; their dates override this calendar's.
  public func adding(_ more: [Entry]) -> WorkCalendar {
    WorkCalendar(entries: entries.values.sorted { $0.date < $1.date } + more)
  }

  public func isWorkingDay(_ date: CivilDate) throws(CalendarGap) -> Bool {
    try requireCovered(date.year)
    return isWorking[date.dayNumber - tableStart]
  }

  /// The `n`-th working day after `date` (n ≥ 1). The date itself never counts, whatever it is.
  public func workingDay(_ n: Int, after date: CivilDate) throws(CalendarGap) -> CivilDate {
    precondition(n >= 1)
    let first = date.adding(days: 1)
    try requireCovered(first.year)
    let index = first.dayNumber - tableStart
    let target = Int(workingCount[index]) + n
    guard target <= workingDays.count else {
      throw CalendarGap(year: coveredYears.max()! + 1)
    }
    let result = CivilDate(dayNumber: tableStart + Int(workingDays[target - 1]))
    try requireCovered(from: first.year, through: result.year)
    return result
  }

  /// `date` itself when it is a working day, otherwise the next working day.
  public func firstWorkingDay(onOrAfter date: CivilDate) throws(CalendarGap) -> CivilDate {
    try requireCovered(date.year)
    let index = date.dayNumber - tableStart
    let target = Int(workingCount[index])
    guard target < workingDays.count else { throw CalendarGap(year: coveredYears.max()! + 1) }
    let result = CivilDate(dayNumber: tableStart + Int(workingDays[target]))
    try requireCovered(from: date.year, through: result.year)
    return result
  }

  private func requireCovered(_ year: Int) throws(CalendarGap) {
    guard coveredYears.contains(year) else { throw CalendarGap(year: year) }
  }

  private func requireCovered(from first: Int, through last: Int) throws(CalendarGap) {
    for year in first...max(first, last) { try requireCovered(year) }
  }
}

/// A deadline needed a year the working-day calendar does not cover.
public struct CalendarGap: Error, Equatable, Sendable {
  public let year: Int

  public var message: String {
    "the working-day calendar does not cover \(year); add the State Council's arrangements for"
      + " \(year) with 'pledge ingest calendar \(year).csv' (CSV date,kind,name; kind off or work)"
  }
}

extension WorkCalendar {
  /// The columns of the calendar source (`pledge ingest calendar`): a `--calendar` file is
  /// read by the same names.
  static var columns: [ColumnSpec] { Schemas.calendar.columns }

  /// Reads a calendar file given with `--calendar`.
  public static func load(path: String) throws(Diagnostic) -> [Entry] {
    let input = try TextInput(path: path)
    return try parse(input.text, name: input.name)
  }

  /// Parses `date,kind,name` rows; any bad row fails the whole calendar, since a wrong
  /// calendar silently moves deadlines.
  static func parse(_ text: UnsafeRawBufferPointer, name: String) throws(Diagnostic) -> [Entry] {
    let reader = CSVReader(text)
    var record = CSVRecord()
    do {
      guard try reader.read(into: &record) else {
        throw Diagnostic(file: name, "the calendar is empty; expected a header date,kind,name")
      }
      let header = record.strings
      let match = HeaderMatch(header: header, columns: columns)
      if let missing = match.missing.first {
        throw Diagnostic(
          file: name, line: record.line,
          "the calendar has no column \(missing.describedWithAliases); expected date,kind,name")
      }
      if let duplicate = match.duplicates.first {
        throw Diagnostic(
          file: name, line: record.line, column: duplicate.second + 1,
          duplicate.message(header: header))
      }
      reader.expectedFieldCount = record.count
      var entries: [Entry] = []
      while try reader.read(into: &record) {
        if let fault = record.fault {
          throw Diagnostic(file: name, line: record.line, column: fault.column, fault.message)
        }
        let dateIndex = match.indices[0]!
        let kindIndex = match.indices[1]!
        let dateText = trimmedString(record[dateIndex])
        let date: CivilDate
        do {
          date = try TimeParser.date(dateText)
        } catch {
          throw Diagnostic(
            file: name, line: record.line, column: dateIndex + 1,
            "column 'date': \(error.message), got \(quoted(dateText))")
        }
        let kindText = trimmedString(record[kindIndex])
        let kind: DayKind
        do {
          kind = try Array(kindText.utf8).withUnsafeBytes { bytes throws(ValueProblem) -> DayKind in
            try CellParser.labelled(bytes, CellParser.dayKinds)
          }
        } catch {
          throw Diagnostic(
            file: name, line: record.line, column: kindIndex + 1,
            "column 'kind': expected off (a holiday: 休息, 放假) or work (a make-up working day:"
              + " 上班, 补班), got \(quoted(kindText))")
        }
        let label = match.indices[2].map { trimmedString(record[$0]) } ?? ""
        entries.append(Entry(date: date, kind: kind, name: label))
      }
      return entries
    } catch let error as CSVFileError {
      throw Diagnostic(file: name, line: error.line, column: error.column, error.message)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(file: name, "\(error)")
    }
  }
}
