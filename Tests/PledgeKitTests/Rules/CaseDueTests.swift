import Testing

@testable import PledgeKit

extension Rules {
  /// case.due (社会服务管理中心 六: 限时办结): every visit and complaint with a due_at owes being
  /// ended or closed by exactly that instant (§7.17); due_at is a promise, never ignored for lying
  /// after A (§7.2).
  @Suite struct CaseDueTests {
    private static let started = cst(2026, 3, 4, 10)

    @Test(arguments: [VisitKind.window, .keyperson, .onsite])
    func everyVisitKindWithDueAtOwesIt(kind: VisitKind) throws {
      let facts = RuleBench.visit(
        "V1", kind: kind, started: Self.started, ended: cst(2026, 3, 7, 9), unit: "W1", staff: "S1",
        subject: "P1", due: cst(2026, 3, 7, 9))
      let o = try RuleBench.obligation(.caseDue, of: "V1", in: facts, asOf: cst(2026, 3, 31))
      #expect(o.start == Self.started)
      #expect(o.deadline == cst(2026, 3, 7, 9))
      #expect(o.done == cst(2026, 3, 7, 9))
      #expect(o.state == .met)
      #expect(o.personID == "S1")
    }

    @Test(arguments: [
      (ComplaintKind.report, Bool?.none), (.report, true), (.report, false), (.pledge, nil),
    ])
    func everyComplaintWithDueAtOwesItInScopeOrNot(kind: ComplaintKind, inScope: Bool?) throws {
      let facts = RuleBench.complaint(
        "R1", kind: kind, received: Self.started, unit: "J1", handler: "H1", inScope: inScope,
        closed: cst(2026, 3, 10, 17, 0, 1), due: cst(2026, 3, 10, 17))
      let o = try RuleBench.obligation(.caseDue, of: "R1", in: facts, asOf: cst(2026, 3, 31))
      #expect(o.deadline == cst(2026, 3, 10, 17))
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 1)
      #expect(o.lateDays == nil)
      #expect(o.personID == "H1")
    }

    /// The promised instant is the deadline as it is: not moved to the end of the day nor off a
    /// weekend or holiday.
    @Test(arguments: [cst(2026, 3, 8, 9, 15), cst(2026, 2, 17, 0, 0, 1), cst(2026, 3, 4, 10, 0, 1)])
    func dueAtIsTheDeadlineAsItIs(_ due: Instant) throws {
      let facts = RuleBench.complaint("R1", kind: .pledge, received: Self.started, due: due)
      let o = try RuleBench.obligation(.caseDue, of: "R1", in: facts, asOf: Self.started)
      #expect(o.deadline == due)
    }

    /// due_at after A still counts: the obligation is open, not missing.
    @Test func aDueAtAfterAStillCounts() throws {
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: Self.started, closed: cst(2026, 5, 2),
        due: cst(2026, 5, 1, 18))
      let o = try RuleBench.obligation(.caseDue, of: "R1", in: facts, asOf: cst(2026, 3, 10))
      #expect(o.state == .open)
      #expect(o.deadline == cst(2026, 5, 1, 18))
      #expect(o.done == nil)
    }

    /// case.due is done by ended_at / closed_at, not by any other step.
    @Test func otherStepsDoNotCloseACase() throws {
      let facts = RuleBench.complaint(
        "R1", kind: .pledge, received: Self.started, onsite: cst(2026, 3, 5),
        notified: cst(2026, 3, 5),
        replied: cst(2026, 3, 5), due: cst(2026, 3, 6))
      let o = try RuleBench.obligation(.caseDue, of: "R1", in: facts, asOf: cst(2026, 3, 31))
      #expect(o.done == nil)
      #expect(o.state == .breached)
    }

    @Test func withoutDueAtThereIsNoCaseDue() throws {
      let facts =
        RuleBench.visit("V1", kind: .window, started: Self.started, ended: cst(2026, 3, 4, 11))
        + RuleBench.complaint("R1", kind: .report, received: Self.started, closed: cst(2026, 3, 5))
      #expect(try RuleBench.obligations(.caseDue, in: facts, asOf: cst(2026, 3, 31)).isEmpty)
    }

    /// A window visit of a general matter with a due_at owes both window.general and case.due.
    @Test func caseDueStandsBesideTheWindowRules() throws {
      let facts = RuleBench.visit(
        "V1", kind: .window, started: Self.started, ended: cst(2026, 3, 4, 10, 30),
        matter: .general,
        due: cst(2026, 3, 4, 11))
      let asOf = cst(2026, 3, 31)
      #expect(try RuleBench.rules(of: "V1", in: facts, asOf: asOf) == [.windowGeneral, .caseDue])
      #expect(
        try RuleBench.obligation(.windowGeneral, of: "V1", in: facts, asOf: asOf).state == .breached
      )
      #expect(try RuleBench.obligation(.caseDue, of: "V1", in: facts, asOf: asOf).state == .met)
    }
  }
}
