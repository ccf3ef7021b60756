/// A day of the civil (proleptic Gregorian) calendar, as used in China, counted in days since
/// 1970-01-01. Dates carry no time zone: they are the dates of China Standard Time.
public struct CivilDate: Hashable, Comparable, Sendable {
  /// Days since 1970-01-01 (negative before it).
  public let dayNumber: Int

  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// The date, or nil when the triple names no real day (2026-02-30, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(year: year, month: month)
    else { return nil }
    self.dayNumber = CivilDate.days(year: year, month: month, day: day)
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

  public var components: (year: Int, month: Int, day: Int) { CivilDate.civil(dayNumber) }
  public var year: Int { components.year }
  public var month: Int { components.month }
  public var day: Int { components.day }

  /// ISO weekday: 1 = Monday … 7 = Sunday.
  public var weekday: Int {
    // 1970-01-01 was a Thursday (4).
    let r = (dayNumber + 3) % 7
    return (r < 0 ? r + 7 : r) + 1
  }

  public var isWeekend: Bool { weekday >= 6 }

  public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

  public static func - (a: CivilDate, b: CivilDate) -> Int { a.dayNumber - b.dayNumber }

  /// The first instant (00:00:00) of this date.
  public var start: Instant { Instant(secondsSinceEpoch: Int64(dayNumber) * 86_400) }
  /// The last second (23:59:59) of this date.
  public var end: Instant { Instant(secondsSinceEpoch: Int64(dayNumber) * 86_400 + 86_399) }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's days_from_civil.
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Howard Hinnant's civil_from_days.
  static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

extension CivilDate: CustomStringConvertible {
  /// `YYYY-MM-DD`.
  public var description: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(10)
    appendISO(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  public func appendISO(to bytes: inout [UInt8]) {
    let (y, m, d) = components
    appendDigits(y, width: 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(m, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(d, width: 2, to: &bytes)
  }
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
@inline(__always)
public func appendDigits(_ value: Int, width: Int = 1, to bytes: inout [UInt8]) {
  var v = value
  if v < 0 {
    bytes.append(UInt8(ascii: "-"))
    v = v == .min ? .max : -v
  }
  var power = 1
  var digits = 1
  while v / power >= 10 {
    power *= 10
    digits += 1
  }
  while digits < width {
    bytes.append(UInt8(ascii: "0"))
    digits += 1
  }
  while power > 0 {
    bytes.append(UInt8(truncatingIfNeeded: v / power % 10) &+ 48)
    power /= 10
  }
}
