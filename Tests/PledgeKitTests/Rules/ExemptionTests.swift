import Testing

@testable import PledgeKit

extension Rules {
  /// The exemptions of SPEC 3 and §7.18, §7.31: an exempt obligation is neither met nor breached
  /// and owes nothing; each exemption frees only its own rules.
  @Suite struct ExemptionTests {
    private static func cancelled(_ c: ClockedRuleCase) -> Event {
      Event(.call(.cancelled), c.callID, .flag(true))
    }

    private static func flag(_ fact: ComplaintFact, _ c: ClockedRuleCase) -> Event {
      Event(.complaint(fact), c.recordID, .flag(true))
    }

    // MARK: Cancelled calls (§7.31)

    @Test(arguments: ClockedRuleCase.calls)
    func aCancelledCallWhoseStepWasNeverDoneIsExempt(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [Self.cancelled(c)], asOf: c.lateAsOf)
      #expect(o.state == .exempt)
      #expect(o.done == nil)
      #expect(o.lateSeconds == nil)
      #expect(o.lateDays == nil)
      #expect(o.compensation == .zero)
    }

    /// A unit that departed (or arrived) late before the order was withdrawn still breached.
    @Test(arguments: ClockedRuleCase.calls)
    func aCancelledCallWhoseStepWasDoneLateIsBreached(_ c: ClockedRuleCase) throws {
      let late = c.deadline.adding(seconds: 1)
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(late) + [Self.cancelled(c)], asOf: c.lateAsOf)
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 1)
    }

    @Test(arguments: ClockedRuleCase.calls)
    func aCancelledCallWhoseStepWasDoneInTimeIsMet(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(c.deadline) + [Self.cancelled(c)], asOf: c.lateAsOf)
      #expect(o.state == .met)
    }

    @Test(arguments: ClockedRuleCase.calls)
    func cancelledNoIsNoExemption(_ c: ClockedRuleCase) throws {
      let notCancelled = Event(.call(.cancelled), c.callID, .flag(false))
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [notCancelled], asOf: c.lateAsOf)
      #expect(o.state == .breached)
    }

    /// Cancellation exempts each clocked rule on its own: the unit departed late, then the order
    /// was withdrawn before it arrived.
    @Test func cancellationExemptsOnlyTheStepsNotDone() throws {
      let facts =
        RuleBench.call(
          "C1", received: cst(2026, 3, 4, 9, 59), category: "emergency", unit: "U1",
          unitClass: .one,
          zone: .urban, dispatched: cst(2026, 3, 4, 10), departed: cst(2026, 3, 4, 10, 1, 1),
          cancelled: true)
      let asOf = cst(2026, 3, 4, 18)
      let states = try Dictionary(
        uniqueKeysWithValues: [RuleID.callDepart, .callArrive, .emergencyReady, .emergencyArrive]
          .map {
            ($0, try RuleBench.obligation($0, of: "C1", in: facts, asOf: asOf).state)
          })
      #expect(
        states == [
          .callDepart: .breached, .callArrive: .exempt, .emergencyReady: .met,
          .emergencyArrive: .exempt,
        ])
    }

    /// call.answer and call.inquiry have no exemption.
    @Test func cancellationDoesNotExemptAnsweringOrInquiry() throws {
      let facts = RuleBench.call(
        "C1", received: cst(2026, 3, 4, 10), rings: 5, inquirySeconds: 200, cancelled: true)
      for rule in [RuleID.callAnswer, .callInquiry] {
        #expect(
          try RuleBench.obligation(rule, of: "C1", in: facts, asOf: cst(2026, 3, 5)).state
            == .breached)
      }
    }

    // MARK: serious (report.close only)

    @Test func aSeriousReportIsExemptFromClosingInThirtyDays() throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .reportClose })
      let open = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [Self.flag(.severityAssessed, c)],
        asOf: c.lateAsOf)
      #expect(open.state == .exempt)
      #expect(open.lateSeconds == nil)
      #expect(open.lateDays == nil)
      #expect(open.compensation == .zero)
      let closedLate = try RuleBench.obligation(
        c.rule, of: c.recordID,
        in: c.facts(c.deadline.adding(seconds: 86_400)) + [Self.flag(.severityAssessed, c)],
        asOf: c.lateAsOf)
      #expect(closedLate.state == .exempt)
      #expect(closedLate.lateDays == nil)
    }

    /// serious exempts report.close only: not report.onsite, report.notify, pledge.reply or
    /// case.due.
    @Test(arguments: ClockedRuleCase.complaints.filter { $0.rule != .reportClose })
    func seriousExemptsNoOtherRule(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [Self.flag(.severityAssessed, c)],
        asOf: c.lateAsOf)
      #expect(o.state == .breached)
      #expect(o.lateSeconds == c.lateSeconds)
    }

    @Test func seriousIsOnlyAnExemptionWhenYes() throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .reportClose })
      let notSerious = Event(.complaint(.severityAssessed), c.recordID, .flag(false))
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [notSerious], asOf: c.lateAsOf)
      #expect(o.state == .breached)
    }

    // MARK: explained (pledge.reply only)

    @Test func anExplainedPledgeComplaintIsExemptWithoutAReply() throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .pledgeReply })
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [Self.flag(.delayExplained, c)], asOf: c.lateAsOf
      )
      #expect(o.state == .exempt)
      #expect(o.lateSeconds == nil)
      #expect(o.lateDays == nil)
      #expect(o.compensation == .zero)
    }

    @Test func anExplainedPledgeComplaintIsExemptWithALateReply() throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .pledgeReply })
      let replied = c.deadline.adding(seconds: 2 * 86_400)
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(replied) + [Self.flag(.delayExplained, c)],
        asOf: c.lateAsOf)
      #expect(o.state == .exempt)
      #expect(o.compensation == .zero)
    }

    @Test func anExplainedPledgeComplaintIsExemptEvenWithATimelyReply() throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .pledgeReply })
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(c.start) + [Self.flag(.delayExplained, c)],
        asOf: c.lateAsOf)
      #expect(o.state == .exempt)
    }

    /// explained exempts pledge.reply only.
    @Test(arguments: ClockedRuleCase.complaints.filter { $0.rule != .pledgeReply })
    func explainedExemptsNoOtherRule(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(nil) + [Self.flag(.delayExplained, c)], asOf: c.lateAsOf
      )
      #expect(o.state == .breached)
    }

    // MARK: Compensation (卫生局 三)

    /// 10 yuan per late day, counted in calendar days from the date of T.
    @Test(arguments: [(1, 10), (2, 20), (3, 30), (12, 120)])
    func aLateReplyOwesTenYuanPerLateDay(days: Int, yuan: Int64) throws {
      let c = try #require(ClockedRuleCase.all.first { $0.rule == .pledgeReply })
      // Replied on the date T + days, at 08:00.
      let replied = cst(2026, 3, 18, 8).adding(seconds: Int64(days) * 86_400)
      let o = try RuleBench.obligation(
        c.rule, of: c.recordID, in: c.facts(replied), asOf: cst(2026, 6, 30))
      #expect(o.state == .breached)
      #expect(o.lateDays == days)
      #expect(o.compensation == Money(yuan: yuan))
      #expect(o.compensation.description == "\(yuan).00")
    }

    /// Every other rule's breach owes nothing, late days or not.
    @Test(arguments: ClockedRuleCase.all.filter { $0.rule != .pledgeReply })
    func otherBreachesOweNothing(_ c: ClockedRuleCase) throws {
      let o = try RuleBench.obligation(c.rule, of: c.recordID, in: c.facts(nil), asOf: c.lateAsOf)
      #expect(o.state == .breached)
      #expect(o.compensation == .zero)
    }
  }
}
