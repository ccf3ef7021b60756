/// How long a rule allows (SPEC 2.2).
public enum Limit: Sendable, Equatable {
  /// T = S + limit.
  case minutes(Int)
  /// Civil Code art. 201/203: the day of S is not counted; T is the end of the date S + N days,
  /// moved to the end of the next working day when that date is not a working day.
  case calendarDays(Int)
  /// Administrative Licensing Law art. 82: T is the end of the N-th working day after the date
  /// of S; the day of S never counts.
  case workingDays(Int)

  /// The deadline T for a clock started at `start`.
  public func deadline(from start: Instant, calendar: WorkCalendar) throws(CalendarGap) -> Instant {
    switch self {
    case .minutes(let minutes):
      return start.adding(minutes: minutes)
    case .calendarDays(let days):
      return try calendar.firstWorkingDay(onOrAfter: start.date.adding(days: days)).end
    case .workingDays(let days):
      return try calendar.workingDay(days, after: start.date).end
    }
  }
}
