import Testing

@testable import PledgeKit

/// Civil dates: days since 1970-01-01, the proleptic Gregorian calendar.
@Suite struct CivilDateTests {
  static let weekdays: [(String, Int)] = [
    ("1970-01-01", 4), ("1969-12-31", 3), ("1900-01-01", 1), ("2000-01-01", 6),
    ("2026-02-13", 5), ("2026-02-14", 6), ("2026-02-15", 7), ("2026-03-05", 4),
    ("2026-03-09", 1), ("2024-02-29", 4), ("9999-12-31", 5),
  ]

  @Test(arguments: weekdays)
  func isoWeekday(text: String, weekday: Int) throws {
    let date = try TimeParser.date(text)
    #expect(date.weekday == weekday)
    #expect(date.isWeekend == (weekday >= 6))
  }

  @Test func leapYearsAndMonthLengths() {
    #expect(CivilDate.isLeap(2024))
    #expect(CivilDate.isLeap(2000))
    #expect(!CivilDate.isLeap(1900))
    #expect(!CivilDate.isLeap(2026))
    #expect(!CivilDate.isLeap(2100))
    #expect(
      (1...12).map { CivilDate.daysIn(year: 2026, month: $0) }
        == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    #expect(CivilDate.daysIn(year: 2024, month: 2) == 29)
    #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
    #expect(CivilDate(year: 2026, month: 2, day: 29) == nil)
  }

  @Test func dayNumbersAndBounds() throws {
    #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
    #expect(CivilDate(year: 2026, month: 3, day: 5)?.dayNumber == 20_517)
    #expect(CivilDate(year: 1899, month: 12, day: 30)?.dayNumber == -25_569)
    let date = try #require(CivilDate(year: 2026, month: 3, day: 5))
    #expect(date.start.description == "2026-03-05 00:00:00")
    #expect(date.end.description == "2026-03-05 23:59:59")
    #expect(date.end.adding(seconds: 1) == date.adding(days: 1).start)
    #expect(date.adding(days: 27).description == "2026-04-01")
    #expect(date.adding(days: -64).description == "2025-12-31")
    #expect(CivilDate(year: 2026, month: 4, day: 1)! - date == 27)
    #expect(date.year == 2026 && date.month == 3 && date.day == 5)
    #expect(CivilDate(dayNumber: -1).description == "1969-12-31")
  }

  /// Walking day by day from 1900 to 2101, each date follows the one before it as the
  /// calendar says, and converts to its day number and back.
  @Test func everyDayFrom1900Through2100() {
    var expected = (year: 1900, month: 1, day: 1)
    var date = CivilDate(year: 1900, month: 1, day: 1)!
    var weekday = 1
    while expected.year <= 2100 {
      let components = date.components
      guard components == expected, date.weekday == weekday,
        CivilDate(year: expected.year, month: expected.month, day: expected.day) == date
      else {
        Issue.record("day \(date.dayNumber): \(components), expected \(expected)")
        return
      }
      expected.day += 1
      if expected.day > CivilDate.daysIn(year: expected.year, month: expected.month) {
        expected.day = 1
        expected.month += 1
        if expected.month > 12 {
          expected.month = 1
          expected.year += 1
        }
      }
      date = date.adding(days: 1)
      weekday = weekday % 7 + 1
    }
    #expect(date.description == "2101-01-01")
  }
}
