import Testing

@testable import PledgeKit

extension Rules {
  /// The evaluation instant A (§7.1–§7.4), quarters (SPEC 2.3) and calendar gaps (§7.10).
  @Suite struct EvaluationTests {
    // MARK: The default A (§7.1)

    @Test func aDefaultsToTheLatestBusinessTime() throws {
      let facts =
        RuleBench.call(
          "C1", received: cst(2026, 3, 4, 10), dispatched: cst(2026, 3, 4, 10, 1),
          arrived: cst(2026, 3, 4, 10, 20), reported: cst(2026, 3, 4, 11, 5))
        + RuleBench.complaint(
          "R1", kind: .report, received: cst(2026, 3, 2), closed: cst(2026, 3, 3))
      #expect(try RuleBench.evaluation(facts, asOf: nil).asOf == cst(2026, 3, 4, 11, 5))
    }

    /// A superseded value still counts: correcting a time earlier does not pull A back.
    @Test func aCountsSupersededValues() throws {
      let facts =
        RuleBench.call(
          "C1", received: cst(2026, 3, 4, 10), unitClass: .one, zone: .urban,
          dispatched: cst(2026, 3, 4, 10, 1), arrived: cst(2026, 3, 4, 10, 30))
        + [Event(.call(.arrived), "C1", .instant(cst(2026, 3, 4, 10, 5)))]
      let projection = RuleBench.project(facts)
      #expect(projection.calls["C1"]?.arrivedAt == cst(2026, 3, 4, 10, 5))
      let evaluation = try Evaluation(projection: projection, options: RuleOptions())
      #expect(evaluation.asOf == cst(2026, 3, 4, 10, 30))
      let o = try #require(
        try evaluation.obligations(ofRecord: "C1").first { $0.rule == .callArrive })
      #expect(o.done == cst(2026, 3, 4, 10, 5))
      #expect(o.state == .met)
    }

    /// due_at never counts for A, however late it lies.
    @Test func dueAtDoesNotCountForA() throws {
      let facts =
        RuleBench.complaint("R1", kind: .report, received: cst(2026, 3, 2, 9), due: cst(2026, 9, 1))
        + RuleBench.visit("V1", kind: .window, started: cst(2026, 3, 2, 8), due: cst(2026, 12, 1))
      #expect(try RuleBench.evaluation(facts, asOf: nil).asOf == cst(2026, 3, 2, 9))
    }

    /// Register dates count as 00:00:00 of their day; the units register never counts.
    @Test func keypersonDatesCountForAAtMidnight() throws {
      let facts =
        RuleBench.call("C1", received: cst(2026, 3, 4, 10))
        + RuleBench.person("P1", enrolled: civil(2026, 1, 1), released: civil(2026, 3, 20))
        + RuleBench.unit("U1", unitClass: .one, committedMinutes: 10)
      #expect(try RuleBench.evaluation(facts, asOf: nil).asOf == cst(2026, 3, 20))
    }

    @Test func eachBusinessTimeCountsForA() throws {
      let base = cst(2026, 3, 1, 8)
      let late = cst(2026, 3, 9, 17, 45)
      let cases: [[Event]] = [
        RuleBench.call("C", received: base, answered: late),
        RuleBench.call("C", received: base, dispatched: late),
        RuleBench.call("C", received: base, departed: late),
        RuleBench.call("C", received: base, arrived: late),
        RuleBench.call("C", received: base, reported: late),
        RuleBench.visit("V", kind: .window, started: late),
        RuleBench.visit("V", kind: .window, started: base, ended: late),
        RuleBench.complaint("R", kind: .report, received: late),
        RuleBench.complaint("R", kind: .report, received: base, onsite: late),
        RuleBench.complaint("R", kind: .report, received: base, notified: late),
        RuleBench.complaint("R", kind: .report, received: base, replied: late),
        RuleBench.complaint("R", kind: .report, received: base, closed: late),
        RuleBench.call("C", received: base) + RuleBench.dispatch("D", call: "C", dispatched: late),
        RuleBench.call("C", received: base) + RuleBench.dispatch("D", call: "C", dispatched: base, departed: late),
        RuleBench.call("C", received: base) + RuleBench.dispatch("D", call: "C", dispatched: base, arrived: late),
        RuleBench.call("C", received: base) + RuleBench.dispatch("D", call: "C", dispatched: base, reported: late),
        RuleBench.call("C", received: base) + RuleBench.activity("A", unit: "U", kind: "例会", held: late),
      ]
      for facts in cases {
        #expect(
          try RuleBench.evaluation(facts, asOf: nil).asOf == late, "\(facts.map(\.kind.name))")
      }
    }

    /// Registers never move A (SPEC §7.1, §7.36, §7.38): a duty's starts_on and ends_on and a
    /// calendar date, however late, leave it at the latest time of the logs.
    @Test func registerDatesDoNotCountForA() throws {
      let base = cst(2026, 3, 1, 8)
      let facts = RuleBench.call("C", received: base)
        + RuleBench.duty("D", unit: "U", kind: "例会", every: .month, startsOn: civil(2026, 12, 1), endsOn: civil(2027, 12, 31))
        + [Event(.calendarDay(.arranged), "2027-01-01", .dayKind(.off))]
      #expect(try RuleBench.evaluation(facts, asOf: nil).asOf == base)
    }

    @Test func withNoBusinessTimeAndNoAsOfThereIsNothingToEvaluate() {
      let registersOnly =
        RuleBench.unit("U1", unitClass: .one)
        + [Event(.complaint(.duePromised), "R1", .instant(cst(2026, 3, 1)))]
      #expect(throws: Diagnostic.self) { try RuleBench.evaluation(registersOnly, asOf: nil) }
      #expect(throws: Diagnostic.self) { try RuleBench.evaluation([], asOf: nil) }
      #expect(throws: Never.self) { try RuleBench.evaluation([], asOf: cst(2026, 3, 1)) }
    }

    /// An explicit A wins over the latest business time, earlier or later.
    @Test func anExplicitAWins() throws {
      let facts = RuleBench.call("C1", received: cst(2026, 3, 4, 10))
      #expect(try RuleBench.evaluation(facts, asOf: cst(2026, 1, 1)).asOf == cst(2026, 1, 1))
      #expect(try RuleBench.evaluation(facts, asOf: cst(2026, 6, 1)).asOf == cst(2026, 6, 1))
    }

    // MARK: Records and facts after A (§7.4)

    @Test func aRecordStartingAfterADoesNotExist() throws {
      let facts =
        RuleBench.complaint("R1", kind: .pledge, received: cst(2026, 3, 10), due: cst(2026, 3, 12))
        + RuleBench.visit(
          "V1", kind: .window, started: cst(2026, 3, 10), matter: .commitment, due: cst(2026, 3, 12)
        )
      let evaluation = try RuleBench.evaluation(facts, asOf: cst(2026, 3, 9, 23, 59, 59))
      var all: [Obligation] = []
      try evaluation.forEachObligation(in: nil) { all.append($0) }
      #expect(all.isEmpty)
      #expect(try evaluation.obligations(ofRecord: "R1").isEmpty)
      #expect(try evaluation.obligations(ofRecord: "V1").isEmpty)
    }

    /// At the default A, a fact corrected to a later time than the latest still stands in time.
    @Test func theDefaultAKnowsEveryFact() throws {
      let facts = RuleBench.complaint(
        "P1", kind: .pledge, received: cst(2026, 3, 4, 10), replied: cst(2026, 3, 20, 9))
      let o = try #require(
        try RuleBench.evaluation(facts, asOf: nil).obligations(ofRecord: "P1").first)
      #expect(o.done == cst(2026, 3, 20, 9))
      #expect(o.state == .breached)
      #expect(o.lateDays == 2)
      #expect(o.compensation == Money(yuan: 20))
    }

    // MARK: Quarters

    @Test func anObligationBelongsToTheQuarterOfItsStart() throws {
      let facts =
        RuleBench.complaint("Q1-LAST", kind: .pledge, received: cst(2026, 3, 31, 23, 59, 59))
        + RuleBench.complaint("Q2-FIRST", kind: .pledge, received: cst(2026, 4, 1))
        + RuleBench.complaint("Q4-2025", kind: .pledge, received: cst(2025, 12, 31, 23, 59, 59))
        // Received in Q1, dispatched in Q2: the call.depart obligation is Q2's.
        + RuleBench.call(
          "C1", received: cst(2026, 3, 31, 23, 59, 30), rings: 2, unitClass: .one,
          dispatched: cst(2026, 4, 1, 0, 0, 10))
      let evaluation = try RuleBench.evaluation(facts, asOf: cst(2026, 5, 1))
      func records(_ quarter: String) throws -> [String] {
        var found: [String] = []
        try evaluation.forEachObligation(in: Quarter(quarter)) {
          found.append("\($0.recordID) \($0.rule.rawValue)")
        }
        return found.sorted()
      }
      #expect(try records("2026Q1") == ["C1 call.answer", "Q1-LAST pledge.reply"])
      #expect(try records("2026Q2") == ["C1 call.depart", "Q2-FIRST pledge.reply"])
      #expect(try records("2025Q4") == ["Q4-2025 pledge.reply"])
      // A deadline in the next quarter does not move the obligation.
      let q1 = try #require(try evaluation.obligations(ofRecord: "Q1-LAST").first)
      #expect(q1.deadline == cst(2026, 4, 15, 23, 59, 59))
    }

    // MARK: Calendar gaps (§7.10)

    private static let gapFacts =
      // 12-28 + 7 days = 2027-01-04: needs 2027.
      RuleBench.complaint("R-DEC", kind: .report, received: cst(2026, 12, 28, 10))
      + RuleBench.complaint("R-SEP", kind: .report, received: cst(2026, 9, 1, 10))

    @Test func aDeadlineInAnUncoveredYearThrowsWhenNeeded() throws {
      let evaluation = try RuleBench.evaluation(Self.gapFacts, asOf: cst(2026, 12, 30))
      // Evaluation goes on past the gap and counts, per year, the obligations it holds up:
      // R-DEC's report.onsite (3 working days: 12-29, 12-30, 12-31 — in 2026) does not need
      // 2027; report.notify (7 days: 2027-01-04) and report.close (2027-01-27) do.
      var gaps = CalendarGaps()
      gaps.period = "2026Q4"
      #expect(throws: CalendarGaps.self) { try evaluation.forEachObligation(in: Quarter("2026Q4")) { _ in } }
      do {
        try evaluation.forEachObligation(in: Quarter("2026Q4")) { _ in }
      } catch let thrown as CalendarGaps {
        #expect(thrown.counts == [2027: 2])
        #expect(thrown.period == "2026Q4")
        #expect(
          thrown.message.hasPrefix(
            "2 obligations of 2026Q4 need the working-day calendar of 2027, which Pledge does not"
              + " cover; add the State Council's arrangements with 'pledge ingest calendar 2027.csv'"))
      }
      #expect(throws: CalendarGaps.self) { try evaluation.obligations(ofRecord: "R-DEC") }
      #expect(CalendarGap(year: 2027).message.contains("2027"))
      #expect(CalendarGap(year: 2027).message.contains("pledge ingest calendar 2027.csv"))
    }

    @Test func anUncoveredYearIsNoErrorWhenNotNeeded() throws {
      let evaluation = try RuleBench.evaluation(Self.gapFacts, asOf: cst(2026, 12, 30))
      var q3: [Obligation] = []
      try evaluation.forEachObligation(in: Quarter("2026Q3")) { q3.append($0) }
      #expect(q3.count == 3)
      #expect(try evaluation.obligations(ofRecord: "R-SEP").count == 3)

      // Before S, the December complaint is not counted, so nothing needs 2027.
      let early = try RuleBench.evaluation(Self.gapFacts, asOf: cst(2026, 12, 27))
      #expect(throws: Never.self) { try early.forEachObligation(in: Quarter("2026Q4")) { _ in } }
    }

    /// An exempt obligation needs no deadline to be decided.
    @Test func anExemptObligationNeedsNoCoveredYear() throws {
      // report.close: 12-15 + 30 = 2027-01-14; report.onsite and report.notify end in 2026.
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: cst(2026, 12, 15, 10), serious: true)
      let all = try RuleBench.evaluation(facts, asOf: cst(2026, 12, 31)).obligations(ofRecord: "R1")
      #expect(all.map(\.rule) == [.reportOnsite, .reportNotify, .reportClose])
      #expect(all.last?.state == .exempt)
    }

    /// Minute deadlines need no calendar; the emergency allowance does, for the day of S.
    @Test func minuteRulesInAnUncoveredYear() throws {
      let classOne = RuleBench.call(
        "C1", received: cst(2027, 1, 5, 10), unitClass: .one, zone: .urban,
        dispatched: cst(2027, 1, 5, 10, 1))
      let o = try RuleBench.obligation(.callDepart, of: "C1", in: classOne, asOf: cst(2027, 1, 6))
      #expect(o.deadline == cst(2027, 1, 5, 10, 2))

      let emergency = RuleBench.call(
        "E1", received: cst(2027, 1, 5, 10), category: "突发事件", dispatched: cst(2027, 1, 5, 10, 1))
      let evaluation = try RuleBench.evaluation(emergency, asOf: cst(2027, 1, 6))
      #expect(throws: CalendarGaps.self) { try evaluation.obligations(ofRecord: "E1") }
    }

    /// A calendar that covers the year (`--calendar`) settles it.
    @Test func aSuppliedYearSettlesTheGap() throws {
      let calendar = WorkCalendar.bundled.adding([
        WorkCalendar.Entry(date: civil(2027, 1, 1), kind: .off, name: "元旦")
      ])
      let all = try RuleBench.evaluation(
        Self.gapFacts, asOf: cst(2026, 12, 30), options: RuleOptions(calendar: calendar)
      )
      .obligations(ofRecord: "R-DEC")
      let notify = try #require(all.first { $0.rule == .reportNotify })
      #expect(notify.deadline == cst(2027, 1, 4, 23, 59, 59))
    }

    // MARK: Working hours (`--working-hours`)

    @Test func workingHoursCanBeChanged() throws {
      let options = RuleOptions(workingHours: try #require(WorkingHours(parsing: "09:00-17:00")))
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 8), category: "emergency",
        dispatched: cst(2026, 3, 4, 8, 45))
      let changed = try RuleBench.obligation(
        .emergencyReady, of: "E1", in: facts, asOf: cst(2026, 3, 5), options: options)
      #expect(changed.deadline == cst(2026, 3, 4, 9, 45))
      let standard = try RuleBench.obligation(
        .emergencyReady, of: "E1", in: facts, asOf: cst(2026, 3, 5))
      #expect(standard.deadline == cst(2026, 3, 4, 9, 15))
    }
  }
}
