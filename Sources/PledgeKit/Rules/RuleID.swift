/// The sixteen rules of SPEC 3, in rulebook order (the order of every report).
public enum RuleID: String, CaseIterable, Sendable, Comparable {
  case callAnswer = "call.answer"
  case callInquiry = "call.inquiry"
  case callDepart = "call.depart"
  case callArrive = "call.arrive"
  case callArriveCommitted = "call.arrive.committed"
  case emergencyReady = "emergency.ready"
  case emergencyArrive = "emergency.arrive"
  case windowGeneral = "window.general"
  case windowOnsite = "window.onsite"
  case reportOnsite = "report.onsite"
  case reportNotify = "report.notify"
  case reportClose = "report.close"
  case pledgeReply = "pledge.reply"
  case keypersonMonthly = "keyperson.monthly"
  case caseDue = "case.due"
  case dutyPeriodic = "duty.periodic"

  /// Position in the rulebook, 0-based. (A switch: reports compare rules millions of times.)
  public var order: Int {
    switch self {
    case .callAnswer: return 0
    case .callInquiry: return 1
    case .callDepart: return 2
    case .callArrive: return 3
    case .callArriveCommitted: return 4
    case .emergencyReady: return 5
    case .emergencyArrive: return 6
    case .windowGeneral: return 7
    case .windowOnsite: return 8
    case .reportOnsite: return 9
    case .reportNotify: return 10
    case .reportClose: return 11
    case .pledgeReply: return 12
    case .keypersonMonthly: return 13
    case .caseDue: return 14
    case .dutyPeriodic: return 15
    }
  }

  public static func < (a: RuleID, b: RuleID) -> Bool { a.order < b.order }
}

/// The state of an obligation at the evaluation instant A (SPEC 2.3).
public enum ObligationState: String, Sendable {
  case met, breached, open, exempt
}

/// One obligation of one record under one rule, evaluated at A.
public struct Obligation: Sendable {
  public let rule: RuleID
  /// The record's id (`PERSON@YYYY-MM` for keyperson.monthly, `DUTY@PERIOD` for
  /// duty.periodic, the dispatch's id for a dispatch).
  public let recordID: String
  /// The record's own unit (empty when it has none, SPEC §7.20).
  public let unitID: String
  /// The responsible person, when known.
  public let personID: String?
  public let start: Instant
  /// T; nil for call.answer and call.inquiry, which have no clock.
  public let deadline: Instant?
  /// D, when done at or before A.
  public let done: Instant?
  public let state: ObligationState
  /// (D or A) − T, for breaches of clocked rules.
  public let lateSeconds: Int64?
  /// date(D or A) − date(T), for breaches of day-based rules (SPEC §7.15).
  public let lateDays: Int?
  /// What the breach owes the complainant (pledge.reply: 10 yuan per late day).
  public let compensation: Money
  /// The clause the obligation comes from when it is the record's own (duty.periodic: the
  /// duty's `clause`, empty when the register gives none); nil: the rule's.
  public let clause: String?

  /// The clause penalties print: the record's own, else the rule's (SPEC §7.22).
  public var clauseText: String { clause ?? Rulebook.rule(rule).clause }
}
