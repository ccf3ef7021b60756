import Testing

@testable import PledgeKit

extension Rules {
  /// One call, several linkage units (SPEC 1.3a, §3 "Dispatches", §7.32–§7.35). The boundaries
  /// of each clocked rule per dispatch are in ClockedRuleCase.dispatches.
  @Suite struct DispatchTests {
    /// A traffic accident: police and an ambulance, each with its own pledge.
    static let accident =
      RuleBench.unit("POLICE", unitClass: .one) + RuleBench.unit("AMBULANCE", unitClass: .two, committedMinutes: 15)
      + RuleBench.call(
        "JJ1", received: cst(2026, 3, 4, 9, 58), rings: 2, category: "交通事故", unit: "CENTRE",
        unitClass: .one, zone: .urban, dispatched: cst(2026, 3, 4, 10), departed: cst(2026, 3, 4, 10, 5),
        operatorID: "OP1", handler: "CALL-HANDLER")
      + RuleBench.dispatch(
        "D-POLICE", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unit: "POLICE",
        departed: cst(2026, 3, 4, 10, 1), arrived: cst(2026, 3, 4, 10, 5), handler: "P1")
      + RuleBench.dispatch(
        "D-AMBULANCE", call: "JJ1", dispatched: cst(2026, 3, 4, 10, 0, 30), unit: "AMBULANCE",
        arrived: cst(2026, 3, 4, 10, 15, 31), handler: "A1")

    static func all(_ events: [Event], asOf: Instant) throws -> [Obligation] {
      var found: [Obligation] = []
      try RuleBench.evaluation(events, asOf: asOf).forEachObligation(in: nil) { found.append($0) }
      return found.sorted { ($0.rule, $0.recordID) < ($1.rule, $1.recordID) }
    }

    /// A call with records in `dispatches` is judged only through them: its own dispatch
    /// columns (class 1, departed 5 min late) judge nothing; its answer stays with the call.
    @Test func aCallWithDispatchesIsJudgedOnlyThroughThem() throws {
      let found = try Self.all(Self.accident, asOf: cst(2026, 3, 4, 12))
      #expect(
        found.map { "\($0.rule.rawValue) \($0.recordID) \($0.unitID) \($0.personID ?? "-") \($0.state)" } == [
          "call.answer JJ1 CENTRE OP1 met",
          "call.depart D-POLICE POLICE P1 met",
          "call.arrive D-POLICE POLICE P1 met",
          "call.arrive.committed D-AMBULANCE AMBULANCE A1 breached",
        ])
    }

    /// Without dispatch records, the call's own columns are its one dispatch (§7.34).
    @Test func aCallWithoutDispatchesIsItsOwnDispatch() throws {
      let callOnly = Self.accident.filter { $0.kind.source != .dispatches }
      let found = try Self.all(callOnly, asOf: cst(2026, 3, 4, 12))
      #expect(
        found.map { "\($0.rule.rawValue) \($0.recordID) \($0.unitID) \($0.state)" } == [
          "call.answer JJ1 CENTRE met", "call.depart JJ1 CENTRE breached", "call.arrive JJ1 CENTRE breached",
        ])
    }

    /// "Has records in dispatches" holds whatever A: a dispatch issued after A still keeps the
    /// call's own columns from being judged (§7.34); the dispatch itself does not exist yet.
    @Test func dispatchesCountWhateverA() throws {
      let found = try Self.all(Self.accident, asOf: cst(2026, 3, 4, 9, 59))
      #expect(found.map(\.rule) == [.callAnswer])
    }

    /// A dispatch whose call is not in the store is still judged, with no category (so no
    /// emergency rule) and no zone of its call; once the call arrives, its category and zone
    /// reach the dispatch — in whichever order the files came.
    @Test func aDispatchBeforeAndAfterItsCallArrives() throws {
      let dispatch = RuleBench.unit("FIRE", unitClass: .one)
        + RuleBench.dispatch(
          "D-FIRE", call: "JJ9", dispatched: cst(2026, 3, 4, 10), unit: "FIRE", departed: cst(2026, 3, 4, 10, 0, 40),
          arrived: cst(2026, 3, 4, 10, 9), handler: "F1")
      let call = RuleBench.call("JJ9", received: cst(2026, 3, 4, 9, 59), category: "突发事件", zone: .suburb)
      let before = try Self.all(dispatch, asOf: cst(2026, 3, 4, 12))
      #expect(before.map(\.rule) == [.callDepart])
      for events in [dispatch + call, call + dispatch] {
        let after = try Self.all(events, asOf: cst(2026, 3, 4, 12))
        #expect(after.map(\.rule) == [.callDepart, .callArrive, .emergencyReady, .emergencyArrive])
        #expect(after.allSatisfy { $0.state == .met && $0.unitID == "FIRE" })
      }
      // A call received after A does not exist at A: it gives the dispatch nothing (§7.33).
      let early = try Self.all(dispatch + RuleBench.call("JJ9", received: cst(2026, 3, 4, 12, 30), category: "突发事件"),
        asOf: cst(2026, 3, 4, 12))
      #expect(early.map(\.rule) == [.callDepart])
    }

    /// A dispatch's own zone wins; an empty one falls back to the call's. Its class is its own
    /// (else the register's), never the call's (§7.32).
    @Test func zoneFallsBackToTheCallClassNever() throws {
      let events = RuleBench.unit("U2", unitClass: .two, committedMinutes: 30)
        + RuleBench.call("JJ1", received: cst(2026, 3, 4, 9, 59), unitClass: .one, zone: .suburb)
        + RuleBench.dispatch("D-OWN", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, zone: .urban, arrived: cst(2026, 3, 4, 10, 6))
        + RuleBench.dispatch("D-CALLS", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, arrived: cst(2026, 3, 4, 10, 6))
        + RuleBench.dispatch("D-UNIT", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unit: "U2", arrived: cst(2026, 3, 4, 10, 6))
        + RuleBench.dispatch("D-NONE", call: "JJ1", dispatched: cst(2026, 3, 4, 10), arrived: cst(2026, 3, 4, 10, 6))
      let found = try Self.all(events, asOf: cst(2026, 3, 4, 12))
      #expect(
        found.map { "\($0.rule.rawValue) \($0.recordID) \($0.state)" } == [
          "call.depart D-CALLS breached", "call.depart D-OWN breached",  // never departed
          "call.arrive D-CALLS met",  // suburb from the call: 10 min
          "call.arrive D-OWN breached",  // its own urban: 5 min
          "call.arrive.committed D-UNIT met",  // class 2 from the register, 30 min
        ])
    }

    /// Withdrawn through its own `cancelled` or its call's; a step done is judged anyway.
    @Test func cancelledByItselfOrThroughItsCall() throws {
      let base = RuleBench.call("JJ1", received: cst(2026, 3, 4, 9, 59))
      let own = base + RuleBench.dispatch(
        "D1", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, departed: cst(2026, 3, 4, 10, 2), cancelled: true)
      #expect(try Self.all(own, asOf: cst(2026, 3, 4, 12)).map(\.state) == [.breached])
      let throughCall = RuleBench.call("JJ1", received: cst(2026, 3, 4, 9, 59), cancelled: true)
        + RuleBench.dispatch("D1", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, cancelled: false)
      #expect(try Self.all(throughCall, asOf: cst(2026, 3, 4, 12)).map(\.state) == [.exempt])
    }

    /// Withdrawn through its call, "never done" is judged at A (§7.31–§7.32): a departure made
    /// after A is not done at A (exempt), one made by A is judged (late, breached). And the call
    /// withdraws its dispatches only once it exists at A.
    @Test func withdrawnThroughItsCallIsJudgedAtA() throws {
      let departedLate = RuleBench.call("JJ1", received: cst(2026, 3, 4, 9, 59), cancelled: true)
        + RuleBench.dispatch(
          "D1", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, departed: cst(2026, 3, 4, 10, 3))
      let before = try Self.all(departedLate, asOf: cst(2026, 3, 4, 10, 2)).filter { $0.rule == .callDepart }
      #expect(before.map(\.state) == [.exempt])
      let after = try Self.all(departedLate, asOf: cst(2026, 3, 4, 10, 5)).filter { $0.rule == .callDepart }
      #expect(after.map(\.state) == [.breached])
      #expect(after.first?.lateSeconds == 120)
      let neverDeparted = RuleBench.call("JJ2", received: cst(2026, 3, 4, 10, 30), cancelled: true)
        + RuleBench.dispatch("D2", call: "JJ2", dispatched: cst(2026, 3, 4, 10), unitClass: .one)
      // At 10:20 the call does not exist yet: nothing withdraws the dispatch.
      let callNotYet = try Self.all(neverDeparted, asOf: cst(2026, 3, 4, 10, 20)).filter { $0.rule == .callDepart }
      #expect(callNotYet.map(\.state) == [.breached])
      let callThere = try Self.all(neverDeparted, asOf: cst(2026, 3, 4, 10, 30)).filter { $0.rule == .callDepart }
      #expect(callThere.map(\.state) == [.exempt])
    }

    /// A dispatch's unit and handler are its own, never its call's (§7.32): without them its
    /// obligation has no unit and no person, while the call's answer keeps the call's.
    @Test func aDispatchNeverTakesItsCallsUnitOrHandler() throws {
      let events = RuleBench.call(
        "JJ1", received: cst(2026, 3, 4, 9, 59), rings: 2, unit: "CENTRE", operatorID: "OP1", handler: "CALL-HANDLER")
        + RuleBench.dispatch("D1", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, departed: cst(2026, 3, 4, 10, 1))
      let found = try Self.all(events, asOf: cst(2026, 3, 4, 12))
      #expect(
        found.map { "\($0.rule.rawValue) \($0.recordID) [\($0.unitID)] \($0.personID ?? "-")" } == [
          "call.answer JJ1 [CENTRE] OP1", "call.depart D1 [] -",
        ])
    }

    /// A dispatch may carry its call's id as its own (§7.35): two records, both judged.
    @Test func aDispatchMayCarryItsCallsID() throws {
      let events = RuleBench.call("JJ1", received: cst(2026, 3, 4, 9, 59), rings: 5)
        + RuleBench.dispatch("JJ1", call: "JJ1", dispatched: cst(2026, 3, 4, 10), unitClass: .one, departed: cst(2026, 3, 4, 10, 1))
      let found = try Self.all(events, asOf: cst(2026, 3, 4, 12))
      #expect(found.map { "\($0.rule.rawValue) \($0.recordID) \($0.state)" } == ["call.answer JJ1 breached", "call.depart JJ1 met"])
    }
  }
}
