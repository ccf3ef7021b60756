import PledgeKit

/// The dates the generator covers, with the working-day facts it needs about them.
///
/// Working days come from `WorkCalendar.bundled`; a year the calendar does not cover falls back
/// to Monday–Friday (the generator only needs plausible data there, not exact deadlines).
struct Span {
  let first: CivilDate
  let last: CivilDate
  /// The last second of the span: any step later than this has not happened yet.
  let end: Instant
  let coversOnlyKnownYears: Bool

  private let tableStart: Int
  private let working: [Bool]
  private let holidayNames: [String?]

  init(first: CivilDate, last: CivilDate) {
    self.first = first
    self.last = last
    end = last.end
    let calendar = WorkCalendar.bundled
    tableStart = first.dayNumber - 60
    let tableEnd = last.dayNumber + 400
    var working: [Bool] = []
    var names: [String?] = []
    var known = true
    for day in tableStart...tableEnd {
      let date = CivilDate(dayNumber: day)
      if let isWorking = try? calendar.isWorkingDay(date) {
        working.append(isWorking)
      } else {
        working.append(!date.isWeekend)
        if day >= first.dayNumber && day <= last.dayNumber { known = false }
      }
      let entry = calendar.entries[date]
      names.append(entry?.kind == .off ? entry?.name : nil)
    }
    self.working = working
    holidayNames = names
    coversOnlyKnownYears = known
  }

  var dayCount: Int { last.dayNumber - first.dayNumber + 1 }
  var days: ClosedRange<Int> { first.dayNumber...last.dayNumber }

  func isWorkingDay(_ day: Int) -> Bool {
    let i = day - tableStart
    guard i >= 0, i < working.count else {
      return !CivilDate(dayNumber: day).isWeekend
    }
    return working[i]
  }

  /// The name of the public holiday on `day` (春节, 国庆节 …), if it is one.
  func holidayName(_ day: Int) -> String? {
    let i = day - tableStart
    guard i >= 0, i < holidayNames.count else { return nil }
    return holidayNames[i]
  }

  /// The `n`-th working day after `day` (the day itself never counts); `n` = 0 is `day`.
  func workingDay(_ n: Int, after day: Int) -> Int {
    var d = day
    var left = n
    while left > 0 {
      d += 1
      if isWorkingDay(d) { left -= 1 }
    }
    return d
  }

  /// The first working day on or after `day`.
  func firstWorkingDay(onOrAfter day: Int) -> Int {
    var d = day
    while !isWorkingDay(d) { d += 1 }
    return d
  }

  /// The months the span touches, as (year, month), in order.
  var months: [(year: Int, month: Int)] {
    var result: [(Int, Int)] = []
    var (y, m) = (first.year, first.month)
    let (ly, lm) = (last.year, last.month)
    while y < ly || (y == ly && m <= lm) {
      result.append((y, m))
      m += 1
      if m > 12 {
        m = 1
        y += 1
      }
    }
    return result
  }

  /// A time of day (seconds) inside working hours, 08:30–12:00 and 14:00–17:30, weighted
  /// towards mid-morning and mid-afternoon as desks are.
  static func workingSecond(_ random: inout RandomSource) -> Int {
    let slot = workingSlots.pick(&random)
    // 14 half-hour slots: 08:30 … 11:30, 14:00 … 17:00.
    let start = slot < 7 ? 8 * 3600 + 1800 + slot * 1800 : 14 * 3600 + (slot - 7) * 1800
    return start + random.below(1800)
  }

  private static let workingSlots = WeightedTable([
    70, 100, 120, 120, 110, 90, 60,  // 08:30 - 12:00
    70, 95, 105, 100, 90, 75, 50,  // 14:00 - 17:30
  ])
}
