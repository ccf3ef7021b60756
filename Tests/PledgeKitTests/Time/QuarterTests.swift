import Testing

@testable import PledgeKit

/// Quarters (`--quarter 2026Q1`) and months (`PERSON@2026-02`).
@Suite struct QuarterTests {
  static let parsed: [(String, String?)] = [
    ("2026Q1", "2026Q1"), ("2026q2", "2026Q2"), ("2026-Q3", "2026Q3"), ("2026-q4", "2026Q4"),
    ("1900Q1", "1900Q1"), ("9999Q4", "9999Q4"),
    ("2026Q0", nil), ("2026Q5", nil), ("2026Q12", nil), ("26Q1", nil), ("02026Q1", nil),
    ("2026", nil), ("2026Q", nil), ("Q1", nil), ("", nil), (" 2026Q1", nil), ("2026Q1 ", nil),
    ("2026 Q1", nil), ("2026/Q1", nil), ("1899Q4", nil), ("２０２６Q1", nil), ("2026-01", nil),
  ]

  @Test(arguments: parsed)
  func parsing(text: String, expected: String?) {
    #expect(Quarter(text)?.description == expected)
  }

  /// Quarter → first day, last day, months.
  static let spans: [(String, String, String, [String])] = [
    ("2026Q1", "2026-01-01", "2026-03-31", ["2026-01", "2026-02", "2026-03"]),
    ("2026Q2", "2026-04-01", "2026-06-30", ["2026-04", "2026-05", "2026-06"]),
    ("2026Q3", "2026-07-01", "2026-09-30", ["2026-07", "2026-08", "2026-09"]),
    ("2026Q4", "2026-10-01", "2026-12-31", ["2026-10", "2026-11", "2026-12"]),
    ("2024Q1", "2024-01-01", "2024-03-31", ["2024-01", "2024-02", "2024-03"]),
    ("9999Q4", "9999-10-01", "9999-12-31", ["9999-10", "9999-11", "9999-12"]),
  ]

  @Test(arguments: spans)
  func daysAndMonths(text: String, first: String, last: String, months: [String]) throws {
    let quarter = try #require(Quarter(text))
    #expect(quarter.firstDay.description == first)
    #expect(quarter.lastDay.description == last)
    #expect(quarter.start.description == first + " 00:00:00")
    #expect(quarter.end.description == last + " 23:59:59")
    #expect(quarter.months.map(\.description) == months)
  }

  @Test func nextAndPrevious() throws {
    let q1 = try #require(Quarter("2026Q1"))
    #expect(q1.next.description == "2026Q2")
    #expect(q1.previous.description == "2025Q4")
    #expect(Quarter("2026Q4")?.next.description == "2027Q1")
    #expect(Quarter("2026Q3")?.previous.description == "2026Q2")
    #expect(q1.next.previous == q1)
    #expect(q1 < q1.next)
    #expect(Quarter("2025Q4")! < q1)
    #expect(Quarter(year: 2026, number: 1) == q1)
    #expect(Quarter(year: 2026, number: 5) == nil)
    #expect(Quarter(year: 10_000, number: 1) == nil)
  }

  static let containing: [(String, String)] = [
    ("2026-01-01", "2026Q1"), ("2026-03-31", "2026Q1"), ("2026-04-01", "2026Q2"),
    ("2026-06-30", "2026Q2"), ("2026-07-01", "2026Q3"), ("2026-12-31", "2026Q4"),
  ]

  @Test(arguments: containing)
  func quarterContainingADate(date: String, quarter: String) throws {
    let day = try TimeParser.date(date)
    #expect(Quarter(containing: day).description == quarter)
    let q = try #require(Quarter(quarter))
    #expect(q.contains(day))
    #expect(q.contains(day.start))
    #expect(q.contains(day.end))
    #expect(!q.next.contains(day))
    #expect(!q.previous.contains(day.end))
  }

  @Test func instantsAtTheEdgesOfAQuarter() throws {
    let q1 = try #require(Quarter("2026Q1"))
    #expect(!q1.contains(try TimeParser.timestamp("2025-12-31 23:59:59")))
    #expect(q1.contains(try TimeParser.timestamp("2026-01-01 00:00:00")))
    #expect(q1.contains(try TimeParser.timestamp("2026-03-31 23:59:59")))
    #expect(!q1.contains(try TimeParser.timestamp("2026-04-01 00:00:00")))
  }

  @Test func yearMonths() throws {
    let february = try #require(YearMonth(year: 2026, month: 2))
    #expect(february.description == "2026-02")
    #expect(february.firstDay.description == "2026-02-01")
    #expect(february.lastDay.description == "2026-02-28")
    #expect(YearMonth(year: 2024, month: 2)?.lastDay.description == "2024-02-29")
    #expect(YearMonth(year: 2026, month: 4)?.lastDay.description == "2026-04-30")
    #expect(YearMonth(year: 2026, month: 12)?.next.description == "2027-01")
    #expect(february.next.description == "2026-03")
    #expect(YearMonth(year: 2026, month: 13) == nil)
    #expect(YearMonth(year: 2026, month: 0) == nil)
    #expect(YearMonth(containing: CivilDate(year: 2026, month: 2, day: 28)!) == february)
    #expect(YearMonth(year: 2025, month: 12)! < february)
    #expect(february < february.next)
  }
}
