import Testing

@testable import PledgeKit

extension Rules {
  /// keyperson.monthly (帮教制度 四): one obligation per month fully inside enrolment, from the 1st
  /// 00:00:00 to the last day 23:59:59, done by the month's first keyperson visit (§7.8, §7.19).
  @Suite struct KeypersonMonthlyTests {
    private static func months(_ facts: [Event], asOf: Instant) throws -> [String] {
      try RuleBench.obligations(.keypersonMonthly, in: facts, asOf: asOf).map(\.recordID)
    }

    private static func visit(_ id: String, _ time: Instant, of person: String = "P1") -> [Event] {
      RuleBench.visit(id, kind: .keyperson, started: time, staff: "HELPER", subject: person)
    }

    @Test func aPersonEnrolledMidMonthOwesFromTheNextMonth() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 15), unit: "K1")
      #expect(try Self.months(facts, asOf: cst(2026, 3, 10)) == ["P1@2026-02", "P1@2026-03"])
    }

    @Test func aPersonEnrolledOnTheFirstOwesThatMonth() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      #expect(
        try Self.months(facts, asOf: cst(2026, 3, 10)) == [
          "P1@2026-01", "P1@2026-02", "P1@2026-03",
        ])
    }

    @Test func aPersonEnrolledOnTheLastDayOfAMonthOwesFromTheNext() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 31), unit: "K1")
      #expect(try Self.months(facts, asOf: cst(2026, 2, 1)) == ["P1@2026-02"])
    }

    /// Months ending after the release are not owed; a release on the last day still owes it.
    @Test(arguments: [
      (civil(2026, 2, 10), ["P1@2026-01"]),
      (civil(2026, 2, 27), ["P1@2026-01"]),
      (civil(2026, 2, 28), ["P1@2026-01", "P1@2026-02"]),
      (civil(2026, 3, 1), ["P1@2026-01", "P1@2026-02"]),
      (civil(2026, 1, 31), ["P1@2026-01"]),
      (civil(2026, 1, 30), []),
    ])
    func aReleasedPersonOwesOnlyMonthsEndingByTheRelease(released: CivilDate, owed: [String]) throws
    {
      let facts = RuleBench.person(
        "P1", enrolled: civil(2025, 12, 20), released: released, unit: "K1")
      #expect(try Self.months(facts, asOf: cst(2026, 4, 30)) == owed)
    }

    /// A release date after A is not yet known: the month of A is still owed (§7.4).
    @Test func aReleaseAfterAIsNotYetKnown() throws {
      let facts = RuleBench.person(
        "P1", enrolled: civil(2026, 1, 1), released: civil(2026, 3, 20), unit: "K1")
      let beforeRelease = try RuleBench.obligations(
        .keypersonMonthly, in: facts, asOf: cst(2026, 3, 10))
      #expect(beforeRelease.map(\.recordID) == ["P1@2026-01", "P1@2026-02", "P1@2026-03"])
      #expect(beforeRelease.last?.state == .open)
      // Once A reaches the release date, March is no longer owed.
      #expect(try Self.months(facts, asOf: cst(2026, 3, 20)) == ["P1@2026-01", "P1@2026-02"])
    }

    /// A person enrolled after A does not exist yet.
    @Test func aPersonEnrolledAfterAOwesNothing() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 3, 1), unit: "K1")
      #expect(try Self.months(facts, asOf: cst(2026, 2, 28, 23, 59, 59)).isEmpty)
      #expect(try Self.months(facts, asOf: cst(2026, 3, 1)) == ["P1@2026-03"])
    }

    /// A month whose 1st is after A is not counted (§7.4).
    @Test func noMonthAfterAIsCounted() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      #expect(
        try Self.months(facts, asOf: cst(2026, 2, 28, 23, 59, 59)) == ["P1@2026-01", "P1@2026-02"])
      #expect(
        try Self.months(facts, asOf: cst(2026, 3, 1)) == ["P1@2026-01", "P1@2026-02", "P1@2026-03"])
    }

    @Test func theObligationSpansTheMonthAndNamesPersonAndMonth() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1", helper: "HELPER")
      let o = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-02", in: facts, asOf: cst(2026, 3, 2))
      #expect(o.start == cst(2026, 2, 1))
      #expect(o.deadline == cst(2026, 2, 28, 23, 59, 59))
      #expect(o.unitID == "K1")
      #expect(o.personID == "HELPER")
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 86_401)
      #expect(o.lateDays == 2)
      #expect(o.compensation == .zero)
    }

    /// Without a helper, the register's unit stands as the responsible person (§7.19).
    @Test func withoutAHelperTheUnitIsResponsible() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      let o = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-01", in: facts, asOf: cst(2026, 3, 2))
      #expect(o.personID == "K1")
      #expect(o.unitID == "K1")
    }

    @Test func theFirstVisitOfTheMonthIsD() throws {
      let facts =
        RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
        + Self.visit("V3", cst(2026, 3, 20, 9))
        + Self.visit("V2", cst(2026, 3, 5, 14))
        + Self.visit("V1", cst(2026, 2, 27, 9))
      let march = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-03", in: facts, asOf: cst(2026, 4, 1))
      #expect(march.done == cst(2026, 3, 5, 14))
      #expect(march.state == .met)
      let february = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-02", in: facts, asOf: cst(2026, 4, 1))
      #expect(february.done == cst(2026, 2, 27, 9))
      let january = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-01", in: facts, asOf: cst(2026, 4, 1))
      #expect(january.done == nil)
      #expect(january.state == .breached)
    }

    /// The month's edges: 00:00:00 on the 1st counts, 23:59:59 on the last day counts, a visit a
    /// second later belongs to the next month.
    @Test func visitsOnTheEdgesOfTheMonth() throws {
      let person = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      let onTheFirst = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-03", in: person + Self.visit("V1", cst(2026, 3, 1)),
        asOf: cst(2026, 4, 5))
      #expect(onTheFirst.state == .met)
      #expect(onTheFirst.done == cst(2026, 3, 1))

      let oneSecondLate = person + Self.visit("V1", cst(2026, 4, 1))
      let march = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-03", in: oneSecondLate, asOf: cst(2026, 4, 5))
      #expect(march.state == .breached)
      #expect(march.done == nil)
      let april = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-04", in: oneSecondLate, asOf: cst(2026, 4, 5))
      #expect(april.state == .met)
      #expect(april.done == cst(2026, 4, 1))

      let beforeTheMonth = person + Self.visit("V1", cst(2026, 2, 28, 23, 59, 59))
      #expect(
        try RuleBench.obligation(
          .keypersonMonthly, of: "P1@2026-03", in: beforeTheMonth, asOf: cst(2026, 4, 5)
        ).done
          == nil)
    }

    /// A visit after A has not happened yet; the month stays open until its end.
    @Test func aVisitAfterAIsIgnored() throws {
      let facts =
        RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
        + Self.visit("V1", cst(2026, 3, 20, 9))
      let o = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-03", in: facts, asOf: cst(2026, 3, 15))
      #expect(o.state == .open)
      #expect(o.done == nil)
    }

    /// Only keyperson visits with that subject count.
    @Test func onlyKeypersonVisitsOfThePersonCount() throws {
      let facts =
        RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
        + RuleBench.visit(
          "V1", kind: .onsite, started: cst(2026, 3, 3), subject: "P1", caseID: "P1")
        + RuleBench.visit(
          "V2", kind: .window, started: cst(2026, 3, 4), subject: "P1", matter: .general)
        + Self.visit("V3", cst(2026, 3, 5), of: "P2")
      let o = try RuleBench.obligation(
        .keypersonMonthly, of: "P1@2026-03", in: facts, asOf: cst(2026, 4, 1))
      #expect(o.done == nil)
      #expect(o.state == .breached)
    }

    @Test func theQuarterOfAMonthIsTheQuarterOfItsFirst() throws {
      let facts = RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      let evaluation = try RuleBench.evaluation(facts, asOf: cst(2026, 4, 15))
      var q1: [String] = []
      try evaluation.forEachObligation(in: Quarter("2026Q1")) { q1.append($0.recordID) }
      var q2: [String] = []
      try evaluation.forEachObligation(in: Quarter("2026Q2")) { q2.append($0.recordID) }
      #expect(q1 == ["P1@2026-01", "P1@2026-02", "P1@2026-03"])
      #expect(q2 == ["P1@2026-04"])
    }
  }
}
