import Testing

@testable import PledgeKit

/// Working hours (SPEC 2.2, §7.5): [08:30, 12:00) and [14:00, 17:30) on working days, make-up
/// days included; every instant of a non-working day is off hours.
@Suite struct WorkingHoursTests {
  /// Instant → whether it is off hours under the standard hours.
  static let instants: [(String, Bool)] = [
    // Thursday 2026-03-05, an ordinary working day.
    ("2026-03-05 00:00:00", true),
    ("2026-03-05 08:29:59", true),
    ("2026-03-05 08:30:00", false),
    ("2026-03-05 10:00:00", false),
    ("2026-03-05 11:59:59", false),
    ("2026-03-05 12:00:00", true),
    ("2026-03-05 12:30:00", true),
    ("2026-03-05 13:59:59", true),
    ("2026-03-05 14:00:00", false),
    ("2026-03-05 17:29:59", false),
    ("2026-03-05 17:30:00", true),
    ("2026-03-05 23:59:59", true),
    // Weekends and holidays, at hours that would be working hours on a working day.
    ("2026-03-07 08:30:00", true),
    ("2026-03-07 10:00:00", true),
    ("2026-03-08 14:00:00", true),
    ("2026-02-16 10:00:00", true),
    ("2026-10-01 10:00:00", true),
    ("2020-02-01 10:00:00", true),
    // Make-up working days keep working hours.
    ("2026-02-14 08:29:59", true),
    ("2026-02-14 08:30:00", false),
    ("2026-02-14 10:00:00", false),
    ("2026-02-14 12:30:00", true),
    ("2026-02-14 17:29:59", false),
    ("2026-09-20 15:00:00", false),
    ("2026-01-04 09:00:00", false),
  ]

  @Test(arguments: instants)
  func standardHours(text: String, isOff: Bool) throws {
    let instant = try TimeParser.timestamp(text)
    #expect(try WorkingHours.standard.isOffHours(instant, calendar: .bundled) == isOff)
  }

  /// Date → how many seconds of it are working hours (7 hours on a working day, none else).
  static let secondsOn: [(String, Int)] = [
    ("2026-03-05", 25_200),  // Thursday
    ("2026-02-14", 25_200),  // make-up Saturday
    ("2026-03-07", 0),  // Saturday
    ("2026-10-01", 0),  // National Day
    ("2026-02-23", 0),  // Spring Festival, Monday
  ]

  @Test(arguments: secondsOn)
  func everySecondOfADay(date: String, expected: Int) throws {
    let day = try TimeParser.date(date)
    var on = 0
    for second in 0..<86_400 {
      let instant = Instant(date: day, secondOfDay: second)
      if try !WorkingHours.standard.isOffHours(instant, calendar: .bundled) { on += 1 }
    }
    #expect(on == expected)
  }

  @Test func uncoveredYearIsAGap() throws {
    let instant = try TimeParser.timestamp("2027-01-04 10:00:00")
    #expect(throws: CalendarGap(year: 2027)) {
      try WorkingHours.standard.isOffHours(instant, calendar: .bundled)
    }
  }

  static let parsed: [(String, String?)] = [
    ("08:30-12:00,14:00-17:30", "08:30-12:00,14:00-17:30"),
    ("14:00-17:30,08:30-12:00", "08:30-12:00,14:00-17:30"),
    (" 09:00 - 17:00 ", "09:00-17:00"),
    ("9:00-17:00", "09:00-17:00"),
    ("00:00-24:00", "00:00-24:00"),
    ("", nil),
    ("08:30", nil),
    ("08:30-", nil),
    ("12:00-08:30", nil),
    ("08:30-08:30", nil),
    ("08:30-12:00-14:00", nil),
    ("25:00-26:00", nil),
    ("08:00-24:01", nil),
    ("08:60-09:00", nil),
    ("08:3-09:00", nil),
    ("0830-1200", nil),
    ("08:30-12:00;14:00-17:30", nil),
    ("abc", nil),
  ]

  @Test(arguments: parsed)
  func parsing(text: String, expected: String?) {
    #expect(WorkingHours(parsing: text)?.description == expected)
  }

  @Test func standardHoursAreTheDefault() {
    #expect(WorkingHours(parsing: "08:30-12:00,14:00-17:30") == .standard)
    #expect(WorkingHours.standard.intervals == [30_600..<43_200, 50_400..<63_000])
    #expect(WorkingHours.standard.description == "08:30-12:00,14:00-17:30")
  }

  @Test func customHoursAreHalfOpenToo() throws {
    let hours = try #require(WorkingHours(parsing: "09:00-17:00"))
    let expected: [(String, Bool)] = [
      ("2026-03-05 08:59:59", true), ("2026-03-05 09:00:00", false),
      ("2026-03-05 12:30:00", false), ("2026-03-05 16:59:59", false),
      ("2026-03-05 17:00:00", true), ("2026-03-07 12:00:00", true),
    ]
    for (text, isOff) in expected {
      let instant = try TimeParser.timestamp(text)
      #expect(try hours.isOffHours(instant, calendar: .bundled) == isOff, "\(text)")
    }
    let wholeDay = try #require(WorkingHours(parsing: "00:00-24:00"))
    let lastSecond = try TimeParser.timestamp("2026-03-05 23:59:59")
    #expect(try wholeDay.isOffHours(lastSecond, calendar: .bundled) == false)
  }
}
