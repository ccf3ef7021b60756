import Testing

@testable import PledgeKit

extension Rules {
  /// duty.periodic: the periods of a recurring duty and the activities that fulfil them
  /// (SPEC 3 "Recurring duties", §7.38, §7.39). Boundaries at T are in ClockedRuleCase.duties.
  @Suite struct DutyPeriodicTests {
    static func obligations(_ events: [Event], asOf: Instant, period: ReportPeriod? = nil) throws -> [Obligation] {
      var found: [Obligation] = []
      try RuleBench.evaluation(events, asOf: asOf).forEachObligation(.init(period: period)) {
        if $0.rule == .dutyPeriodic { found.append($0) }
      }
      return found.sorted { ($0.start, $0.recordID) < ($1.start, $1.recordID) }
    }

    static func summary(_ o: Obligation) -> String {
      "\(o.recordID) \(o.start) \(o.deadline!) \(o.state)"
    }

    /// Half-months are the 1st–15th and the 16th–last day: a meeting on the 15th serves the
    /// first, one on the 16th the second.
    @Test func halfMonthsSplitOnTheSixteenth() throws {
      let events = RuleBench.duty("H", unit: "U", kind: "例会", every: .halfMonth, startsOn: civil(2026, 2, 1))
        + RuleBench.activity("A1", unit: "U", kind: "例会", held: cst(2026, 2, 15, 23, 59, 59))
        + RuleBench.activity("A2", unit: "U", kind: "例会", held: cst(2026, 2, 16))
      let found = try Self.obligations(events, asOf: cst(2026, 3, 1, 0, 0, 1))
      #expect(
        found.map(Self.summary) == [
          "H@2026-02-1 2026-02-01 00:00:00 2026-02-15 23:59:59 met",
          "H@2026-02-2 2026-02-16 00:00:00 2026-02-28 23:59:59 met",
          "H@2026-03-1 2026-03-01 00:00:00 2026-03-15 23:59:59 open",
        ])
      #expect(found[0].done == cst(2026, 2, 15, 23, 59, 59))
      #expect(found[1].done == cst(2026, 2, 16))
    }

    /// by_day beyond a month's length is its last day (31 in February 2026: the 28th), and
    /// fixed: a deadline on a Sunday does not roll to Monday.
    @Test func byDayThirtyOneInFebruaryAndOnASunday() throws {
      let events = RuleBench.duty("R", unit: "U", kind: "月报", every: .month, byDay: 31, startsOn: civil(2026, 2, 1))
        + RuleBench.duty("S", unit: "U", kind: "月报", every: .month, byDay: 25, startsOn: civil(2026, 1, 1), endsOn: civil(2026, 1, 31))
      let found = try Self.obligations(events, asOf: cst(2026, 3, 2))
      #expect(
        found.map(Self.summary) == [
          "S@2026-01 2026-01-01 00:00:00 2026-01-25 23:59:59 breached",  // Sunday, not rolled
          "R@2026-02 2026-02-01 00:00:00 2026-02-28 23:59:59 breached",
          "R@2026-03 2026-03-01 00:00:00 2026-03-31 23:59:59 open",
        ])
    }

    /// A duty has no responsible person: selecting a person whose id is the duty's (`pledge
    /// show person D1`) gives none of its periods, while the key person of that id still has
    /// its months.
    @Test func aPersonWithADutysIdIsNotTheDuty() throws {
      let events = RuleBench.duty("D1", unit: "U", kind: "例会", every: .month, startsOn: civil(2026, 1, 1))
        + RuleBench.person("D1", enrolled: civil(2026, 1, 1), unit: "U", helper: "H")
      var found: [String] = []
      try RuleBench.evaluation(events, asOf: cst(2026, 2, 2)).forEachObligation(.init(personID: "D1")) {
        found.append("\($0.rule.rawValue) \($0.recordID)")
      }
      #expect(found.sorted() == ["keyperson.monthly D1@2026-01", "keyperson.monthly D1@2026-02"])
    }

    /// Quarter and year periods end on the last day of March and December.
    @Test func quarterAndYearEnds() throws {
      let events = RuleBench.duty("Q", unit: "U", kind: "检查", every: .quarter, startsOn: civil(2025, 10, 1))
        + RuleBench.duty("Y", unit: "U", kind: "总评", every: .year, startsOn: civil(2025, 1, 1))
        + RuleBench.activity("A1", unit: "U", kind: "检查", held: cst(2025, 12, 31, 23, 59, 59))
        + RuleBench.activity("A2", unit: "U", kind: "总评", held: cst(2026, 1, 1))
      let found = try Self.obligations(events, asOf: cst(2026, 1, 2))
      #expect(
        found.map(Self.summary) == [
          "Y@2025 2025-01-01 00:00:00 2025-12-31 23:59:59 breached",  // the 01-01 meeting is 2026's
          "Q@2025Q4 2025-10-01 00:00:00 2025-12-31 23:59:59 met",
          "Q@2026Q1 2026-01-01 00:00:00 2026-03-31 23:59:59 open",
          "Y@2026 2026-01-01 00:00:00 2026-12-31 23:59:59 met",
        ])
    }

    /// A period only partly inside starts_on…ends_on is not owed.
    @Test func periodsPartlyOutsideTheDutyAreNotOwed() throws {
      let events = RuleBench.duty(
        "M", unit: "U", kind: "例会", every: .month, startsOn: civil(2026, 1, 10), endsOn: civil(2026, 3, 30))
      let found = try Self.obligations(events, asOf: cst(2026, 4, 30))
      #expect(found.map(\.recordID) == ["M@2026-02"])
    }

    /// Only an activity of the duty's kind by the duty's unit counts; one after A is not yet
    /// done.
    @Test func onlyItsUnitsActivityOfItsKindCounts() throws {
      let duty = RuleBench.duty("M", unit: "U", kind: "例会", every: .month, startsOn: civil(2026, 3, 1))
      let others = RuleBench.activity("A1", unit: "OTHER", kind: "例会", held: cst(2026, 3, 5))
        + RuleBench.activity("A2", unit: "U", kind: "学习", held: cst(2026, 3, 6))
        + RuleBench.activity("A3", unit: "U", kind: "例会 ", held: cst(2026, 3, 7))
      #expect(try Self.obligations(duty + others, asOf: cst(2026, 4, 1)).map(\.state) == [.breached, .open])
      let later = RuleBench.activity("A4", unit: "U", kind: "例会", held: cst(2026, 3, 20))
      #expect(try Self.obligations(duty + later, asOf: cst(2026, 3, 19)).map(\.state) == [.open])
      #expect(try Self.obligations(duty + later, asOf: cst(2026, 3, 20)).map(\.state) == [.met])
    }

    /// A correction of a duty row applies to every period, past ones included.
    @Test func aCorrectionAppliesToPastPeriods() throws {
      let duty = RuleBench.duty("M", unit: "U", kind: "月报", every: .month, byDay: 25, startsOn: civil(2026, 1, 1))
      let sent = RuleBench.activity("A1", unit: "U", kind: "月报", held: cst(2026, 1, 26))
      #expect(try Self.obligations(duty + sent, asOf: cst(2026, 2, 1)).first?.state == .breached)
      let corrected = duty + sent + [Event(.duty(.dueDaySet), "M", .integer(28))]
      #expect(try Self.obligations(corrected, asOf: cst(2026, 2, 1)).first?.state == .met)
    }

    /// Without starts_on a duty is owed always: in any period a report asks for, and, when
    /// nothing bounds it (`pledge show`), from the store's first business time.
    @Test func withoutStartsOnOwedAlways() throws {
      let events = RuleBench.duty("M", unit: "U", kind: "例会", every: .month)
        + RuleBench.activity("A1", unit: "U", kind: "例会", held: cst(2026, 2, 10))
      #expect(try Self.obligations(events, asOf: cst(2026, 3, 15)).map(\.recordID) == ["M@2026-02", "M@2026-03"])
      let enrolled = events + RuleBench.person("KP", enrolled: civil(2025, 12, 20))
      #expect(
        try Self.obligations(enrolled, asOf: cst(2026, 3, 15)).map(\.recordID) == [
          "M@2025-12", "M@2026-01", "M@2026-02", "M@2026-03",
        ])
      let q4 = try Self.obligations(events, asOf: cst(2026, 3, 15), period: .quarter(Quarter("2025Q4")!))
      #expect(q4.map(\.recordID) == ["M@2025-10", "M@2025-11", "M@2025-12"])
    }

    /// A duty's obligation has its unit, no person, and the duty's own clause.
    @Test func unitNoPersonAndTheDutysClause() throws {
      let events = RuleBench.duty("M", unit: "U", kind: "例会", every: .month, clause: "站所例会制度 一", startsOn: civil(2026, 3, 1))
      let o = try #require(try Self.obligations(events, asOf: cst(2026, 4, 2)).first)
      #expect(o.unitID == "U")
      #expect(o.personID == nil)
      #expect(o.clauseText == "站所例会制度 一")
      #expect(o.lateDays == 2)
      #expect(o.compensation == .zero)
    }
  }
}
