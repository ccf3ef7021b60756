import Testing

@testable import PledgeKit

extension Projections {
  /// The fold from events to records (SPEC 4.2 corrections, §7.1): the latest recorded value of
  /// each fact wins, and the default evaluation instant remembers every business time seen.
  @Suite struct ProjectionTests {
    private static let facts: [Event] =
      RuleBench.call(
        "C1", received: cst(2026, 3, 4, 10), category: "一般警情", unit: "U1", unitClass: .one,
        zone: .urban, dispatched: cst(2026, 3, 4, 10, 1), arrived: cst(2026, 3, 4, 10, 9),
        handler: "H1")
      + RuleBench.complaint("R1", kind: .report, received: cst(2026, 3, 2, 9), due: cst(2026, 8, 1))
      + RuleBench.visit("V1", kind: .window, started: cst(2026, 3, 3, 9), matter: .general)
      + RuleBench.person("P1", enrolled: civil(2026, 1, 1), unit: "K1")
      + RuleBench.unit("U1", unitClass: .two, committedMinutes: 30)

    @Test func theLatestRecordedValueWins() {
      let corrections = [
        Event(.call(.arrived), "C1", .instant(cst(2026, 3, 4, 10, 4))),
        Event(.call(.categorized), "C1", .text("突发事件")),
        Event(.call(.classStated), "C1", .unitClass(.three)),
      ]
      let projection = RuleBench.project(Self.facts + corrections)
      let call = projection.calls["C1"]
      #expect(call?.arrivedAt == cst(2026, 3, 4, 10, 4))
      #expect(call?.category == "突发事件")
      #expect(call?.unitClass == .three)
      // Facts not corrected stay.
      #expect(call?.dispatchedAt == cst(2026, 3, 4, 10, 1))
      #expect(call?.handlerID == "H1")
      #expect(projection.calls.count == 1)
      #expect(projection.units["U1"]?.isRegistered == true)
      #expect(projection.units["U1"]?.committedMinutes == 30)
      #expect(projection.persons["P1"]?.enrolledOn == civil(2026, 1, 1))
      #expect(projection.eventCount == Self.facts.count + corrections.count)
    }

    /// §7.1: superseded times count; due_at and the units register do not; a date counts as its
    /// midnight.
    @Test func theLatestBusinessTimeKeepsSupersededValues() {
      var projection = RuleBench.project(Self.facts)
      #expect(projection.latestBusinessTime == cst(2026, 3, 4, 10, 9))
      projection.apply(
        RecordedEvent(
          event: Event(.call(.arrived), "C1", .instant(cst(2026, 3, 4, 10, 2))), batch: 2, line: 2,
          isCorrection: true))
      #expect(projection.calls["C1"]?.arrivedAt == cst(2026, 3, 4, 10, 2))
      #expect(projection.latestBusinessTime == cst(2026, 3, 4, 10, 9))
      #expect(projection.batch == 2)
      projection.apply(
        RecordedEvent(
          event: Event(.person(.released), "P1", .date(civil(2026, 3, 5))), batch: 3, line: 2,
          isCorrection: false))
      #expect(projection.latestBusinessTime == cst(2026, 3, 5))
    }

    /// fold(a + b) == fold(b, from: fold(a)), at every split: the same obligations.
    @Test func foldingInTwoPartsGivesTheSameObligations() throws {
      let all =
        Self.facts + [
          Event(.call(.departed), "C1", .instant(cst(2026, 3, 4, 10, 2, 30))),
          Event(.visit(.ended), "V1", .instant(cst(2026, 3, 3, 9, 20))),
          Event(.complaint(.closed), "R1", .instant(cst(2026, 3, 30))),
        ]
      let asOf = cst(2026, 4, 15)
      func signatures(_ projection: Projection) throws -> [String] {
        var found: [String] = []
        try Evaluation(projection: projection, options: RuleOptions(), asOf: asOf)
          .forEachObligation(in: nil) { found.append($0.signature) }
        return found
      }
      let whole = try signatures(RuleBench.project(all))
      #expect(whole.count > 5)
      for split in 0...all.count {
        var projection = RuleBench.project(Array(all[..<split]))
        for event in all[split...] {
          projection.apply(RecordedEvent(event: event, batch: 2, line: 1, isCorrection: false))
        }
        #expect(try signatures(projection) == whole, "split at \(split)")
      }
    }
  }
}
