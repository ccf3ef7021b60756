import Testing

@testable import PledgeKit

extension Rules {
  /// The 110 call rules: answering and inquiry (no clock, §7.14), and which of call.depart,
  /// call.arrive and call.arrive.committed a call owes by its class, zone and unit (§7.12,
  /// §7.13).
  @Suite struct CallRuleTests {
    private static let received = cst(2026, 3, 4, 10)
    private static let dispatched = cst(2026, 3, 4, 10, 2)
    private static let asOf = cst(2026, 3, 31)

    private static func clockedRules(_ facts: [Event]) throws -> [RuleID] {
      try RuleBench.rules(of: "C1", in: facts, asOf: asOf)
        .filter { ![.callAnswer, .callInquiry].contains($0) }
    }

    // MARK: call.answer and call.inquiry

    @Test(arguments: [
      (0, ObligationState.met), (1, .met), (3, .met), (4, .breached), (9, .breached),
    ])
    func answeringWithinThreeRingsIsMet(rings: Int, state: ObligationState) throws {
      let facts = RuleBench.call(
        "C1", received: Self.received, rings: rings, unit: "U1", operatorID: "OP7")
      let o = try RuleBench.obligation(.callAnswer, of: "C1", in: facts, asOf: Self.asOf)
      #expect(o.state == state)
      #expect(o.start == Self.received)
      #expect(o.unitID == "U1")
      #expect(o.personID == "OP7")
    }

    @Test(arguments: [
      (0, ObligationState.met), (119, .met), (120, .met), (121, .breached), (600, .breached),
    ])
    func inquiryWithinTwoMinutesIsMet(seconds: Int, state: ObligationState) throws {
      let facts = RuleBench.call(
        "C1", received: Self.received, inquirySeconds: seconds, operatorID: "OP7")
      let o = try RuleBench.obligation(.callInquiry, of: "C1", in: facts, asOf: Self.asOf)
      #expect(o.state == state)
      #expect(o.personID == "OP7")
    }

    /// No clock: never open, even at A = S; no deadline, done, late_seconds or late_days (§7.14).
    @Test func answeringAndInquiryAreNeverOpenAndHaveNoClock() throws {
      let facts = RuleBench.call("C1", received: Self.received, rings: 4, inquirySeconds: 121)
      for rule in [RuleID.callAnswer, .callInquiry] {
        let o = try RuleBench.obligation(rule, of: "C1", in: facts, asOf: Self.received)
        #expect(o.state == .breached)
        #expect(o.deadline == nil)
        #expect(o.done == nil)
        #expect(o.lateSeconds == nil)
        #expect(o.lateDays == nil)
        #expect(o.compensation == .zero)
      }
      let met = RuleBench.call("C2", received: Self.received, rings: 3, inquirySeconds: 120)
      for rule in [RuleID.callAnswer, .callInquiry] {
        #expect(
          try RuleBench.obligation(rule, of: "C2", in: met, asOf: Self.received).state == .met)
      }
    }

    @Test func aCallWithoutRingsOrInquiryHasNeitherRule() throws {
      let facts = RuleBench.call("C1", received: Self.received, unit: "U1")
      #expect(try RuleBench.rules(of: "C1", in: facts, asOf: Self.asOf).isEmpty)
    }

    @Test func answeringIsNotCountedBeforeTheCallIsReceived() throws {
      let facts = RuleBench.call("C1", received: Self.received, rings: 9, inquirySeconds: 999)
      #expect(
        try RuleBench.rules(of: "C1", in: facts, asOf: Self.received.adding(seconds: -1)).isEmpty)
    }

    /// §7.20: an obligation's unit is the record's own, empty when it has none.
    @Test func aCallWithoutAUnitHasAnEmptyUnit() throws {
      let facts = RuleBench.call("C1", received: Self.received, rings: 5)
      let o = try RuleBench.obligation(.callAnswer, of: "C1", in: facts, asOf: Self.asOf)
      #expect(o.unitID == "")
      #expect(o.personID == nil)
    }

    // MARK: Which clock applies (§7.12, §7.13)

    @Test func theRowsClassOneBeatsTheRegistersClassTwo() throws {
      let facts =
        RuleBench.unit("U1", unitClass: .two, committedMinutes: 20)
        + RuleBench.call(
          "C1", received: Self.received, unit: "U1", unitClass: .one, zone: .urban,
          dispatched: Self.dispatched)
      #expect(try Self.clockedRules(facts) == [.callDepart, .callArrive])
    }

    @Test func theRowsClassTwoBeatsTheRegistersClassOne() throws {
      let facts =
        RuleBench.unit("U1", unitClass: .one, committedMinutes: 20)
        + RuleBench.call(
          "C1", received: Self.received, unit: "U1", unitClass: .two, zone: .urban,
          dispatched: Self.dispatched)
      #expect(try Self.clockedRules(facts) == [.callArriveCommitted])
      let o = try RuleBench.obligation(.callArriveCommitted, of: "C1", in: facts, asOf: Self.asOf)
      #expect(o.deadline == Self.dispatched.adding(minutes: 20))
    }

    @Test func theRegistersClassAppliesWhenTheRowHasNone() throws {
      let classOne =
        RuleBench.unit("U1", unitClass: .one)
        + RuleBench.call(
          "C1", received: Self.received, unit: "U1", zone: .suburb, dispatched: Self.dispatched)
      #expect(try Self.clockedRules(classOne) == [.callDepart, .callArrive])

      let classThree =
        RuleBench.unit("U3", unitClass: .three, committedMinutes: 15)
        + RuleBench.call(
          "C1", received: Self.received, unit: "U3", zone: .urban, dispatched: Self.dispatched)
      #expect(try Self.clockedRules(classThree) == [.callArriveCommitted])
      let o = try RuleBench.obligation(
        .callArriveCommitted, of: "C1", in: classThree, asOf: Self.asOf)
      #expect(o.deadline == Self.dispatched.adding(minutes: 15))
    }

    /// No class known: no depart or arrive rule, but the emergency rules still apply.
    @Test func aCallOfNoKnownClassHasOnlyTheEmergencyRules() throws {
      let unregistered = RuleBench.call(
        "C1", received: Self.received, category: "突发事件", unit: "U9", zone: .urban,
        dispatched: Self.dispatched)
      #expect(try Self.clockedRules(unregistered) == [.emergencyReady, .emergencyArrive])

      let registeredWithoutClass =
        RuleBench.unit("U9", committedMinutes: 10) + unregistered
      #expect(try Self.clockedRules(registeredWithoutClass) == [.emergencyReady, .emergencyArrive])

      let noUnit = RuleBench.call(
        "C1", received: Self.received, category: "突发事件", zone: .urban, dispatched: Self.dispatched)
      #expect(try Self.clockedRules(noUnit) == [.emergencyReady, .emergencyArrive])
    }

    @Test(arguments: [
      (Zone?.some(.urban), 5), (.suburb, 10), (.rural, nil), (.island, nil), (nil, nil),
    ])
    func callArriveIsForUrbanAndSuburbOnly(zone: Zone?, minutes: Int?) throws {
      let facts = RuleBench.call(
        "C1", received: Self.received, unitClass: .one, zone: zone, dispatched: Self.dispatched)
      let found = try RuleBench.obligations(.callArrive, in: facts, asOf: Self.asOf)
      #expect(
        found.map(\.deadline) == (minutes.map { [Self.dispatched.adding(minutes: $0)] } ?? []))
      // call.depart applies to every class-1 call, whatever the zone.
      #expect(try RuleBench.obligations(.callDepart, in: facts, asOf: Self.asOf).count == 1)
    }

    /// committed_minutes comes from the register only.
    @Test func committedMinutesComeFromTheRegisterOnly() throws {
      let unregistered = RuleBench.call(
        "C1", received: Self.received, unit: "U2", unitClass: .two, dispatched: Self.dispatched)
      #expect(try Self.clockedRules(unregistered).isEmpty)

      let registeredWithoutMinutes = RuleBench.unit("U2", unitClass: .two) + unregistered
      #expect(try Self.clockedRules(registeredWithoutMinutes).isEmpty)

      let registered = RuleBench.unit("U2", committedMinutes: 45) + unregistered
      #expect(try Self.clockedRules(registered) == [.callArriveCommitted])
    }

    @Test func aClassOneUnitWithCommittedMinutesOwesNoCommittedArrival() throws {
      let facts =
        RuleBench.unit("U1", unitClass: .one, committedMinutes: 3)
        + RuleBench.call(
          "C1", received: Self.received, unit: "U1", zone: .rural, dispatched: Self.dispatched)
      #expect(try Self.clockedRules(facts) == [.callDepart])
    }

    @Test func aCallNeverDispatchedHasNoClockedRule() throws {
      let facts =
        RuleBench.unit("U1", unitClass: .one, committedMinutes: 3)
        + RuleBench.call(
          "C1", received: Self.received, category: "emergency", unit: "U1", zone: .urban,
          arrived: cst(2026, 3, 4, 10, 3))
      #expect(try Self.clockedRules(facts).isEmpty)
    }

    /// The clock starts at dispatch, not at reception.
    @Test func theDispatchClockStartsAtDispatchedAt() throws {
      let facts = RuleBench.call(
        "C1", received: Self.received, unitClass: .one, zone: .urban, dispatched: Self.dispatched,
        departed: cst(2026, 3, 4, 10, 3), arrived: cst(2026, 3, 4, 10, 7), handler: "H1")
      let depart = try RuleBench.obligation(.callDepart, of: "C1", in: facts, asOf: Self.asOf)
      #expect(depart.start == Self.dispatched)
      #expect(depart.state == .met)
      #expect(depart.personID == "H1")
      let arrive = try RuleBench.obligation(.callArrive, of: "C1", in: facts, asOf: Self.asOf)
      #expect(arrive.state == .met)
      #expect(arrive.done == cst(2026, 3, 4, 10, 7))
    }

    /// A call received before A but dispatched after it has no dispatch clock yet (§7.4).
    @Test func aDispatchAfterAIsNotCounted() throws {
      let facts = RuleBench.call(
        "C1", received: Self.received, rings: 2, unitClass: .one, zone: .urban,
        dispatched: Self.dispatched)
      #expect(
        try RuleBench.rules(of: "C1", in: facts, asOf: Self.dispatched.adding(seconds: -1)) == [
          .callAnswer
        ])
    }
  }
}
