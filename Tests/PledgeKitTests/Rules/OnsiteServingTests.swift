import Testing

@testable import PledgeKit

extension Rules {
  /// Which records owe window.* and report.*, and which onsite visits serve them (SPEC 3 **,
  /// §7.16, §7.17, §7.18).
  @Suite struct OnsiteServingTests {
    private static let asOf = cst(2026, 3, 31)
    private static let started = cst(2026, 3, 4, 10)

    private static func onsite(_ id: String, _ time: Instant, serving caseID: String?) -> [Event] {
      RuleBench.visit(
        id, kind: .onsite, started: time, unit: "OTHER", staff: "SOMEONE", caseID: caseID)
    }

    private static func windowOnsite(_ facts: [Event], asOf: Instant = asOf) throws -> Obligation {
      try RuleBench.obligation(.windowOnsite, of: "W1", in: facts, asOf: asOf)
    }

    // MARK: Window visits

    @Test func aWindowVisitWithoutCaseIDIsServedThroughItsVisitID() throws {
      let facts =
        RuleBench.visit("W1", kind: .window, started: Self.started, matter: .commitment)
        + Self.onsite("O1", cst(2026, 3, 6, 9), serving: "W1")
      let o = try Self.windowOnsite(facts)
      #expect(o.state == .met)
      #expect(o.done == cst(2026, 3, 6, 9))
    }

    @Test func aWindowVisitWithCaseIDIsServedThroughItsCaseIDOnly() throws {
      let window = RuleBench.visit(
        "W1", kind: .window, started: Self.started, caseID: "APP-9", matter: .commitment)
      let throughCase = try Self.windowOnsite(
        window + Self.onsite("O1", cst(2026, 3, 6, 9), serving: "APP-9"))
      #expect(throughCase.done == cst(2026, 3, 6, 9))
      #expect(throughCase.state == .met)

      let throughVisitID = try Self.windowOnsite(
        window + Self.onsite("O1", cst(2026, 3, 6, 9), serving: "W1"))
      #expect(throughVisitID.done == nil)
      #expect(throughVisitID.state == .breached)
    }

    @Test func theEarliestServingOnsiteVisitCounts() throws {
      let facts =
        RuleBench.visit("W1", kind: .window, started: Self.started, matter: .commitment)
        + Self.onsite("O-LATE", cst(2026, 3, 20, 9), serving: "W1")
        + Self.onsite("O-EARLY", cst(2026, 3, 9, 9), serving: "W1")
        + Self.onsite("O-MIDDLE", cst(2026, 3, 12, 9), serving: "W1")
      #expect(try Self.windowOnsite(facts).done == cst(2026, 3, 9, 9))
    }

    /// Only visits of kind onsite serve.
    @Test func onlyOnsiteVisitsServe() throws {
      let facts =
        RuleBench.visit("W1", kind: .window, started: Self.started, matter: .commitment)
        + RuleBench.visit(
          "W2", kind: .window, started: cst(2026, 3, 5, 9), caseID: "W1", matter: .general)
        + RuleBench.visit(
          "K1", kind: .keyperson, started: cst(2026, 3, 5, 9), subject: "P", caseID: "W1")
      #expect(try Self.windowOnsite(facts).done == nil)
    }

    /// An onsite visit after A has not happened yet; an earlier one before A counts.
    @Test func anOnsiteVisitAfterAIsIgnored() throws {
      let facts =
        RuleBench.visit("W1", kind: .window, started: Self.started, matter: .commitment)
        + Self.onsite("O1", cst(2026, 3, 10, 9), serving: "W1")
      let before = try Self.windowOnsite(facts, asOf: cst(2026, 3, 10, 8, 59, 59))
      #expect(before.state == .open)
      #expect(before.done == nil)
      let after = try Self.windowOnsite(facts, asOf: cst(2026, 3, 10, 9))
      #expect(after.state == .met)
    }

    @Test(arguments: [
      (Matter?.some(.general), [RuleID.windowGeneral]), (.commitment, [.windowOnsite]), (nil, []),
    ])
    func theMatterDecidesTheWindowRule(matter: Matter?, rules: [RuleID]) throws {
      let facts = RuleBench.visit(
        "W1", kind: .window, started: Self.started, ended: cst(2026, 3, 4, 10, 5), matter: matter)
      #expect(try RuleBench.rules(of: "W1", in: facts, asOf: Self.asOf) == rules)
    }

    /// Window rules are for window visits: an onsite or keyperson visit with a matter owes none.
    @Test(arguments: [VisitKind.onsite, .keyperson])
    func otherVisitKindsOweNoWindowRule(kind: VisitKind) throws {
      for matter in [Matter.general, .commitment] {
        let facts = RuleBench.visit(
          "V1", kind: kind, started: Self.started, subject: "P", matter: matter)
        #expect(try RuleBench.rules(of: "V1", in: facts, asOf: Self.asOf).isEmpty)
      }
    }

    // MARK: Report complaints

    private static func reportOnsite(_ facts: [Event]) throws -> Obligation {
      try RuleBench.obligation(.reportOnsite, of: "R1", in: facts, asOf: asOf)
    }

    @Test func aReportIsServedByTheEarlierOfOnsiteAtAndAVisit() throws {
      let visitFirst =
        RuleBench.complaint(
          "R1", kind: .report, received: Self.started, onsite: cst(2026, 3, 12, 9))
        + Self.onsite("O1", cst(2026, 3, 9, 16), serving: "R1")
      let a = try Self.reportOnsite(visitFirst)
      #expect(a.done == cst(2026, 3, 9, 16))
      #expect(a.state == .met)

      let onsiteAtFirst =
        RuleBench.complaint(
          "R1", kind: .report, received: Self.started, onsite: cst(2026, 3, 9, 16))
        + Self.onsite("O1", cst(2026, 3, 12, 9), serving: "R1")
      let b = try Self.reportOnsite(onsiteAtFirst)
      #expect(b.done == cst(2026, 3, 9, 16))
      #expect(b.state == .met)

      let visitOnly =
        RuleBench.complaint("R1", kind: .report, received: Self.started)
        + Self.onsite("O1", cst(2026, 3, 10, 0), serving: "R1")
      let c = try Self.reportOnsite(visitOnly)
      #expect(c.done == cst(2026, 3, 10, 0))
      #expect(c.state == .breached)
      #expect(c.lateSeconds == 1)
      #expect(c.lateDays == 1)
    }

    @Test func anOnsiteAtAfterAIsIgnoredButAnEarlierVisitCounts() throws {
      let facts =
        RuleBench.complaint("R1", kind: .report, received: Self.started, onsite: cst(2026, 3, 6, 9))
        + Self.onsite("O1", cst(2026, 3, 9, 9), serving: "R1")
      let o = try RuleBench.obligation(.reportOnsite, of: "R1", in: facts, asOf: cst(2026, 3, 5))
      #expect(o.state == .open)
      #expect(o.done == nil)
      let later = try RuleBench.obligation(
        .reportOnsite, of: "R1", in: facts, asOf: cst(2026, 3, 9, 12))
      #expect(later.done == cst(2026, 3, 6, 9))
    }

    @Test func aPledgeComplaintIsNotServedByOnsiteVisitsAndOwesNoReportRule() throws {
      let facts =
        RuleBench.complaint("P1", kind: .pledge, received: Self.started, onsite: cst(2026, 3, 5))
      #expect(try RuleBench.rules(of: "P1", in: facts, asOf: Self.asOf) == [.pledgeReply])
    }

    @Test(arguments: [(Bool?.none, true), (true, true), (false, false)])
    func reportRulesNeedTheReportInScope(inScope: Bool?, owed: Bool) throws {
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: Self.started, inScope: inScope, due: cst(2026, 3, 20))
      let rules = try RuleBench.rules(of: "R1", in: facts, asOf: Self.asOf)
      #expect(
        rules == (owed ? [.reportOnsite, .reportNotify, .reportClose, .caseDue] : [.caseDue]))
    }

    /// Out of scope means no report.* obligation — none, not exempt (§7.18).
    @Test func anOutOfScopeReportHasNoReportObligationAtAll() throws {
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: Self.started, inScope: false, serious: true)
      var all: [Obligation] = []
      try RuleBench.evaluation(facts, asOf: Self.asOf).forEachObligation(in: nil) { all.append($0) }
      #expect(all.isEmpty)
    }

    @Test func aReportOwesNoPledgeReply() throws {
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: Self.started, replied: cst(2026, 3, 5))
      #expect(!(try RuleBench.rules(of: "R1", in: facts, asOf: Self.asOf).contains(.pledgeReply)))
    }
  }
}
