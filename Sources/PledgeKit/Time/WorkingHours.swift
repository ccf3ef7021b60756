/// Office hours, for the "non-working time" allowance of the emergency rules (SPEC 2.2, §7.5):
/// by default 08:30–12:00 and 14:00–17:30 on working days, make-up days included, each
/// interval half-open. Every instant of a non-working day is off hours.
public struct WorkingHours: Sendable, Equatable, CustomStringConvertible {
  /// Half-open intervals of seconds since midnight.
  public let intervals: [Range<Int>]

  public static let standard = WorkingHours(intervals: [
    (8 * 3600 + 30 * 60)..<(12 * 3600), (14 * 3600)..<(17 * 3600 + 30 * 60),
  ])

  public init(intervals: [Range<Int>]) { self.intervals = intervals }

  /// Parses `08:30-12:00,14:00-17:30`.
  public init?(parsing text: String) {
    var intervals: [Range<Int>] = []
    for part in text.split(separator: ",") {
      let ends = part.split(separator: "-")
      guard ends.count == 2, let from = WorkingHours.clock(ends[0]),
        let to = WorkingHours.clock(ends[1]), from < to
      else { return nil }
      intervals.append(from..<to)
    }
    guard !intervals.isEmpty else { return nil }
    self.intervals = intervals.sorted { $0.lowerBound < $1.lowerBound }
  }

  private static func clock(_ text: Substring) -> Int? {
    let parts = text.trimmingSpaces().split(separator: ":")
    guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
      parts[1].count == 2, (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60
    else { return nil }
    return h * 3600 + m * 60
  }

  public func isOffHours(_ instant: Instant, calendar: WorkCalendar) throws(CalendarGap) -> Bool {
    guard try calendar.isWorkingDay(instant.date) else { return true }
    let second = instant.secondOfDay
    return !intervals.contains { $0.contains(second) }
  }

  /// `08:30-12:00,14:00-17:30`.
  public var description: String {
    func clock(_ s: Int) -> String {
      var bytes: [UInt8] = []
      appendDigits(s / 3600, width: 2, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendDigits(s / 60 % 60, width: 2, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    return intervals.map { clock($0.lowerBound) + "-" + clock($0.upperBound) }
      .joined(separator: ",")
  }
}
