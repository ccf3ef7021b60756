import Glibc
import Testing

@testable import PledgeKit

/// The official working-day calendar (SPEC 2.1, §7.6, §7.7, §7.10) as shipped for 2004–2026.
@Suite struct WorkCalendarTests {
  static let calendar = WorkCalendar.bundled

  static func date(_ text: String) -> CivilDate { try! TimeParser.date(text) }

  @Test func bundledCalendarCovers2004Through2026() {
    let calendar = Self.calendar
    #expect(calendar.coveredYears == Set(2004...2026))
    #expect(calendar.entries.count == 515 + 254)
    #expect(calendar.entries.values.filter { $0.kind == .work && $0.date.year >= 2020 }.count == 46)
    #expect(calendar.entries[Self.date("2026-02-14")]?.name == "春节调休")
    #expect(calendar.entries[Self.date("2026-10-01")]?.kind == .off)
    // No make-up day falls on a weekday.
    #expect(calendar.entries.values.allSatisfy { $0.kind == .off || $0.date.isWeekend })
  }

  /// Dates of 2004–2019 checked against the State Council's published notices.
  static let publishedDates: [(String, Bool)] = [
    // 2015: the 70th anniversary of the victory (抗战胜利70周年) — Thu 09-03 and Fri 09-04
    // off, Sunday 09-06 a make-up working day.
    ("2015-09-02", true), ("2015-09-03", false), ("2015-09-04", false), ("2015-09-05", false),
    ("2015-09-06", true), ("2015-09-07", true),
    // 2019 Spring Festival: 02-04…02-10 off, Saturday 02-02 and Sunday 02-03 worked.
    ("2019-02-02", true), ("2019-02-03", true), ("2019-02-04", false), ("2019-02-08", false),
    ("2019-02-10", false), ("2019-02-11", true),
    // 2008, the first year of Qingming, Dragon Boat and Mid-Autumn holidays: May Day shrank to
    // 05-01…05-03 with Sunday 05-04 worked; Qingming 04-04; Dragon Boat Monday 06-09.
    ("2008-04-04", false), ("2008-05-02", false), ("2008-05-04", true), ("2008-06-09", false),
    // 2004 Spring Festival: 01-22…01-28 off, the weekend 01-17/18 worked.
    ("2004-01-17", true), ("2004-01-18", true), ("2004-01-22", false), ("2004-01-28", false),
    ("2004-01-29", true),
    // 2012 New Year: 01-01…01-03 off, with Saturday 2011-12-31 worked.
    ("2011-12-31", true), ("2012-01-03", false), ("2012-01-04", true),
    // 2014 Spring Festival: Sunday 01-26 and Saturday 02-08 worked.
    ("2014-01-26", true), ("2014-01-31", false), ("2014-02-06", false), ("2014-02-08", true),
  ]

  @Test(arguments: publishedDates)
  func publishedArrangementsOf2004To2019(date: String, isWorking: Bool) throws {
    #expect(try Self.calendar.isWorkingDay(Self.date(date)) == isWorking, "\(date)")
  }

  /// 3 working days from Friday 2015-09-04 (a holiday): 09-06 (make-up Sunday), 09-07, 09-08.
  @Test func workingDaysAcrossThe2015AnniversaryHoliday() throws {
    #expect(try Self.calendar.workingDay(3, after: Self.date("2015-09-02")).description == "2015-09-08")
    #expect(try Self.calendar.workingDay(1, after: Self.date("2015-09-02")).description == "2015-09-06")
  }

  /// Working days per year, counted independently from the published arrangements.
  static let workingDaysPerYear: [(Int, Int)] = [
    (2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248),
  ]

  @Test(arguments: workingDaysPerYear)
  func workingDaysInAYear(year: Int, count: Int) throws {
    var date = CivilDate(year: year, month: 1, day: 1)!
    var working = 0
    while date.year == year {
      if try Self.calendar.isWorkingDay(date) { working += 1 }
      date = date.adding(days: 1)
    }
    #expect(working == count)
  }

  static let days: [(String, Bool)] = [
    ("2026-02-13", true),  // Friday
    ("2026-02-14", true),  // make-up Saturday
    ("2026-02-15", false),  // Spring Festival, Sunday
    ("2026-02-16", false),  // Spring Festival, Monday
    ("2026-02-23", false),  // Spring Festival, Monday
    ("2026-02-24", true),
    ("2026-02-28", true),  // make-up Saturday
    ("2026-03-01", false),  // Sunday
    ("2026-03-07", false),  // Saturday
    ("2026-03-09", true),
    ("2026-01-01", false),
    ("2026-01-04", true),  // make-up Sunday
    ("2026-09-20", true),  // make-up Sunday
    ("2026-09-25", false),  // Mid-Autumn, Friday
    ("2026-10-01", false),
    ("2026-10-07", false),
    ("2026-10-08", true),
    ("2026-10-10", true),  // make-up Saturday
    ("2026-10-11", false),
    // 2020's Spring Festival extension: Jan 31 – Feb 2 off; Feb 1 is no longer a make-up day.
    ("2020-01-19", true),
    ("2020-01-30", false),
    ("2020-01-31", false),
    ("2020-02-01", false),
    ("2020-02-02", false),
    ("2020-02-03", true),
    // New Year 2023 starts on Saturday 2022-12-31.
    ("2022-12-30", true),
    ("2022-12-31", false),
    ("2023-01-01", false),
    ("2023-01-02", false),
    ("2023-01-03", true),
    ("2023-01-28", true),
    ("2023-01-29", true),
  ]

  @Test(arguments: days)
  func workingDay(text: String, isWorking: Bool) throws {
    #expect(try Self.calendar.isWorkingDay(Self.date(text)) == isWorking)
  }

  /// Start date, n → the n-th working day after it; the start date itself never counts.
  static let nthWorkingDays: [(String, Int, String)] = [
    ("2026-02-13", 1, "2026-02-14"),  // Friday → the make-up Saturday
    ("2026-02-13", 2, "2026-02-24"),  // then the whole Spring Festival is skipped
    ("2026-02-13", 3, "2026-02-25"),
    ("2026-02-13", 10, "2026-03-05"),
    ("2026-03-06", 1, "2026-03-09"),  // Friday → Monday
    ("2026-03-06", 5, "2026-03-13"),
    ("2026-03-07", 1, "2026-03-09"),  // from a Saturday
    ("2026-03-08", 1, "2026-03-09"),  // from a Sunday
    ("2026-02-17", 1, "2026-02-24"),  // from a holiday
    ("2026-02-17", 3, "2026-02-26"),
    ("2026-02-14", 1, "2026-02-24"),  // from a make-up Saturday: it does not count itself
    ("2026-02-27", 1, "2026-02-28"),
    ("2026-02-28", 1, "2026-03-02"),
    ("2026-09-30", 1, "2026-10-08"),
    ("2026-09-30", 3, "2026-10-10"),
    ("2026-12-30", 1, "2026-12-31"),
    ("2020-01-23", 1, "2020-02-03"),
    ("2022-12-30", 1, "2023-01-03"),
    ("2020-01-01", 248, "2020-12-30"),
    ("2020-01-01", 249, "2020-12-31"),
    ("2020-01-01", 250, "2021-01-04"),
    // The start date needs no coverage of its own: only the days counted do.
    ("2019-12-31", 1, "2020-01-02"),
  ]

  @Test(arguments: nthWorkingDays)
  func nthWorkingDayAfter(start: String, n: Int, expected: String) throws {
    #expect(try Self.calendar.workingDay(n, after: Self.date(start)).description == expected)
  }

  static let firstWorkingDays: [(String, String)] = [
    ("2026-02-13", "2026-02-13"),
    ("2026-02-14", "2026-02-14"),
    ("2026-02-15", "2026-02-24"),
    ("2026-03-07", "2026-03-09"),
    ("2026-10-01", "2026-10-08"),
    ("2026-10-10", "2026-10-10"),
    ("2026-12-31", "2026-12-31"),
    ("2020-01-24", "2020-02-03"),
    ("2022-12-31", "2023-01-03"),
  ]

  @Test(arguments: firstWorkingDays)
  func firstWorkingDayOnOrAfter(date: String, expected: String) throws {
    #expect(try Self.calendar.firstWorkingDay(onOrAfter: Self.date(date)).description == expected)
  }

  // MARK: Gaps

  @Test func uncoveredYearsAreGapsNeverGuesses() {
    let calendar = Self.calendar
    #expect(throws: CalendarGap(year: 2027)) { try calendar.isWorkingDay(Self.date("2027-01-04")) }
    #expect(throws: CalendarGap(year: 2003)) { try calendar.isWorkingDay(Self.date("2003-12-31")) }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.workingDay(1, after: Self.date("2026-12-31"))
    }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.workingDay(2, after: Self.date("2026-12-30"))
    }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.workingDay(400, after: Self.date("2026-01-01"))
    }
    #expect(throws: CalendarGap(year: 2003)) {
      try calendar.workingDay(1, after: Self.date("2003-12-30"))
    }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.firstWorkingDay(onOrAfter: Self.date("2027-01-01"))
    }
    #expect(
      CalendarGap(year: 2027).message
        == "the working-day calendar does not cover 2027; add the State Council's arrangements"
        + " for 2027 with 'pledge ingest calendar 2027.csv' (CSV date,kind,name; kind off or work)")
  }

  /// A first working day that would fall in the next, uncovered year is a gap too.
  @Test func rollingForwardIntoAnUncoveredYearIsAGap() {
    let calendar = WorkCalendar(entries: [
      .init(date: Self.date("2026-12-31"), kind: .off, name: "invented")
    ])
    #expect(calendar.coveredYears == [2026])
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.firstWorkingDay(onOrAfter: Self.date("2026-12-31"))
    }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.workingDay(1, after: Self.date("2026-12-30"))
    }
    // Without any entries nothing is covered.
    let empty = WorkCalendar(entries: [])
    #expect(empty.coveredYears.isEmpty)
    #expect(throws: CalendarGap(year: 2026)) { try empty.isWorkingDay(Self.date("2026-03-05")) }
    #expect(throws: CalendarGap(year: 2026)) {
      try empty.workingDay(1, after: Self.date("2026-03-05"))
    }
    #expect(throws: CalendarGap(year: 2026)) {
      try empty.firstWorkingDay(onOrAfter: Self.date("2026-03-05"))
    }
  }

  @Test func addedEntriesCoverTheirYear() throws {
    let calendar = Self.calendar.adding([
      .init(date: Self.date("2027-01-01"), kind: .off, name: "元旦")
    ])
    #expect(calendar.coveredYears == Set(2004...2027))
    #expect(try calendar.isWorkingDay(Self.date("2027-01-01")) == false)  // Friday, holiday
    #expect(try calendar.isWorkingDay(Self.date("2027-02-01")) == true)  // an ordinary Monday
    #expect(try calendar.workingDay(1, after: Self.date("2026-12-31")).description == "2027-01-04")
    #expect(
      try calendar.firstWorkingDay(onOrAfter: Self.date("2027-01-01")).description == "2027-01-04")
    #expect(throws: CalendarGap(year: 2028)) {
      try calendar.workingDay(1, after: Self.date("2027-12-31"))
    }
    // The bundled calendar itself is unchanged.
    #expect(Self.calendar.coveredYears == Set(2004...2026))
  }

  /// A year between two covered years is still a gap.
  @Test func aYearBetweenCoveredYearsIsAGap() {
    let calendar = Self.calendar.adding([
      .init(date: Self.date("2028-01-01"), kind: .off, name: "元旦")
    ])
    #expect(calendar.coveredYears == Set(2004...2026).union([2028]))
    #expect(throws: CalendarGap(year: 2027)) { try calendar.isWorkingDay(Self.date("2027-06-01")) }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.workingDay(3, after: Self.date("2026-12-30"))
    }
    #expect(throws: CalendarGap(year: 2027)) {
      try calendar.firstWorkingDay(onOrAfter: Self.date("2027-06-01"))
    }
  }

  @Test func addedEntriesOverrideTheBundledOnes() throws {
    let corrected = Self.calendar.adding([
      .init(date: Self.date("2026-02-14"), kind: .off, name: "corrected"),
      .init(date: Self.date("2026-03-09"), kind: .off, name: "invented"),
      .init(date: Self.date("2026-03-07"), kind: .work, name: "invented"),
    ])
    #expect(try corrected.isWorkingDay(Self.date("2026-02-14")) == false)
    #expect(try corrected.isWorkingDay(Self.date("2026-03-09")) == false)
    #expect(try corrected.isWorkingDay(Self.date("2026-03-07")) == true)
    #expect(try corrected.workingDay(1, after: Self.date("2026-02-13")).description == "2026-02-24")
    #expect(try corrected.workingDay(1, after: Self.date("2026-03-06")).description == "2026-03-07")
    #expect(try corrected.workingDay(2, after: Self.date("2026-03-06")).description == "2026-03-10")
    #expect(corrected.entries.count == 515 + 256)
    #expect(try Self.calendar.isWorkingDay(Self.date("2026-02-14")) == true)
  }

  // MARK: Against a plain count

  /// The table lookups agree with walking the days one at a time, for seeded random starts
  /// and counts across the whole covered range.
  @Test func lookupsAgreeWithWalkingDayByDay() throws {
    let seed = testSeed(default: 0xCA1E_DA25)
    var random = SeededRandom(seed: seed)
    let calendar = Self.calendar
    let first = Self.date("2020-01-01")
    let last = Self.date("2026-12-31")
    for index in 0..<3000 {
      let start = first.adding(days: Int(random.next() % UInt64(last - first - 60)))
      let n = Int(random.next() % 40) + 1
      var walked = start
      var counted = 0
      while counted < n {
        walked = walked.adding(days: 1)
        if try calendar.isWorkingDay(walked) { counted += 1 }
      }
      var firstWorking = start
      while try !calendar.isWorkingDay(firstWorking) { firstWorking = firstWorking.adding(days: 1) }
      let nth = try calendar.workingDay(n, after: start)
      let onOrAfter = try calendar.firstWorkingDay(onOrAfter: start)
      guard nth == walked, onOrAfter == firstWorking else {
        let message: String =
          "seed \(seed) (rerun with PLEDGE_TEST_SEED=\(seed)), case \(index): start \(start),"
          + " n \(n): workingDay \(nth) vs \(walked), firstWorkingDay \(onOrAfter) vs"
          + " \(firstWorking)"
        Issue.record("\(message)")
        return
      }
    }
  }

  // MARK: Calendar files

  @Test func parsesACalendarFile() throws {
    let text =
      "\u{FEFF}日期, 类型 ,名称\r\n2027-01-01,off,元旦\r\n2027/2/6, WORK ,春节调休\r\n"
      + "2027年2月7日,off,\n"
    let entries = try Self.parse(text)
    #expect(
      entries == [
        .init(date: Self.date("2027-01-01"), kind: .off, name: "元旦"),
        .init(date: Self.date("2027-02-06"), kind: .work, name: "春节调休"),
        .init(date: Self.date("2027-02-07"), kind: .off, name: ""),
      ])
    // The name column is optional.
    #expect(try Self.parse("date,kind\n2027-01-01,off\n").first?.name == "")
  }

  /// `--calendar FILE` goes through `TextInput`, so a GB18030 file with Chinese headers works.
  @Test func loadsAGB18030CalendarFile() throws {
    // 日期,类型,名称 / 2027-01-01,off,元旦 in GB18030.
    let bytes: [UInt8] =
      [
        0xC8, 0xD5, 0xC6, 0xDA, 0x2C, 0xC0, 0xE0, 0xD0, 0xCD, 0x2C, 0xC3, 0xFB, 0xB3, 0xC6, 0x0D,
        0x0A,
      ]
      + Array("2027-01-01,off,".utf8) + [0xD4, 0xAA, 0xB5, 0xA9, 0x0D, 0x0A]
    let path = try CSVTestFile.make(bytes)
    defer { unlink(path) }
    let entries = try WorkCalendar.load(path: path)
    #expect(entries == [.init(date: Self.date("2027-01-01"), kind: .off, name: "元旦")])
  }

  /// Cells lose surrounding spaces only (SPEC §7.27): a tab survives.
  static let trimmed: [(String, String)] = [
    ("  a b  ", "a b"), ("\ta\t", "\ta\t"), (" \t a", "\t a"), ("   ", ""), ("", ""),
    ("\u{3000}x", "\u{3000}x"), ("NULL ", "NULL"),
  ]

  @Test(arguments: trimmed)
  func onlySpacesAreTrimmed(cell: String, expected: String) {
    let bytes = Array(cell.utf8)
    #expect(bytes.withUnsafeBytes { trimmedString($0) } == expected)
    // Option values and clock times are trimmed by the same rule.
    #expect(cell.trimmingSpaces() == expected)
    #expect(("#" + cell + "#").dropFirst().dropLast().trimmingSpaces() == expected)
  }

  /// Any bad row fails the whole calendar, at its line and column.
  static let badCalendars: [(String, Diagnostic)] = [
    ("", Diagnostic(file: "cal.csv", "the calendar is empty; expected a header date,kind,name")),
    (
      "date,name\n2027-01-01,x\n",
      Diagnostic(
        file: "cal.csv", line: 1,
        "the calendar has no column 'kind' (or 类型); expected date,kind,name")
    ),
    (
      "date,kind,name\n2027-01-01,off,元旦\n2027-02-30,off,x\n",
      Diagnostic(
        file: "cal.csv", line: 3, column: 1,
        "column 'date': there is no day 2027-02-30, got '2027-02-30'")
    ),
    (
      "date,kind,name\n2027-01-01,holiday,元旦\n",
      Diagnostic(
        file: "cal.csv", line: 2, column: 2,
        "column 'kind': expected off (a holiday: 休息, 放假) or work (a make-up working day: 上班, 补班), got 'holiday'")
    ),
    (
      "date,kind,name\n2027-01-01,off\n",
      Diagnostic(
        file: "cal.csv", line: 2, column: 3,
        "expected 3 fields as in the header, found 2; quote fields that contain commas")
    ),
    (
      "date,kind,日期\n2027-01-01,off,2027-01-02\n",
      Diagnostic(
        file: "cal.csv", line: 1, column: 3,
        "columns 1 'date' and 3 '日期' both hold date; which one counts would be a guess. Remove"
          + " or rename one of them")
    ),
    (
      "date,kind,name\n2027-01-01,off,\"元旦\n",
      Diagnostic(
        file: "cal.csv", line: 2, column: 3,
        "a quoted field is still open at the end of the file; close it with a \" or double the"
          + " quotes inside it")
    ),
  ]

  @Test(arguments: badCalendars)
  func badCalendarFileIsRefused(text: String, expected: Diagnostic) {
    #expect(throws: expected) { try Self.parse(text) }
  }

  static func parse(_ text: String) throws(Diagnostic) -> [WorkCalendar.Entry] {
    let bytes = Array(text.utf8)
    var result: Result<[WorkCalendar.Entry], Diagnostic>!
    bytes.withUnsafeBytes { raw in
      result = Result { () throws(Diagnostic) in try WorkCalendar.parse(raw, name: "cal.csv") }
    }
    return try result.get()
  }
}
