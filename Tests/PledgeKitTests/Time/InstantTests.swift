import Testing

@testable import PledgeKit

/// Instants: whole seconds of China Standard Time, counted from 1970-01-01 00:00:00 CST.
@Suite struct InstantTests {
  @Test func fieldsAndFormatting() throws {
    let instant = try #require(
      Instant(year: 2026, month: 3, day: 5, hour: 14, minute: 3, second: 22))
    #expect(instant.secondsSinceEpoch == 20_517 * 86_400 + 50_602)
    #expect(instant.date == CivilDate(year: 2026, month: 3, day: 5))
    #expect(instant.secondOfDay == 50_602)
    #expect(instant.description == "2026-03-05 14:03:22")
    var bytes: [UInt8] = Array("at ".utf8)
    instant.appendFormatted(to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "at 2026-03-05 14:03:22")
    #expect(Instant(year: 2026, month: 3, day: 5)?.description == "2026-03-05 00:00:00")
    #expect(
      Instant(date: CivilDate(year: 2026, month: 3, day: 5)!, secondOfDay: 86_399)
        .description == "2026-03-05 23:59:59")
  }

  /// Digits and timestamps are written on the stack and appended at once; the far years take
  /// the general path.
  @Test func digitsAndFarYears() {
    func digits(_ value: Int, width: Int) -> String {
      var bytes: [UInt8] = Array("x".utf8)
      appendDigits(value, width: width, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(digits(0, width: 1) == "x0")
    #expect(digits(7, width: 2) == "x07")
    #expect(digits(-5, width: 3) == "x-005")
    #expect(digits(123_456, width: 2) == "x123456")
    #expect(digits(Int.max, width: 1) == "x9223372036854775807")
    #expect(digits(Int.min, width: 1) == "x-9223372036854775808")
    #expect(Instant(year: 5, month: 1, day: 2, hour: 3, minute: 4, second: 5)?.description == "0005-01-02 03:04:05")
    #expect(Instant(date: CivilDate(dayNumber: 3_000_000), secondOfDay: 61).description == "10183-09-21 00:01:01")
    #expect(CivilDate(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
  }

  /// Fields that name no real instant.
  static let impossible: [[Int]] = [
    [2026, 2, 30, 0, 0, 0],
    [2026, 13, 1, 0, 0, 0],
    [2026, 0, 1, 0, 0, 0],
    [2026, 3, 0, 0, 0, 0],
    [2026, 3, 5, 24, 0, 0],
    [2026, 3, 5, 23, 60, 0],
    [2026, 3, 5, 23, 59, 60],
    [2026, 3, 5, -1, 0, 0],
    [2026, 3, 5, 0, -1, 0],
    [2026, 3, 5, 0, 0, -1],
  ]

  @Test(arguments: impossible)
  func impossibleFieldsGiveNil(fields: [Int]) {
    let instant = Instant(
      year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4],
      second: fields[5])
    #expect(instant == nil)
  }

  @Test func unixTimeIsEightHoursBehind() {
    #expect(Instant(unixTime: 0).description == "1970-01-01 08:00:00")
    #expect(Instant(unixTime: 1_772_690_602).description == "2026-03-05 14:03:22")
    #expect(Instant(unixTime: -8 * 3600).secondsSinceEpoch == 0)
  }

  /// Before 1970 the day and the second of day still divide correctly (floor, not truncation).
  @Test func instantsBefore1970() throws {
    let last = try #require(
      Instant(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
    #expect(last.secondsSinceEpoch == -1)
    #expect(last.date.description == "1969-12-31")
    #expect(last.secondOfDay == 86_399)
    #expect(last.description == "1969-12-31 23:59:59")
    let midnight = Instant(secondsSinceEpoch: -86_400)
    #expect(midnight.description == "1969-12-31 00:00:00")
    #expect(midnight.secondOfDay == 0)
    #expect(Instant(year: 1900, month: 1, day: 1)?.description == "1900-01-01 00:00:00")
  }

  @Test func arithmeticAndOrder() throws {
    let start = try #require(Instant(year: 2026, month: 3, day: 5, hour: 23, minute: 50))
    #expect(start.adding(minutes: 30).description == "2026-03-06 00:20:00")
    #expect(start.adding(minutes: -1440).description == "2026-03-04 23:50:00")
    #expect(start.adding(seconds: 600).description == "2026-03-06 00:00:00")
    #expect(start.adding(seconds: -1).description == "2026-03-05 23:49:59")
    #expect(start.adding(minutes: 30) - start == 1800)
    #expect(start - start.adding(minutes: 30) == -1800)
    #expect(start < start.adding(seconds: 1))
    #expect(!(start < start))
    #expect(
      [start.adding(seconds: 5), start, start.adding(seconds: -5)].sorted()
        == [start.adding(seconds: -5), start, start.adding(seconds: 5)])
  }

  /// A limit from a file can be absurd (a unit register's committed_minutes of 18 digits):
  /// arithmetic stays within the ends of time and never traps.
  @Test func arithmeticNeverOverflows() throws {
    let start = try #require(Instant(year: 2026, month: 3, day: 5, hour: 10))
    #expect(start.adding(minutes: 999_999_999_999_999_999) == .distantFuture)
    #expect(start.adding(minutes: .max) == .distantFuture)
    #expect(start.adding(minutes: .min) == .distantPast)
    #expect(start.adding(seconds: .max) == .distantFuture)
    #expect(start.adding(seconds: .min) == .distantPast)
    #expect(Instant.distantFuture.adding(minutes: 30) == .distantFuture)
    #expect(Instant.distantPast.adding(seconds: -1) == .distantPast)
    #expect(Instant(secondsSinceEpoch: .max).adding(seconds: 1) == .distantFuture)
    // Just inside the ends, arithmetic is exact.
    #expect(Instant.distantFuture.adding(seconds: -1) < .distantFuture)
    #expect(start.adding(minutes: 43_200).description == "2026-04-04 10:00:00")
    // Differences saturate instead of trapping.
    #expect(Instant(secondsSinceEpoch: .max) - Instant(secondsSinceEpoch: .min) == .max)
    #expect(Instant(secondsSinceEpoch: .min) - Instant(secondsSinceEpoch: .max) == .min)
    #expect(Instant.distantFuture - start > 0)
    #expect(start - Instant.distantFuture < 0)
    // The ends of time still have a date, a quarter and a printed form.
    for end in [Instant.distantFuture, .distantPast] {
      #expect(end.date.end >= end)
      #expect(end.date.start <= end)
      _ = Quarter(containing: end.date).end
      #expect(!end.description.isEmpty)
    }
  }
}
