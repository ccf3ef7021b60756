import Testing

@testable import PledgeKit

/// One record under one clocked rule, with its start S and deadline T worked out by hand from
/// SPEC 2.2 and §3, and the lateness a never-done step has at a chosen instant after T.
struct ClockedRuleCase: Sendable, CustomTestStringConvertible {
  let rule: RuleID
  let note: String
  /// The obligation's record id (`PERSON@YYYY-MM` for keyperson.monthly).
  let recordID: String
  let start: Instant
  let deadline: Instant
  let unitID: String
  /// The responsible person (none for duty.periodic).
  let personID: String?
  /// The record's facts with the step done at the given instant, or never done when nil.
  let facts: @Sendable (Instant?) -> [Event]
  /// An instant after T, and (A − T, date(A) − date(T) or nil) for a step not done by then.
  let lateAsOf: Instant
  let lateSeconds: Int64
  let lateDays: Int?

  var testDescription: String { note.isEmpty ? rule.rawValue : "\(rule.rawValue) (\(note))" }

  /// pledge.reply owes 10 yuan per late day; no other rule owes anything (SPEC 3, §7.22).
  func compensation(lateDays days: Int?) -> Money {
    rule == .pledgeReply ? Money(yuan: 10 * Int64(days ?? 0)) : .zero
  }

  /// Whether the record is a call or one of its dispatches (so cancellation may exempt it,
  /// §7.31, §7.32).
  var isCall: Bool { facts(nil).contains { $0.kind.source == .calls } }
  /// The call whose `cancelled` withdraws the order: the record itself, or the call a
  /// dispatch serves.
  var callID: String {
    facts(nil).first { $0.kind == .dispatch(.linkedToCall) }?.value.text ?? recordID
  }
  /// Whether a step one second after T still counts as done (false where the period ends at
  /// T, so a later step falls in the next period).
  var doneAfterTheDeadlineCounts: Bool {
    rule != .keypersonMonthly && !(rule == .dutyPeriodic && !note.contains("by_day"))
  }
  /// Whether the record is a complaint (so serious and explained may be set on it).
  var isComplaint: Bool { facts(nil).contains { $0.kind.source == .complaints } }
}

extension ClockedRuleCase {
  /// Every clocked rule of the rulebook (all but call.answer and call.inquiry), started on
  /// Wednesday 2026-03-04 — an ordinary working week, away from any holiday.
  static let all: [ClockedRuleCase] = [
    ClockedRuleCase(
      rule: .callDepart, note: "class 1, 1 min", recordID: "C-DEPART", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 4, 10, 1), unitID: "U1", personID: "H1",
      facts: { done in
        RuleBench.call(
          "C-DEPART", received: cst(2026, 3, 4, 9, 58), unit: "U1", unitClass: .one, zone: .urban,
          dispatched: cst(2026, 3, 4, 10), departed: done, handler: "H1")
      },
      lateAsOf: cst(2026, 3, 4, 10, 7, 30), lateSeconds: 390, lateDays: nil),
    ClockedRuleCase(
      rule: .callArrive, note: "urban, 5 min", recordID: "C-URBAN", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 4, 10, 5), unitID: "U1", personID: "H1",
      facts: { done in
        RuleBench.call(
          "C-URBAN", received: cst(2026, 3, 4, 9, 58), unit: "U1", unitClass: .one, zone: .urban,
          dispatched: cst(2026, 3, 4, 10), arrived: done, handler: "H1")
      },
      lateAsOf: cst(2026, 3, 4, 10, 20), lateSeconds: 900, lateDays: nil),
    ClockedRuleCase(
      rule: .callArrive, note: "suburb, 10 min", recordID: "C-SUBURB", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 4, 10, 10), unitID: "U1", personID: "H1",
      facts: { done in
        RuleBench.call(
          "C-SUBURB", received: cst(2026, 3, 4, 9, 58), unit: "U1", unitClass: .one, zone: .suburb,
          dispatched: cst(2026, 3, 4, 10), arrived: done, handler: "H1")
      },
      lateAsOf: cst(2026, 3, 4, 10, 10, 1), lateSeconds: 1, lateDays: nil),
    ClockedRuleCase(
      rule: .callArriveCommitted, note: "class 2 from the register, 20 min",
      recordID: "C-COMMITTED", start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 20),
      unitID: "U2", personID: "H2",
      facts: { done in
        RuleBench.unit("U2", unitClass: .two, committedMinutes: 20)
          + RuleBench.call(
            "C-COMMITTED", received: cst(2026, 3, 4, 9, 58), unit: "U2", zone: .rural,
            dispatched: cst(2026, 3, 4, 10), arrived: done, handler: "H2")
      },
      lateAsOf: cst(2026, 3, 4, 11), lateSeconds: 2400, lateDays: nil),
    ClockedRuleCase(
      rule: .emergencyReady, note: "working hours, 30 min", recordID: "C-READY",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 30), unitID: "U3", personID: "H3",
      facts: { done in
        RuleBench.call(
          "C-READY", received: cst(2026, 3, 4, 9, 58), category: "突发事件", unit: "U3",
          dispatched: cst(2026, 3, 4, 10), departed: done, handler: "H3")
      },
      lateAsOf: cst(2026, 3, 4, 12), lateSeconds: 5400, lateDays: nil),
    ClockedRuleCase(
      rule: .emergencyArrive, note: "working hours, land, 90 min", recordID: "C-EM-ARRIVE",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 11, 30), unitID: "U3", personID: "H3",
      facts: { done in
        RuleBench.call(
          "C-EM-ARRIVE", received: cst(2026, 3, 4, 9, 58), category: "突发公共卫生事件", unit: "U3",
          zone: .rural, dispatched: cst(2026, 3, 4, 10), arrived: done, handler: "H3")
      },
      lateAsOf: cst(2026, 3, 4, 13, 0, 1), lateSeconds: 5401, lateDays: nil),
    ClockedRuleCase(
      rule: .windowGeneral, note: "25 min", recordID: "V-GENERAL", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 4, 10, 25), unitID: "W1", personID: "S1",
      facts: { done in
        RuleBench.visit(
          "V-GENERAL", kind: .window, started: cst(2026, 3, 4, 10), ended: done, unit: "W1",
          staff: "S1", matter: .general)
      },
      lateAsOf: cst(2026, 3, 4, 16), lateSeconds: 20_100, lateDays: nil),
    ClockedRuleCase(
      rule: .windowOnsite, note: "5 working days", recordID: "V-COMMIT",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 11, 23, 59, 59), unitID: "W1",
      personID: "S1",
      facts: { done in
        RuleBench.visit(
          "V-COMMIT", kind: .window, started: cst(2026, 3, 4, 10), unit: "W1", staff: "S1",
          matter: .commitment)
          + (done.map {
            RuleBench.visit("V-ONSITE", kind: .onsite, started: $0, unit: "W2", caseID: "V-COMMIT")
          } ?? [])
      },
      lateAsOf: cst(2026, 3, 13, 8), lateSeconds: 115_201, lateDays: 2),
    ClockedRuleCase(
      rule: .reportOnsite, note: "3 working days", recordID: "R-ONSITE",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 9, 23, 59, 59), unitID: "J1",
      personID: "H4",
      facts: { done in
        RuleBench.complaint(
          "R-ONSITE", kind: .report, received: cst(2026, 3, 4, 10), unit: "J1", handler: "H4",
          onsite: done)
      },
      lateAsOf: cst(2026, 3, 12, 15, 30), lateSeconds: 228_601, lateDays: 3),
    ClockedRuleCase(
      rule: .reportNotify, note: "7 calendar days", recordID: "R-NOTIFY",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 11, 23, 59, 59), unitID: "J1",
      personID: "H4",
      facts: { done in
        RuleBench.complaint(
          "R-NOTIFY", kind: .report, received: cst(2026, 3, 4, 10), unit: "J1", handler: "H4",
          notified: done)
      },
      lateAsOf: cst(2026, 3, 20), lateSeconds: 691_201, lateDays: 9),
    ClockedRuleCase(
      rule: .reportClose, note: "30 calendar days", recordID: "R-CLOSE",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 4, 3, 23, 59, 59), unitID: "J1",
      personID: "H4",
      facts: { done in
        RuleBench.complaint(
          "R-CLOSE", kind: .report, received: cst(2026, 3, 4, 10), unit: "J1", handler: "H4",
          closed: done)
      },
      lateAsOf: cst(2026, 4, 5, 12), lateSeconds: 129_601, lateDays: 2),
    ClockedRuleCase(
      rule: .pledgeReply, note: "10 working days", recordID: "P-REPLY",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 18, 23, 59, 59), unitID: "J2",
      personID: "H5",
      facts: { done in
        RuleBench.complaint(
          "P-REPLY", kind: .pledge, received: cst(2026, 3, 4, 10), unit: "J2", handler: "H5",
          replied: done)
      },
      lateAsOf: cst(2026, 3, 21, 10), lateSeconds: 208_801, lateDays: 3),
    ClockedRuleCase(
      rule: .keypersonMonthly, note: "March 2026", recordID: "KP1@2026-03",
      start: cst(2026, 3, 1), deadline: cst(2026, 3, 31, 23, 59, 59), unitID: "K1",
      personID: "HELPER1",
      facts: { done in
        RuleBench.person("KP1", enrolled: civil(2026, 1, 15), unit: "K1", helper: "HELPER1")
          + (done.map {
            RuleBench.visit("V-KP", kind: .keyperson, started: $0, staff: "HELPER1", subject: "KP1")
          } ?? [])
      },
      lateAsOf: cst(2026, 4, 2, 6), lateSeconds: 108_001, lateDays: 2),
    ClockedRuleCase(
      rule: .caseDue, note: "visit, due_at", recordID: "V-DUE", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 6, 12), unitID: "W1", personID: "S1",
      facts: { done in
        RuleBench.visit(
          "V-DUE", kind: .window, started: cst(2026, 3, 4, 10), ended: done, unit: "W1",
          staff: "S1", due: cst(2026, 3, 6, 12))
      },
      lateAsOf: cst(2026, 3, 7, 12), lateSeconds: 86_400, lateDays: nil),
    ClockedRuleCase(
      rule: .caseDue, note: "complaint, due_at", recordID: "R-DUE", start: cst(2026, 3, 4, 10),
      deadline: cst(2026, 3, 20, 18), unitID: "J1", personID: "H4",
      facts: { done in
        RuleBench.complaint(
          "R-DUE", kind: .report, received: cst(2026, 3, 4, 10), unit: "J1", handler: "H4",
          inScope: false, closed: done, due: cst(2026, 3, 20, 18))
      },
      lateAsOf: cst(2026, 3, 21, 18, 0, 30), lateSeconds: 86_430, lateDays: nil),
  ] + dispatches + duties

  /// The clocked call rules judged per record of `dispatches` (SPEC 3, "Dispatches"): the
  /// dispatch's own unit, class and times; zone and category through its call.
  static let dispatches: [ClockedRuleCase] = [
    ClockedRuleCase(
      rule: .callDepart, note: "dispatch, class 1 of its own, 1 min", recordID: "D-DEPART",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 1), unitID: "F1", personID: "FH1",
      facts: { done in
        RuleBench.call("C-D", received: cst(2026, 3, 4, 9, 58), unit: "P1", zone: .urban)
          + RuleBench.dispatch(
            "D-DEPART", call: "C-D", dispatched: cst(2026, 3, 4, 10), unit: "F1", unitClass: .one,
            departed: done, handler: "FH1")
      },
      lateAsOf: cst(2026, 3, 4, 10, 7, 30), lateSeconds: 390, lateDays: nil),
    ClockedRuleCase(
      rule: .callArrive, note: "dispatch, zone from its call (suburb), 10 min", recordID: "D-ARRIVE",
      start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 10), unitID: "F1", personID: "FH1",
      facts: { done in
        RuleBench.call("C-D", received: cst(2026, 3, 4, 9, 58), zone: .suburb)
          + RuleBench.dispatch(
            "D-ARRIVE", call: "C-D", dispatched: cst(2026, 3, 4, 10), unit: "F1", unitClass: .one,
            arrived: done, handler: "FH1")
      },
      lateAsOf: cst(2026, 3, 4, 10, 10, 1), lateSeconds: 1, lateDays: nil),
    ClockedRuleCase(
      rule: .callArriveCommitted, note: "dispatch, class 2 from the register, 20 min",
      recordID: "D-COMMITTED", start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 20),
      unitID: "GAS", personID: "GH1",
      facts: { done in
        RuleBench.unit("GAS", unitClass: .two, committedMinutes: 20)
          + RuleBench.call("C-D", received: cst(2026, 3, 4, 9, 58), unit: "F1", unitClass: .one)
          + RuleBench.dispatch(
            "D-COMMITTED", call: "C-D", dispatched: cst(2026, 3, 4, 10), unit: "GAS",
            arrived: done, handler: "GH1")
      },
      lateAsOf: cst(2026, 3, 4, 11), lateSeconds: 2400, lateDays: nil),
    ClockedRuleCase(
      rule: .emergencyReady, note: "dispatch, emergency through its call, 30 min",
      recordID: "D-READY", start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 10, 30),
      unitID: "H1", personID: "HH1",
      facts: { done in
        RuleBench.call("C-D", received: cst(2026, 3, 4, 9, 58), category: "突发事件")
          + RuleBench.dispatch(
            "D-READY", call: "C-D", dispatched: cst(2026, 3, 4, 10), unit: "H1", departed: done,
            handler: "HH1")
      },
      lateAsOf: cst(2026, 3, 4, 12), lateSeconds: 5400, lateDays: nil),
    ClockedRuleCase(
      rule: .emergencyArrive, note: "dispatch, its own zone island over the call's, 360 min",
      recordID: "D-ISLAND", start: cst(2026, 3, 4, 10), deadline: cst(2026, 3, 4, 16),
      unitID: "H1", personID: "HH1",
      facts: { done in
        RuleBench.call("C-D", received: cst(2026, 3, 4, 9, 58), category: "emergency", zone: .urban)
          + RuleBench.dispatch(
            "D-ISLAND", call: "C-D", dispatched: cst(2026, 3, 4, 10), unit: "H1", zone: .island,
            arrived: done, handler: "HH1")
      },
      lateAsOf: cst(2026, 3, 4, 16, 0, 30), lateSeconds: 30, lateDays: nil),
  ]

  /// duty.periodic over each kind of period (SPEC 3, "Recurring duties").
  static let duties: [ClockedRuleCase] = [
    ClockedRuleCase(
      rule: .dutyPeriodic, note: "month, by_day 25", recordID: "M-REPORT@2026-03",
      start: cst(2026, 3, 1), deadline: cst(2026, 3, 25, 23, 59, 59), unitID: "U9", personID: nil,
      facts: { done in
        RuleBench.duty("M-REPORT", unit: "U9", kind: "月报", every: .month, byDay: 25, startsOn: civil(2026, 1, 1))
          + (done.map { RuleBench.activity("A1", unit: "U9", kind: "月报", held: $0) } ?? [])
      },
      lateAsOf: cst(2026, 3, 27, 12), lateSeconds: 129_601, lateDays: 2),
    ClockedRuleCase(
      rule: .dutyPeriodic, note: "second half of March", recordID: "H-MEET@2026-03-2",
      start: cst(2026, 3, 16), deadline: cst(2026, 3, 31, 23, 59, 59), unitID: "U9", personID: nil,
      facts: { done in
        RuleBench.duty("H-MEET", unit: "U9", kind: "例会", every: .halfMonth, startsOn: civil(2026, 3, 16))
          + (done.map { RuleBench.activity("A1", unit: "U9", kind: "例会", held: $0) } ?? [])
      },
      lateAsOf: cst(2026, 4, 1, 6), lateSeconds: 21_601, lateDays: 1),
    ClockedRuleCase(
      rule: .dutyPeriodic, note: "quarter", recordID: "Q-CHECK@2026Q1",
      start: cst(2026, 1, 1), deadline: cst(2026, 3, 31, 23, 59, 59), unitID: "U9", personID: nil,
      facts: { done in
        RuleBench.duty("Q-CHECK", unit: "U9", kind: "联合检查", every: .quarter, startsOn: civil(2026, 1, 1))
          + (done.map { RuleBench.activity("A1", unit: "U9", kind: "联合检查", held: $0) } ?? [])
      },
      lateAsOf: cst(2026, 4, 2), lateSeconds: 86_401, lateDays: 2),
    ClockedRuleCase(
      rule: .dutyPeriodic, note: "year", recordID: "Y-EVAL@2026",
      start: cst(2026, 1, 1), deadline: cst(2026, 12, 31, 23, 59, 59), unitID: "U9", personID: nil,
      facts: { done in
        RuleBench.duty("Y-EVAL", unit: "U9", kind: "年终总评", every: .year, startsOn: civil(2026, 1, 1))
          + (done.map { RuleBench.activity("A1", unit: "U9", kind: "年终总评", held: $0) } ?? [])
      },
      lateAsOf: cst(2027, 1, 3, 12), lateSeconds: 216_001, lateDays: 3),
  ]

  /// The clocked call rules, which cancellation can exempt (SPEC §7.31).
  static var calls: [ClockedRuleCase] { all.filter(\.isCall) }
  /// The rules of complaints.
  static var complaints: [ClockedRuleCase] { all.filter(\.isComplaint) }
}
