/// What a report covers: a quarter (2026Q1), or a whole year for the year-end evaluation
/// (年终总评, SPEC §7.40). An obligation belongs to the period its start S lies in.
public enum ReportPeriod: Hashable, Sendable, CustomStringConvertible {
  case quarter(Quarter)
  case year(Int)

  /// `--year 2026`: a four-digit year.
  public init?(year text: String) {
    guard text.utf8.count == 4, text.utf8.allSatisfy(isDigit), let year = Int(text),
      (1900...9999).contains(year)
    else { return nil }
    self = .year(year)
  }

  /// `2026Q1` or `2026`, as the `quarter` column of a report reads.
  public var description: String {
    switch self {
    case .quarter(let quarter): return quarter.description
    case .year(let year): return String(year)
    }
  }

  public var firstDay: CivilDate {
    switch self {
    case .quarter(let quarter): return quarter.firstDay
    case .year(let year): return CivilDate(year: year, month: 1, day: 1)!
    }
  }

  public var lastDay: CivilDate {
    switch self {
    case .quarter(let quarter): return quarter.lastDay
    case .year(let year): return CivilDate(year: year, month: 12, day: 31)!
    }
  }

  public var start: Instant { firstDay.start }
  public var end: Instant { lastDay.end }
  public var range: ClosedRange<Instant> { start...end }

  /// The months of the period, in order.
  public var months: [YearMonth] {
    switch self {
    case .quarter(let quarter): return quarter.months
    case .year(let year): return (1...12).map { YearMonth(year: year, month: $0)! }
    }
  }

  public func contains(_ instant: Instant) -> Bool { contains(instant.date) }
  public func contains(_ date: CivilDate) -> Bool { date >= firstDay && date <= lastDay }
}
