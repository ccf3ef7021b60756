import Testing

@testable import PledgeKit

extension Rules {
  /// emergency.ready and emergency.arrive (卫生局 一.6): 30 and 90 minutes (360 on an island),
  /// 30 more when the dispatch S is off hours — outside [08:30, 12:00) and [14:00, 17:30) of a
  /// working day (SPEC 2.2, §7.5); and which categories are emergencies (§7.11).
  @Suite struct EmergencyRuleTests {
    struct Dispatch: Sendable, CustomTestStringConvertible {
      let note: String
      let dispatched: Instant
      let zone: Zone?
      let ready: Instant
      let arrive: Instant
      var testDescription: String { "\(note): \(dispatched)" }
    }

    static let dispatches: [Dispatch] = [
      Dispatch(
        note: "working morning", dispatched: cst(2026, 3, 4, 9), zone: .urban,
        ready: cst(2026, 3, 4, 9, 30), arrive: cst(2026, 3, 4, 10, 30)),
      Dispatch(
        note: "lunch break of a working day", dispatched: cst(2026, 3, 4, 12, 30), zone: .urban,
        ready: cst(2026, 3, 4, 13, 30), arrive: cst(2026, 3, 4, 14, 30)),
      Dispatch(
        note: "Sunday", dispatched: cst(2026, 3, 8, 10), zone: .urban,
        ready: cst(2026, 3, 8, 11), arrive: cst(2026, 3, 8, 12)),
      Dispatch(
        note: "opening second, 08:30:00", dispatched: cst(2026, 3, 4, 8, 30), zone: .urban,
        ready: cst(2026, 3, 4, 9), arrive: cst(2026, 3, 4, 10)),
      Dispatch(
        note: "one second before opening", dispatched: cst(2026, 3, 4, 8, 29, 59), zone: .urban,
        ready: cst(2026, 3, 4, 9, 29, 59), arrive: cst(2026, 3, 4, 10, 29, 59)),
      Dispatch(
        note: "closing second of the morning, 12:00:00", dispatched: cst(2026, 3, 4, 12),
        zone: .urban,
        ready: cst(2026, 3, 4, 13), arrive: cst(2026, 3, 4, 14)),
      Dispatch(
        note: "last second of the morning", dispatched: cst(2026, 3, 4, 11, 59, 59), zone: .urban,
        ready: cst(2026, 3, 4, 12, 29, 59), arrive: cst(2026, 3, 4, 13, 29, 59)),
      Dispatch(
        note: "afternoon opening, 14:00:00", dispatched: cst(2026, 3, 4, 14), zone: .urban,
        ready: cst(2026, 3, 4, 14, 30), arrive: cst(2026, 3, 4, 15, 30)),
      Dispatch(
        note: "last second of the afternoon", dispatched: cst(2026, 3, 4, 17, 29, 59), zone: .urban,
        ready: cst(2026, 3, 4, 17, 59, 59), arrive: cst(2026, 3, 4, 18, 59, 59)),
      Dispatch(
        note: "closing, 17:30:00", dispatched: cst(2026, 3, 4, 17, 30), zone: .urban,
        ready: cst(2026, 3, 4, 18, 30), arrive: cst(2026, 3, 4, 19, 30)),
      Dispatch(
        note: "late night, across midnight", dispatched: cst(2026, 3, 4, 23, 10), zone: nil,
        ready: cst(2026, 3, 5, 0, 10), arrive: cst(2026, 3, 5, 1, 10)),
      Dispatch(
        note: "make-up working Saturday", dispatched: cst(2026, 2, 14, 10), zone: .rural,
        ready: cst(2026, 2, 14, 10, 30), arrive: cst(2026, 2, 14, 11, 30)),
      Dispatch(
        note: "Spring Festival Monday", dispatched: cst(2026, 2, 16, 10), zone: .rural,
        ready: cst(2026, 2, 16, 11), arrive: cst(2026, 2, 16, 12)),
      Dispatch(
        note: "New Year's Day, a Thursday", dispatched: cst(2026, 1, 1, 10), zone: .suburb,
        ready: cst(2026, 1, 1, 11), arrive: cst(2026, 1, 1, 12)),
      Dispatch(
        note: "make-up working Sunday", dispatched: cst(2026, 1, 4, 15), zone: .suburb,
        ready: cst(2026, 1, 4, 15, 30), arrive: cst(2026, 1, 4, 16, 30)),
      Dispatch(
        note: "island, working hours: 360", dispatched: cst(2026, 3, 4, 10), zone: .island,
        ready: cst(2026, 3, 4, 10, 30), arrive: cst(2026, 3, 4, 16)),
      Dispatch(
        note: "island, off hours: 360 + 30", dispatched: cst(2026, 3, 8, 10), zone: .island,
        ready: cst(2026, 3, 8, 11), arrive: cst(2026, 3, 8, 16, 30)),
      Dispatch(
        note: "island, lunch break: 360 + 30", dispatched: cst(2026, 3, 4, 12, 30), zone: .island,
        ready: cst(2026, 3, 4, 13, 30), arrive: cst(2026, 3, 4, 19)),
    ]

    @Test(arguments: dispatches)
    func theDeadlineDependsOnZoneAndWhetherSIsOffHours(_ d: Dispatch) throws {
      let facts = RuleBench.call(
        "E1", received: d.dispatched.adding(seconds: -60), category: "突发事件", zone: d.zone,
        dispatched: d.dispatched)
      let asOf = d.dispatched.adding(seconds: 86_400)
      let ready = try RuleBench.obligation(.emergencyReady, of: "E1", in: facts, asOf: asOf)
      #expect(ready.start == d.dispatched)
      #expect(ready.deadline == d.ready)
      let arrive = try RuleBench.obligation(.emergencyArrive, of: "E1", in: facts, asOf: asOf)
      #expect(arrive.start == d.dispatched)
      #expect(arrive.deadline == d.arrive)
    }

    /// The off-hours allowance turns a lunch-time departure that would be late into one in time.
    @Test func onlySDecidesTheAllowance() throws {
      // Dispatched 11:50 (working hours): the half hour runs into the lunch break, no extra time.
      let onHours = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 11, 49), category: "emergency",
        dispatched: cst(2026, 3, 4, 11, 50),
        departed: cst(2026, 3, 4, 12, 20, 1))
      let o = try RuleBench.obligation(
        .emergencyReady, of: "E1", in: onHours, asOf: cst(2026, 3, 5))
      #expect(o.deadline == cst(2026, 3, 4, 12, 20))
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 1)

      // Dispatched 12:00 (off hours): an hour.
      let offHours = RuleBench.call(
        "E2", received: cst(2026, 3, 4, 11, 59), category: "emergency",
        dispatched: cst(2026, 3, 4, 12),
        departed: cst(2026, 3, 4, 13))
      #expect(
        try RuleBench.obligation(.emergencyReady, of: "E2", in: offHours, asOf: cst(2026, 3, 5))
          .state == .met)
    }

    // MARK: Emergency categories (§7.11)

    @Test(arguments: [
      "突发事件", "突发公共卫生事件", "突發事件", "突發公共衛生事件", "emergency", "EMERGENCY", "Emergency",
    ])
    func theseCategoriesAreEmergencies(_ category: String) throws {
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 9), category: category, dispatched: cst(2026, 3, 4, 9, 1))
      #expect(
        try RuleBench.rules(of: "E1", in: facts, asOf: cst(2026, 3, 5)) == [
          .emergencyReady, .emergencyArrive,
        ])
    }

    /// The whole value must match: no substrings, no near spellings.
    @Test(arguments: ["突发事件处置", "一般警情", "emergency call", "emergencies", "公共卫生事件", "火警"])
    func theseCategoriesAreNot(_ category: String) throws {
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 9), category: category, dispatched: cst(2026, 3, 4, 9, 1))
      #expect(try RuleBench.rules(of: "E1", in: facts, asOf: cst(2026, 3, 5)).isEmpty)
    }

    @Test func aCallWithoutACategoryIsNoEmergency() throws {
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 9), dispatched: cst(2026, 3, 4, 9, 1))
      #expect(try RuleBench.rules(of: "E1", in: facts, asOf: cst(2026, 3, 5)).isEmpty)
    }

    /// `--emergency-categories` replaces the list; it does not add to it.
    @Test func theEmergencyCategoriesCanBeReplaced() throws {
      let options = RuleOptions(emergencyCategories: ["火警", "Flood"])
      let asOf = cst(2026, 3, 5)
      func rules(_ category: String) throws -> [RuleID] {
        let facts = RuleBench.call(
          "E1", received: cst(2026, 3, 4, 9), category: category, dispatched: cst(2026, 3, 4, 9, 1))
        return try RuleBench.rules(of: "E1", in: facts, asOf: asOf, options: options)
      }
      #expect(try rules("火警") == [.emergencyReady, .emergencyArrive])
      #expect(try rules("FLOOD") == [.emergencyReady, .emergencyArrive])
      #expect(try rules("突发事件").isEmpty)
      #expect(try rules("emergency").isEmpty)
    }

    /// Setting the list on existing options takes effect too.
    @Test func changingTheCategoriesOfExistingOptions() throws {
      var options = RuleOptions()
      options.emergencyCategories = ["火警"]
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 9), category: "火警", dispatched: cst(2026, 3, 4, 9, 1))
      #expect(
        try RuleBench.rules(of: "E1", in: facts, asOf: cst(2026, 3, 5), options: options)
          == [.emergencyReady, .emergencyArrive])
    }

    /// The emergency rules apply whatever the unit's class, side by side with the 110 rules.
    @Test func anEmergencyOfAClassOneUnitOwesBothSetsOfRules() throws {
      let facts = RuleBench.call(
        "E1", received: cst(2026, 3, 4, 9), category: "突发事件", unitClass: .one, zone: .urban,
        dispatched: cst(2026, 3, 4, 9, 1))
      #expect(
        try RuleBench.rules(of: "E1", in: facts, asOf: cst(2026, 3, 5))
          == [.callDepart, .callArrive, .emergencyReady, .emergencyArrive])
    }
  }
}
