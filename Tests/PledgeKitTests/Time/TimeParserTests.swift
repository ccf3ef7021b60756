import Testing

@testable import PledgeKit

/// Timestamps and dates as SPEC 1.2 accepts them, and what each wrong one is told.
@Suite struct TimeParserTests {
  /// Text → the instant in China Standard Time, formatted back as `YYYY-MM-DD HH:MM:SS`.
  static let timestamps: [(String, String)] = [
    ("2026-03-05 14:03:22", "2026-03-05 14:03:22"),
    ("2026-03-05 14:03", "2026-03-05 14:03:00"),
    ("2026-03-05 0:00", "2026-03-05 00:00:00"),
    ("2026-03-05  14:03", "2026-03-05 14:03:00"),
    ("2026/3/5 14:03", "2026-03-05 14:03:00"),
    ("2026/3/5 14:03:22", "2026-03-05 14:03:22"),
    ("2026/03/05 9:03", "2026-03-05 09:03:00"),
    ("2026/12/31 23:59:59", "2026-12-31 23:59:59"),
    ("2026-03-05T14:03:22", "2026-03-05 14:03:22"),
    ("2026-03-05T14:03", "2026-03-05 14:03:00"),
    // Fractions of a second are dropped, never rounded.
    ("2026-03-05T14:03:22.1", "2026-03-05 14:03:22"),
    ("2026-03-05T14:03:22.999", "2026-03-05 14:03:22"),
    ("2026-03-05T14:03:22.999999999", "2026-03-05 14:03:22"),
    ("2026-03-05 14:03:22.900", "2026-03-05 14:03:22"),
    // Offsets are converted to +08:00.
    ("2026-03-05T14:03:22+08:00", "2026-03-05 14:03:22"),
    ("2026-03-05T14:03:22+0800", "2026-03-05 14:03:22"),
    ("2026-03-05T06:03:22Z", "2026-03-05 14:03:22"),
    ("2026-03-05T06:03:22z", "2026-03-05 14:03:22"),
    ("2026-03-05T06:03:22.750Z", "2026-03-05 14:03:22"),
    ("2026-03-05T06:03:22+00:00", "2026-03-05 14:03:22"),
    ("2026-03-04T23:30:00Z", "2026-03-05 07:30:00"),
    ("2026-03-05T16:00:00Z", "2026-03-06 00:00:00"),
    ("2026-03-05T20:00:00Z", "2026-03-06 04:00:00"),
    ("2026-03-05T00:30:00+09:00", "2026-03-04 23:30:00"),
    ("2026-03-05T01:00:00+09:00", "2026-03-05 00:00:00"),
    ("2026-03-05T10:00:00-05:30", "2026-03-05 23:30:00"),
    ("2026-03-05T10:00:00-0530", "2026-03-05 23:30:00"),
    ("2026-03-05T20:00:00-05:00", "2026-03-06 09:00:00"),
    ("2026-03-05T14:03:22+14:00", "2026-03-05 08:03:22"),
    ("2025-12-31T16:00:00Z", "2026-01-01 00:00:00"),
    ("2024-02-28T16:30:00Z", "2024-02-29 00:30:00"),
    ("2026年3月5日 14:03", "2026-03-05 14:03:00"),
    ("2026年3月5日 14:03:22", "2026-03-05 14:03:22"),
    ("2026年03月05日 14:03:22", "2026-03-05 14:03:22"),
    ("2024-02-29 12:00", "2024-02-29 12:00:00"),
    ("2000-02-29 12:00", "2000-02-29 12:00:00"),
    ("1900-01-01 00:00:00", "1900-01-01 00:00:00"),
    ("9999-12-31 23:59:59", "9999-12-31 23:59:59"),
    // The range 1900–9999 is that of China Standard Time, after the offset is applied.
    ("9999-12-31T15:59:59Z", "9999-12-31 23:59:59"),
    ("9999-12-31T13:59:59-02:00", "9999-12-31 23:59:59"),
    ("1900-01-01T00:00:00+08:00", "1900-01-01 00:00:00"),
    ("1899-12-31T16:00:00Z", "1900-01-01 00:00:00"),
  ]

  @Test(arguments: timestamps)
  func acceptedTimestamp(text: String, expected: String) throws {
    #expect(try TimeParser.timestamp(text).description == expected)
  }

  /// Excel serial day numbers, 1900 date system: day 1 is 1900-01-01, day 61 is 1900-03-01
  /// (after the fictitious 1900-02-29), the fraction of a day rounded to the nearest second.
  static let serials: [(String, String)] = [
    // 46086 = 2026-03-05; 0.5851 × 86400 = 50552.64 s → 50553 s = 14:02:33.
    ("46086.5851", "2026-03-05 14:02:33"),
    ("46086", "2026-03-05 00:00:00"),
    ("46086.0", "2026-03-05 00:00:00"),
    ("46086.5", "2026-03-05 12:00:00"),
    ("46086.585671296296", "2026-03-05 14:03:22"),
    ("45292.25", "2024-01-01 06:00:00"),
    ("1", "1900-01-01 00:00:00"),
    ("1.75", "1900-01-01 18:00:00"),
    ("59", "1900-02-28 00:00:00"),
    ("59.5", "1900-02-28 12:00:00"),
    ("61", "1900-03-01 00:00:00"),
    ("2958465", "9999-12-31 00:00:00"),
    // 0.00015625 × 86400 = 13.5 s exactly: a half second rounds up.
    ("46086.00015625", "2026-03-05 00:00:14"),
    ("46086.00015624", "2026-03-05 00:00:13"),
    ("46086.00015626", "2026-03-05 00:00:14"),
    // 0.00046875 × 86400 = 40.5 s; 0.50015625 × 86400 = 43213.5 s.
    ("46086.00046875", "2026-03-05 00:00:41"),
    ("46086.50015625", "2026-03-05 12:00:14"),
    // 0.99999999 × 86400 = 86399.999136 s: rounds into the next day.
    ("46086.99999999", "2026-03-06 00:00:00"),
    ("46086.99999", "2026-03-05 23:59:59"),
    ("2958465.99999", "9999-12-31 23:59:59"),
    // Digits past the 14th are ignored.
    ("46086.5000000000000000009", "2026-03-05 12:00:00"),
  ]

  @Test(arguments: serials)
  func excelSerial(text: String, expected: String) throws {
    #expect(try TimeParser.timestamp(text).description == expected)
  }

  /// A ledger's held_at: a timestamp, or a plain date meaning its 00:00:00.
  @Test(arguments: [
    ("2026-03-05 14:03:22", "2026-03-05 14:03:22"), ("2026-03-05", "2026-03-05 00:00:00"),
    ("2026年3月5日", "2026-03-05 00:00:00"), ("2026/3/5 9:05", "2026-03-05 09:05:00"),
    ("46086.5", "2026-03-05 12:00:00"),
  ])
  func timestampOrDate(text: String, expected: String) throws {
    let found = try Array(text.utf8).withUnsafeBytes { bytes throws(ValueProblem) in
      try TimeParser.timestampOrDate(bytes)
    }
    #expect(found.description == expected)
  }

  @Test(arguments: [
    ("soon", ValueProblem.notATimestamp), ("2026-02-30", .noSuchDay(year: 2026, month: 2, day: 30)),
  ] as [(String, ValueProblem)])
  func neitherTimestampNorDate(text: String, problem: ValueProblem) {
    #expect(throws: problem) {
      try Array(text.utf8).withUnsafeBytes { bytes throws(ValueProblem) in try TimeParser.timestampOrDate(bytes) }
    }
  }

  /// Text → why it is not a timestamp.
  static let rejected: [(String, ValueProblem)] = [
    ("", .notATimestamp),
    ("garbage", .notATimestamp),
    ("T14:03", .notATimestamp),
    ("2026-03-05", .notATimestamp),
    ("2026/3/5", .notATimestamp),
    ("2026-03-05 ", .notATimestamp),
    ("2026-03-05 14", .notATimestamp),
    ("2026-03-05 14:3", .notATimestamp),
    ("2026-03-05 114:03", .notATimestamp),
    ("2026-03-05 14:03:2", .notATimestamp),
    ("2026-03-05 14:03:22.", .notATimestamp),
    ("2026-03-05 14:03:22.1234567890", .notATimestamp),
    ("2026-03/05 14:03", .notATimestamp),
    ("2026.03.05 14:03", .notATimestamp),
    ("26-03-05 14:03", .notATimestamp),
    ("20260305 14:03", .notATimestamp),
    ("２０２６-03-05 14:03", .notATimestamp),
    ("2026年3月5 14:03", .notATimestamp),
    ("2026-03-05_14:03", .notATimestamp),
    // Trailing text is not a timestamp (and not a bad UTC offset).
    ("2026-03-05 14:03:22 ", .notATimestamp),
    ("2026-03-05 14:03:22 abc", .notATimestamp),
    ("2026-03-05 14:03:22x", .notATimestamp),
    ("2026-03-05 14:03 +08:00", .notATimestamp),
    ("2026-03-05T14:03:22+08:00x", .notATimestamp),
    ("2026-03-05T14:03:22Zx", .notATimestamp),
    // A UTC offset that is not one.
    ("2026-03-05T14:03:22+08", .badOffset),
    ("2026-03-05T14:03:22+8:00", .badOffset),
    ("2026-03-05T14:03:22+15:00", .badOffset),
    ("2026-03-05T14:03:22+08:60", .badOffset),
    ("2026-03-05T14:03:22-", .badOffset),
    ("2026-03-05T14:03:22+08:0", .badOffset),
    ("2026-03-05T14:03:22+080", .badOffset),
    ("2026-03-05T14:03:22+", .badOffset),
    // Days and times that do not exist.
    ("2026-02-30 10:00", .noSuchDay(year: 2026, month: 2, day: 30)),
    ("2025-02-29 10:00", .noSuchDay(year: 2025, month: 2, day: 29)),
    ("1900-02-29 10:00", .noSuchDay(year: 1900, month: 2, day: 29)),
    ("2026-13-01 00:00", .noSuchDay(year: 2026, month: 13, day: 1)),
    ("2026-00-10 00:00", .noSuchDay(year: 2026, month: 0, day: 10)),
    ("2026-04-31 00:00", .noSuchDay(year: 2026, month: 4, day: 31)),
    ("2026/3/0 00:00", .noSuchDay(year: 2026, month: 3, day: 0)),
    ("2026年2月30日 10:00", .noSuchDay(year: 2026, month: 2, day: 30)),
    ("2026-03-05 24:00", .noSuchTime(hour: 24, minute: 0, second: 0)),
    ("2026-03-05 23:60", .noSuchTime(hour: 23, minute: 60, second: 0)),
    ("2026-03-05 23:59:60", .noSuchTime(hour: 23, minute: 59, second: 60)),
    ("2026-03-05T99:99:99Z", .noSuchTime(hour: 99, minute: 99, second: 99)),
    ("1899-12-31 23:59:59", .yearOutOfRange(1899)),
    ("0001-01-01 00:00", .yearOutOfRange(1)),
    // Excel serials: the fictitious 1900-02-29, day 0, beyond 9999, malformed numbers.
    ("60", .noSuchDay(year: 1900, month: 2, day: 29)),
    ("60.5", .noSuchDay(year: 1900, month: 2, day: 29)),
    ("0", .notATimestamp),
    ("0.5", .notATimestamp),
    ("2958466", .yearOutOfRange(10000)),
    // Rounding the last second of 9999 up carries it into 10000.
    ("2958465.99999999", .yearOutOfRange(10000)),
    // Offsets that carry a time past either end of 1900–9999 in China Standard Time.
    ("9999-12-31T20:00:00-10:00", .yearOutOfRange(10000)),
    ("9999-12-31T16:00:00Z", .yearOutOfRange(10000)),
    ("9999-12-31T23:59:59+07:59", .yearOutOfRange(10000)),
    ("1900-01-01T00:00:00+14:00", .yearOutOfRange(1899)),
    ("1900-01-01T00:00:00+08:01", .yearOutOfRange(1899)),
    ("999999999", .notATimestamp),
    ("46086.", .notATimestamp),
    ("46086.5851.1", .notATimestamp),
    ("46086,5851", .notATimestamp),
    ("-46086", .notATimestamp),
    (".5", .notATimestamp),
    ("46086.5e3", .notATimestamp),
  ]

  @Test(arguments: rejected)
  func rejectedTimestamp(text: String, problem: ValueProblem) {
    #expect(throws: problem) { try TimeParser.timestamp(text) }
  }

  static let dates: [(String, String)] = [
    ("2026-03-05", "2026-03-05"),
    ("2026/3/5", "2026-03-05"),
    ("2026/03/05", "2026-03-05"),
    ("2026年3月5日", "2026-03-05"),
    ("2026年12月31日", "2026-12-31"),
    ("2024-02-29", "2024-02-29"),
    ("1900-01-01", "1900-01-01"),
  ]

  @Test(arguments: dates)
  func acceptedDate(text: String, expected: String) throws {
    #expect(try TimeParser.date(text).description == expected)
  }

  static let rejectedDates: [(String, ValueProblem)] = [
    ("", .notADate),
    ("2026-03-05 10:00", .notADate),
    ("2026-03-05T00:00:00", .notADate),
    ("46086", .notADate),
    ("2026.3.5", .notADate),
    ("2026/3/5/", .notADate),
    ("2026-3/5", .notADate),
    ("2026年3月5", .notADate),
    (" 2026-03-05", .notADate),
    ("2026-02-30", .noSuchDay(year: 2026, month: 2, day: 30)),
    ("2026/13/1", .noSuchDay(year: 2026, month: 13, day: 1)),
    ("1899-12-31", .yearOutOfRange(1899)),
  ]

  @Test(arguments: rejectedDates)
  func rejectedDate(text: String, problem: ValueProblem) {
    #expect(throws: problem) { try TimeParser.date(text) }
  }

  /// The byte entry points parse a cell in place, as the ingesters call them.
  @Test func parsesBytesOfACell() throws {
    let cell = Array("2026/3/5 14:03:22".utf8)
    let instant = try cell.withUnsafeBytes { bytes throws(ValueProblem) in
      try TimeParser.timestamp(bytes)
    }
    #expect(instant == Instant(year: 2026, month: 3, day: 5, hour: 14, minute: 3, second: 22))
    let day = Array("2026年3月5日".utf8)
    let date = try day.withUnsafeBytes { bytes throws(ValueProblem) in try TimeParser.date(bytes) }
    #expect(date == CivilDate(year: 2026, month: 3, day: 5))
  }

  @Test func problemMessagesSayWhatWasExpected() {
    #expect(
      ValueProblem.notATimestamp.message
        == "expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00,"
        + " 2026年3月5日 14:03 or an Excel serial number")
    #expect(
      ValueProblem.notADate.message == "expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日")
    #expect(
      ValueProblem.noSuchDay(year: 2026, month: 2, day: 30).message == "there is no day 2026-02-30")
    #expect(
      ValueProblem.noSuchTime(hour: 24, minute: 0, second: 0).message
        == "there is no time of day 24:00:00 (hours run 00-23)")
    #expect(ValueProblem.yearOutOfRange(1899).message == "year 1899 is out of range (1900-9999)")
    #expect(ValueProblem.badOffset.message == "expected a UTC offset like Z, +08:00 or -05:30")
  }

  /// Every second of a day survives formatting and parsing back, in each text form.
  @Test func everySecondOfADayRoundTrips() throws {
    let day = CivilDate(year: 2024, month: 2, day: 29)!
    for second in stride(from: 0, to: 86_400, by: 7) {
      let instant = Instant(date: day, secondOfDay: second)
      let text = instant.description
      let (h, m, s) = (second / 3600, second / 60 % 60, second % 60)
      let forms = [
        text,
        "2024/2/29 \(h):\(m < 10 ? "0" : "")\(m):\(s < 10 ? "0" : "")\(s)",
        "2024年2月29日 " + text.dropFirst(11),
        "2024-02-29T" + text.dropFirst(11) + "+08:00",
      ]
      for form in forms {
        guard try TimeParser.timestamp(form) == instant else {
          Issue.record("\(form) did not parse to \(text)")
          return
        }
      }
    }
  }
}
