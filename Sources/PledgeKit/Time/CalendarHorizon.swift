/// Where the working-day calendar runs out, seen from a store (SPEC 2.1): the arrangements are
/// published a year at a time, so every December the calendar ends. Whenever the latest
/// business time comes within `warningDays` of the end of the last covered year, `ingest`,
/// `report` and `status` say so, weeks before a deadline needs the next year.
public enum CalendarHorizon {
  public static let warningDays = 60

  /// The last day of the run of covered years that holds `time`'s year (the last covered
  /// year before it when its own year is not covered); nil when no year is covered.
  static func end(after time: Instant, coveredYears: Set<Int>) -> CivilDate? {
    var year = time.date.year
    if coveredYears.contains(year) {
      while coveredYears.contains(year + 1) { year += 1 }
    } else {
      guard let earlier = coveredYears.filter({ $0 < year }).max() else { return nil }
      year = earlier
    }
    return CivilDate(year: year, month: 12, day: 31)
  }

  /// The warning line, or nil when the calendar reaches far enough (or the store holds no
  /// business time).
  public static func warning(latestBusinessTime latest: Instant?, coveredYears: Set<Int>) -> String? {
    guard let latest else { return nil }
    let command = { (year: Int) in
      "add the State Council's arrangements for \(year) with 'pledge ingest calendar \(year).csv'"
        + " (CSV date,kind,name; kind off or work)"
    }
    guard let end = end(after: latest, coveredYears: coveredYears) else {
      return "warning: the working-day calendar covers no year; " + command(latest.date.year)
    }
    let next = end.year + 1
    if latest > end.end {
      return "warning: the latest business time in the store (\(latest)) is past the end of the"
        + " working-day calendar (\(end)); deadlines after \(end) cannot be computed and reports"
        + " that need them fail; " + command(next)
    }
    let days = end - latest.date
    guard days <= warningDays else { return nil }
    return "warning: the working-day calendar ends on \(end), \(days) day\(days == 1 ? "" : "s") after the"
      + " latest business time in the store (\(latest)); deadlines after it cannot be computed;"
      + " " + command(next) + " (published each November)"
  }
}
