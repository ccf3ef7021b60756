/// One period a recurring duty is owed for (SPEC 3, "Recurring duties"): a half-month (the
/// 1st–15th or the 16th–last day), a month, a quarter or a year.
struct DutyPeriod {
  let period: Period
  let firstDay: CivilDate

  /// The period of this kind that holds `date`.
  init(_ period: Period, containing date: CivilDate) {
    self.period = period
    let (year, month, day) = date.components
    switch period {
    case .halfMonth: firstDay = CivilDate(year: year, month: month, day: day <= 15 ? 1 : 16)!
    case .month: firstDay = CivilDate(year: year, month: month, day: 1)!
    case .quarter: firstDay = Quarter(containing: date).firstDay
    case .year: firstDay = CivilDate(year: year, month: 1, day: 1)!
    }
  }

  var lastDay: CivilDate {
    let (year, month, day) = firstDay.components
    switch period {
    case .halfMonth:
      return day == 1
        ? CivilDate(year: year, month: month, day: 15)!
        : CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))!
    case .month: return YearMonth(containing: firstDay).lastDay
    case .quarter: return Quarter(containing: firstDay).lastDay
    case .year: return CivilDate(year: year, month: 12, day: 31)!
    }
  }

  var next: DutyPeriod { DutyPeriod(period, containing: lastDay.adding(days: 1)) }

  /// The last day the duty's activity is due: `by_day` of a month duty (the month's last day
  /// when the month is shorter), else the period's last day. A fixed day: never moved off a
  /// non-working day (SPEC §7.39).
  func dueDay(byDay: Int?) -> CivilDate {
    guard period == .month, let byDay else { return lastDay }
    let (year, month, _) = firstDay.components
    return CivilDate(year: year, month: month, day: min(byDay, CivilDate.daysIn(year: year, month: month)))!
  }

  /// `2026-03-1` / `2026-03-2` (half-months), `2026-03`, `2026Q1` or `2026`: the part of the
  /// obligation's record id after `@`.
  var label: String {
    let (year, month, day) = firstDay.components
    let yearMonth = YearMonth(year: year, month: month)!.description
    switch period {
    case .halfMonth: return yearMonth + (day == 1 ? "-1" : "-2")
    case .month: return yearMonth
    case .quarter: return Quarter(containing: firstDay).description
    case .year: return String(year)
    }
  }
}
