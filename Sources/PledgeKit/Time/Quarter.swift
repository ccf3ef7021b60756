/// A calendar quarter such as 2026Q1 (January–March 2026).
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  /// 1…4.
  public let number: Int

  public init?(year: Int, number: Int) {
    guard (1...4).contains(number), (1900...9999).contains(year) else { return nil }
    self.year = year
    self.number = number
  }

  /// Parses `2026Q1` (also `2026q1` and `2026-Q1`).
  public init?(_ text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count == 6 || bytes.count == 7 else { return nil }
    let digits = bytes.prefix(4)
    guard digits.allSatisfy(isDigit) else { return nil }
    var rest = bytes.dropFirst(4)
    if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
    guard rest.count == 2, rest.first == UInt8(ascii: "Q") || rest.first == UInt8(ascii: "q"),
      let last = rest.last, isDigit(last)
    else { return nil }
    let year = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    self.init(year: year, number: Int(last - 48))
  }

  public init(containing date: CivilDate) {
    let (y, m, _) = date.components
    year = y
    number = (m - 1) / 3 + 1
  }

  public static func < (a: Quarter, b: Quarter) -> Bool {
    (a.year, a.number) < (b.year, b.number)
  }

  public var description: String { "\(year)Q\(number)" }

  public var firstDay: CivilDate { CivilDate(year: year, month: number * 3 - 2, day: 1)! }
  /// Computed directly, not as the day before `next`: 9999Q4 has no next quarter.
  public var lastDay: CivilDate {
    let month = number * 3
    return CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))!
  }
  public var start: Instant { firstDay.start }
  public var end: Instant { lastDay.end }

  public var months: [YearMonth] {
    (0..<3).map { YearMonth(year: year, month: number * 3 - 2 + $0)! }
  }

  public var next: Quarter {
    number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)!
  }

  public var previous: Quarter {
    number == 1 ? Quarter(year: year - 1, number: 4)! : Quarter(year: year, number: number - 1)!
  }

  public func contains(_ instant: Instant) -> Bool { contains(instant.date) }
  public func contains(_ date: CivilDate) -> Bool { date >= firstDay && date <= lastDay }
}

/// A calendar month such as 2026-02.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init?(year: Int, month: Int) {
    guard (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  public init(containing date: CivilDate) {
    let (y, m, _) = date.components
    year = y
    month = m
  }

  public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

  public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
  public var lastDay: CivilDate {
    CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))!
  }

  public var next: YearMonth {
    month == 12 ? YearMonth(year: year + 1, month: 1)! : YearMonth(year: year, month: month + 1)!
  }

  /// `YYYY-MM`.
  public var description: String {
    var bytes: [UInt8] = []
    appendDigits(year, width: 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(month, width: 2, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
