/// An instant in China Standard Time (UTC+08:00, no daylight saving), to the whole second.
///
/// Stored as seconds since 1970-01-01 00:00:00 **CST** (not UTC): civil arithmetic on dates and
/// times of day is then plain integer arithmetic.
public struct Instant: Hashable, Comparable, Sendable {
  public let secondsSinceEpoch: Int64

  public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

  /// The instant, or nil when the fields name no real instant.
  public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    guard let date = CivilDate(year: year, month: month, day: day),
      (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
    else { return nil }
    self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
  }

  public init(date: CivilDate, secondOfDay: Int) {
    secondsSinceEpoch = Int64(date.dayNumber) * 86_400 + Int64(secondOfDay)
  }

  /// The instant of a Unix time (seconds since 1970-01-01 00:00:00 UTC).
  public init(unixTime: Int64) { secondsSinceEpoch = unixTime + 8 * 3600 }

  public static func < (a: Instant, b: Instant) -> Bool {
    a.secondsSinceEpoch < b.secondsSinceEpoch
  }

  public var date: CivilDate {
    let (q, r) = secondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400)
    return CivilDate(dayNumber: Int(r < 0 ? q - 1 : q))
  }

  /// Seconds since 00:00:00 of the instant's date, 0..<86400.
  public var secondOfDay: Int {
    let r = Int(secondsSinceEpoch % 86_400)
    return r < 0 ? r + 86_400 : r
  }

  /// The ends of time for arithmetic: far beyond any civil date (about 142 million years either
  /// side of 1970), yet so far inside `Int64` that dates, days and seconds derived from them
  /// cannot overflow.
  public static var distantPast: Instant { Instant(secondsSinceEpoch: -(1 << 52)) }
  public static var distantFuture: Instant { Instant(secondsSinceEpoch: 1 << 52) }

  /// The instant `seconds` later, kept within `distantPast...distantFuture` instead of
  /// trapping: a limit read from a file (a unit's committed minutes) may be absurdly large, and
  /// a deadline at the end of time is then simply never reached.
  public func adding(seconds: Int64) -> Instant {
    let (sum, overflow) = secondsSinceEpoch.addingReportingOverflow(seconds)
    if overflow { return seconds < 0 ? .distantPast : .distantFuture }
    return Instant(
      secondsSinceEpoch: min(
        max(sum, Instant.distantPast.secondsSinceEpoch), Instant.distantFuture.secondsSinceEpoch))
  }

  /// The instant `minutes` later, kept within the ends of time like `adding(seconds:)`.
  public func adding(minutes: Int) -> Instant {
    let (seconds, overflow) = Int64(minutes).multipliedReportingOverflow(by: 60)
    if overflow { return minutes < 0 ? .distantPast : .distantFuture }
    return adding(seconds: seconds)
  }

  /// Seconds from `b` to `a`, saturating at the ends of `Int64` (see `adding(seconds:)`).
  public static func - (a: Instant, b: Instant) -> Int64 {
    let (difference, overflow) = a.secondsSinceEpoch.subtractingReportingOverflow(b.secondsSinceEpoch)
    guard !overflow else { return a < b ? .min : .max }
    return difference
  }
}

extension Instant: CustomStringConvertible {
  /// `YYYY-MM-DD HH:MM:SS`, the form every report uses.
  public var description: String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(19)
    appendFormatted(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `YYYY-MM-DD HH:MM:SS` without building a String.
  public func appendFormatted(to bytes: inout [UInt8]) {
    let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 19) { text in
      guard fillFormatted(text.baseAddress!) else { return false }
      bytes.append(contentsOf: UnsafeBufferPointer(text))
      return true
    }
    if written { return }
    date.appendISO(to: &bytes)
    bytes.append(UInt8(ascii: " "))
    let s = secondOfDay
    appendDigits(s / 3600, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(s / 60 % 60, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    appendDigits(s % 60, width: 2, to: &bytes)
  }

  /// Writes `YYYY-MM-DD HH:MM:SS` into 19 bytes at `text`; false (nothing written) for a year
  /// outside 0…9999, which `appendFormatted` writes in more digits.
  @inline(__always)
  func fillFormatted(_ text: UnsafeMutablePointer<UInt8>) -> Bool {
    let (y, m, d) = date.components
    guard (0...9999).contains(y) else { return false }
    let s = secondOfDay
    CivilDate.fillISO(text, y, m, d)
    text[10] = UInt8(ascii: " ")
    CivilDate.fillTwoDigits(text + 11, s / 3600)
    text[13] = UInt8(ascii: ":")
    CivilDate.fillTwoDigits(text + 14, s / 60 % 60)
    text[16] = UInt8(ascii: ":")
    CivilDate.fillTwoDigits(text + 17, s % 60)
    return true
  }
}
