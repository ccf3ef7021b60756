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

extension CivilDate {
  /// Writes `YYYY-MM-DD` (a year of 0…9999) into 10 bytes at `text`.
  @inline(__always)
  static func fillISO(_ text: UnsafeMutablePointer<UInt8>, _ year: Int, _ month: Int, _ day: Int) {
    text[0] = UInt8(truncatingIfNeeded: year / 1000) &+ 48
    text[1] = UInt8(truncatingIfNeeded: year / 100 % 10) &+ 48
    text[2] = UInt8(truncatingIfNeeded: year / 10 % 10) &+ 48
    text[3] = UInt8(truncatingIfNeeded: year % 10) &+ 48
    text[4] = UInt8(ascii: "-")
    fillTwoDigits(text + 5, month)
    text[7] = UInt8(ascii: "-")
    fillTwoDigits(text + 8, day)
  }

  /// Writes 0…99 as two digits.
  @inline(__always)
  static func fillTwoDigits(_ text: UnsafeMutablePointer<UInt8>, _ value: Int) {
    text[0] = UInt8(truncatingIfNeeded: value / 10) &+ 48
    text[1] = UInt8(truncatingIfNeeded: value % 10) &+ 48
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
    if (0...9999).contains(y) {
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { text in
        CivilDate.fillISO(text.baseAddress!, y, m, d)
        bytes.append(contentsOf: UnsafeBufferPointer(text))
      }
      return
    }
    appendDigits(y, width: 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(m, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    appendDigits(d, width: 2, to: &bytes)
  }
}

/// Appends `value` in decimal, zero-padded to at least `width` digits. (The digits are
/// worked out on the stack and appended at once: reports write millions of numbers.)
@inline(__always)
public func appendDigits(_ value: Int, width: Int = 1, to bytes: inout [UInt8]) {
  if value < 0 { bytes.append(UInt8(ascii: "-")) }
  var v = value.magnitude
  withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
    var start = 20
    repeat {
      start -= 1
      digits[start] = UInt8(truncatingIfNeeded: v % 10) &+ 48
      v /= 10
    } while v > 0
    for _ in 0..<max(0, width - (20 - start)) { bytes.append(UInt8(ascii: "0")) }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
  }
}
