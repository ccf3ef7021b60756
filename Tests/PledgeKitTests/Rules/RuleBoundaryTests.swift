import Testing

@testable import PledgeKit

extension Rules {
  /// The boundaries of every clocked rule (SPEC 2.3, §7.9): done at T is met, one second later is
  /// breached; not done is open up to and including T and breached after it, late by exactly
  /// (A − T) seconds and, for the day-based rules of §7.15, date(A) − date(T) days.
  @Suite struct RuleBoundaryTests {
    @Test(arguments: ClockedRuleCase.all)
    func doneExactlyAtTheDeadlineIsMet(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(c.deadline), asOf: c.lateAsOf)
      #expect(o.start == c.start)
      #expect(o.deadline == c.deadline)
      #expect(o.done == c.deadline)
      #expect(o.state == .met)
      #expect(o.lateSeconds == nil)
      #expect(o.lateDays == nil)
      #expect(o.compensation == .zero)
      #expect(o.unitID == c.unitID)
      #expect(o.personID == c.personID)
    }

    /// keyperson.monthly and the duties due at their period's end are left out: a step one
    /// second after the period is in the next one (see KeypersonMonthlyTests, DutyPeriodicTests).
    @Test(arguments: ClockedRuleCase.all.filter(\.doneAfterTheDeadlineCounts))
    func doneOneSecondAfterTheDeadlineIsBreached(_ c: ClockedRuleCase) throws {
      let late = c.deadline.adding(seconds: 1)
      let o = try RuleBench.obligation(c.rule, of: c.recordID, in: c.facts(late), asOf: c.lateAsOf)
      #expect(o.done == late)
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 1)
      #expect(o.lateDays == (c.lateDays == nil ? nil : 1))
      #expect(o.compensation == c.compensation(lateDays: 1))
    }

    @Test(arguments: ClockedRuleCase.all)
    func doneOneSecondBeforeTheDeadlineIsMet(_ c: ClockedRuleCase) throws {
      let early = c.deadline.adding(seconds: -1)
      let o = try RuleBench.obligation(c.rule, of: c.recordID, in: c.facts(early), asOf: c.lateAsOf)
      #expect(o.state == .met)
      #expect(o.done == early)
    }

    @Test(arguments: ClockedRuleCase.all)
    func notDoneIsOpenUpToAndIncludingTheDeadline(_ c: ClockedRuleCase) throws {
      for asOf in [c.start, c.deadline.adding(seconds: -1), c.deadline] {
        let o = try RuleBench.obligation(c.rule, of: c.recordID, in: c.facts(nil), asOf: asOf)
        #expect(o.state == .open, "at \(asOf)")
        #expect(o.deadline == c.deadline)
        #expect(o.done == nil)
        #expect(o.lateSeconds == nil)
        #expect(o.lateDays == nil)
        #expect(o.compensation == .zero)
      }
    }

    @Test(arguments: ClockedRuleCase.all)
    func notDoneOneSecondAfterTheDeadlineIsBreached(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil), asOf: c.deadline.adding(seconds: 1))
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 1)
      #expect(o.lateDays == (c.lateDays == nil ? nil : 1))
    }

    @Test(arguments: ClockedRuleCase.all)
    func notDoneLongAfterTheDeadlineIsBreachedByTheExactLateness(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(c.rule, of: c.recordID, in: c.facts(nil), asOf: c.lateAsOf)
      #expect(o.state == .breached)
      #expect(o.done == nil)
      #expect(o.deadline == c.deadline)
      #expect(o.lateSeconds == c.lateSeconds)
      #expect(o.lateDays == c.lateDays)
      #expect(o.compensation == c.compensation(lateDays: c.lateDays))
    }

    /// Facts with a time later than A have not happened yet (SPEC 2.3).
    @Test(arguments: ClockedRuleCase.all)
    func aStepDoneAfterAIsNotYetDone(_ c: ClockedRuleCase) throws {
      let beforeT = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(c.deadline), asOf: c.deadline.adding(seconds: -1))
      #expect(beforeT.state == .open)
      #expect(beforeT.done == nil)

      let doneLater = c.lateAsOf.adding(seconds: 3600)
      let afterT = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(doneLater), asOf: c.lateAsOf)
      #expect(afterT.state == .breached)
      #expect(afterT.done == nil)
      #expect(afterT.lateSeconds == c.lateSeconds)
      #expect(afterT.lateDays == c.lateDays)
    }

    /// An obligation whose S is after A is not counted at all (SPEC §7.4).
    @Test(arguments: ClockedRuleCase.all)
    func anObligationStartingAfterAIsNotCounted(_ c: ClockedRuleCase) throws {
      let found = try RuleBench.obligations(
        c.rule, in: c.facts(c.deadline), asOf: c.start.adding(seconds: -1))
      #expect(found.filter { $0.recordID == c.recordID }.isEmpty)
    }

    /// A breach of a minute rule has no late_days, whatever its length (SPEC §7.15).
    @Test(arguments: ClockedRuleCase.all.filter { $0.lateDays == nil })
    func minuteRulesNeverReportLateDays(_ c: ClockedRuleCase) throws {
      let week: Int64 = 7 * 86_400
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil), asOf: c.deadline.adding(seconds: week))
      #expect(o.state == .breached)
      #expect(o.lateSeconds == week)
      #expect(o.lateDays == nil)
    }

    /// The rules of SPEC §7.15, and only they, report late_days.
    @Test func exactlyTheDayBasedRulesReportLateDays() {
      let dayBased = Set(ClockedRuleCase.all.filter { $0.lateDays != nil }.map(\.rule))
      #expect(
        dayBased == [
          .windowOnsite, .reportOnsite, .reportNotify, .reportClose, .pledgeReply,
          .keypersonMonthly, .dutyPeriodic,
        ])
      // Every rule but the two without a clock is covered by a case above.
      #expect(
        Set(ClockedRuleCase.all.map(\.rule))
          == Set(RuleID.allCases).subtracting([.callAnswer, .callInquiry]))
    }
  }
}
