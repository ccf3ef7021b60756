import Testing

@testable import PledgeKit

/// The calendar warning (SPEC 2.1): within 60 days of the end of the covered years, exactly at
/// 60 and not one second before; past the end; no year covered at all.
@Suite struct CalendarHorizonTests {
  static let bundled = Set(2004...2026)

  static func at(_ year: Int, _ month: Int, _ day: Int, _ second: Int = 0) -> Instant {
    Instant(date: CivilDate(year: year, month: month, day: day)!, secondOfDay: second)
  }

  @Test func sixtyDaysBeforeTheEndWarnsAndOneSecondEarlierDoesNot() {
    let atSixty = CalendarHorizon.warning(latestBusinessTime: Self.at(2026, 11, 1), coveredYears: Self.bundled)
    #expect(atSixty?.hasPrefix("warning: the working-day calendar ends on 2026-12-31, 60 days after the latest business time in the store (2026-11-01 00:00:00)") == true, "\(atSixty ?? "nil")")
    #expect(atSixty?.contains("'pledge ingest calendar 2027.csv'") == true)
    #expect(CalendarHorizon.warning(latestBusinessTime: Self.at(2026, 10, 31, 86_399), coveredYears: Self.bundled) == nil)
    let lastSecond = CalendarHorizon.warning(latestBusinessTime: Self.at(2026, 12, 31, 86_399), coveredYears: Self.bundled)
    #expect(lastSecond?.contains("ends on 2026-12-31, 0 days after") == true, "\(lastSecond ?? "nil")")
    #expect(CalendarHorizon.warning(latestBusinessTime: nil, coveredYears: Self.bundled) == nil)
  }

  @Test func pastTheEndAndNoYearCovered() {
    let past = CalendarHorizon.warning(latestBusinessTime: Self.at(2027, 1, 1), coveredYears: Self.bundled)
    #expect(past?.hasPrefix("warning: the latest business time in the store (2027-01-01 00:00:00) is past the end of the working-day calendar (2026-12-31)") == true, "\(past ?? "nil")")
    #expect(past?.contains("calendar 2027.csv") == true)
    // A year missing in the middle: the run of covered years ends before it.
    let gap = CalendarHorizon.warning(latestBusinessTime: Self.at(2025, 6, 1), coveredYears: [2024, 2026])
    #expect(gap?.contains("past the end of the working-day calendar (2024-12-31)") == true, "\(gap ?? "nil")")
    #expect(gap?.contains("calendar 2025.csv") == true)
    let none = CalendarHorizon.warning(latestBusinessTime: Self.at(2026, 3, 1), coveredYears: [])
    #expect(none == "warning: the working-day calendar covers no year; add the State Council's arrangements for 2026 with 'pledge ingest calendar 2026.csv' (CSV date,kind,name; kind off or work)")
  }
}
