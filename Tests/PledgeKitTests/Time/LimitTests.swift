import Testing

@testable import PledgeKit

/// Deadlines (SPEC 2.2, §7.6, §7.7, §7.9): minutes, calendar days, working days.
@Suite struct LimitTests {
  /// Start S, limit → deadline T.
  static let deadlines: [(String, Limit, String)] = [
    // Minutes: T = S + limit, to the second, across midnight, whatever the calendar says.
    ("2026-03-05 14:03:22", .minutes(15), "2026-03-05 14:18:22"),
    ("2026-03-05 14:03:22", .minutes(0), "2026-03-05 14:03:22"),
    ("2026-03-05 23:50:00", .minutes(30), "2026-03-06 00:20:00"),
    ("2026-03-05 23:59:59", .minutes(1), "2026-03-06 00:00:59"),
    ("2026-03-05 10:00:00", .minutes(1440), "2026-03-06 10:00:00"),
    ("2026-02-16 10:00:00", .minutes(90), "2026-02-16 11:30:00"),  // a holiday changes nothing
    ("2026-12-31 23:00:00", .minutes(360), "2027-01-01 05:00:00"),  // nor does an uncovered year
    // Calendar days: the day of S does not count; T is the end of S + N days, rolled forward
    // off any non-working day; a make-up working day is a working day.
    ("2026-02-07 10:00:00", .calendarDays(7), "2026-02-14 23:59:59"),
    ("2026-03-05 00:00:00", .calendarDays(7), "2026-03-12 23:59:59"),
    ("2026-03-05 23:59:59", .calendarDays(1), "2026-03-06 23:59:59"),
    ("2026-03-02 09:00:00", .calendarDays(5), "2026-03-09 23:59:59"),  // Saturday → Monday
    ("2026-09-24 09:00:00", .calendarDays(7), "2026-10-08 23:59:59"),  // into National Day
    ("2026-09-28 09:00:00", .calendarDays(7), "2026-10-08 23:59:59"),
    ("2026-10-03 09:00:00", .calendarDays(7), "2026-10-10 23:59:59"),  // make-up Saturday stays
    ("2026-09-18 09:00:00", .calendarDays(7), "2026-09-28 23:59:59"),  // Mid-Autumn + Sunday
    ("2026-04-27 09:00:00", .calendarDays(7), "2026-05-06 23:59:59"),  // Labour Day
    ("2026-12-20 09:00:00", .calendarDays(7), "2026-12-28 23:59:59"),
    ("2022-12-24 09:00:00", .calendarDays(7), "2023-01-03 23:59:59"),  // New Year 2023
    ("2020-01-24 09:00:00", .calendarDays(7), "2020-02-03 23:59:59"),  // 2020 extension
    ("2020-01-25 09:00:00", .calendarDays(7), "2020-02-03 23:59:59"),  // 02-01 is off too
    // Working days: the end of the N-th working day after the date of S.
    ("2026-02-13 15:00:00", .workingDays(3), "2026-02-25 23:59:59"),
    ("2026-02-13 00:00:00", .workingDays(1), "2026-02-14 23:59:59"),
    ("2026-02-14 10:00:00", .workingDays(1), "2026-02-24 23:59:59"),  // from a make-up Saturday
    ("2026-02-17 10:00:00", .workingDays(1), "2026-02-24 23:59:59"),  // from a holiday
    ("2026-03-06 17:00:00", .workingDays(1), "2026-03-09 23:59:59"),  // from a Friday
    ("2026-03-07 10:00:00", .workingDays(1), "2026-03-09 23:59:59"),  // from a Saturday
    ("2026-03-09 00:00:00", .workingDays(1), "2026-03-10 23:59:59"),  // S at midnight
    ("2026-03-09 23:59:59", .workingDays(5), "2026-03-16 23:59:59"),
    ("2026-09-30 10:00:00", .workingDays(3), "2026-10-10 23:59:59"),
    ("2020-01-23 10:00:00", .workingDays(1), "2020-02-03 23:59:59"),
    ("2022-12-30 10:00:00", .workingDays(1), "2023-01-03 23:59:59"),
    ("2026-12-30 10:00:00", .workingDays(1), "2026-12-31 23:59:59"),
  ]

  @Test(arguments: deadlines)
  func deadline(start: String, limit: Limit, expected: String) throws {
    let s = try TimeParser.timestamp(start)
    #expect(try limit.deadline(from: s, calendar: .bundled).description == expected)
  }

  /// Day limits that need 2027 fail with the year to supply; with 2027 added they work.
  static let needing2027: [(String, Limit, String)] = [
    ("2026-12-31 10:00:00", .workingDays(1), "2027-01-04 23:59:59"),
    ("2026-12-30 10:00:00", .workingDays(2), "2027-01-04 23:59:59"),
    ("2026-12-28 10:00:00", .calendarDays(7), "2027-01-04 23:59:59"),
    ("2026-12-25 10:00:00", .calendarDays(7), "2027-01-04 23:59:59"),
    ("2027-01-04 10:00:00", .calendarDays(1), "2027-01-05 23:59:59"),
  ]

  @Test(arguments: needing2027)
  func uncoveredYearIsAnErrorNotAGuess(start: String, limit: Limit, covered: String) throws {
    let s = try TimeParser.timestamp(start)
    #expect(throws: CalendarGap(year: 2027)) {
      try limit.deadline(from: s, calendar: .bundled)
    }
    let extended = WorkCalendar.bundled.adding([
      .init(date: CivilDate(year: 2027, month: 1, day: 1)!, kind: .off, name: "元旦")
    ])
    #expect(try limit.deadline(from: s, calendar: extended).description == covered)
  }

  /// A minute limit of any size gives a deadline, never an overflow trap: at worst the end of
  /// time, which no step can miss.
  @Test(arguments: [999_999_999_999_999_999, Int.max, Int.max / 60 + 1])
  func hugeMinuteLimitsDoNotTrap(minutes: Int) throws {
    let s = try TimeParser.timestamp("2026-03-05 14:03:22")
    #expect(try Limit.minutes(minutes).deadline(from: s, calendar: .bundled) == .distantFuture)
  }
}
