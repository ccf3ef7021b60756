/// One rule of the rulebook: the row of SPEC 3 that states it, and the small function that
/// finds its obligations in a record. (A class only so that evaluating millions of records
/// passes it by reference.)
public final class Rule: Sendable {
  public let id: RuleID
  /// The clause of the seed documents, verbatim as in SPEC 3 (reports print it).
  public let clause: String
  public let appliesTo: String
  public let start: String
  public let done: String
  public let limit: String
  public let exemption: String
  public let responsible: String
  /// Breaches report late_days (SPEC §7.15).
  let reportsLateDays: Bool
  /// Owed to the complainant per late day of a breach (卫生局 三).
  let compensationPerLateDay: Money
  /// Where the rule looks for obligations.
  let subjects: [RuleSubject]

  /// What evaluating an obligation needs of its rule, as plain values: evaluation on several
  /// cores passes these around millions of times, and a shared object would have its
  /// reference count bounced between the cores.
  var traits: RuleTraits {
    RuleTraits(id: id, reportsLateDays: reportsLateDays, compensationPerLateDay: compensationPerLateDay)
  }

  init(
    id: RuleID, clause: String, appliesTo: String, start: String, done: String, limit: String,
    exemption: String, responsible: String, reportsLateDays: Bool, compensationPerLateDay: Money,
    subjects: [RuleSubject]
  ) {
    self.id = id
    self.clause = clause
    self.appliesTo = appliesTo
    self.start = start
    self.done = done
    self.limit = limit
    self.exemption = exemption
    self.responsible = responsible
    self.reportsLateDays = reportsLateDays
    self.compensationPerLateDay = compensationPerLateDay
    self.subjects = subjects
  }
}

/// The plain values of a rule that evaluation needs.
struct RuleTraits: Sendable {
  let id: RuleID
  let reportsLateDays: Bool
  let compensationPerLateDay: Money
}

/// A kind of record a rule reads, and how it reads one: the claims (obligations before
/// evaluation) the record gives rise to.
enum RuleSubject: Sendable {
  // Records are borrowed, not copied: a rule runs for every record of a quarter.
  /// The call itself (call.answer, call.inquiry).
  case call(@Sendable (borrowing CallRecord, RuleContext) -> Claim?)
  /// Each dispatch of a call: its own dispatch columns, or each of its records in
  /// `dispatches` (SPEC 3, "Dispatches").
  case dispatch(@Sendable (borrowing DispatchFacts) -> Claim?)
  case visit(@Sendable (borrowing VisitRecord, RuleContext) -> Claim?)
  case complaint(@Sendable (borrowing ComplaintRecord, RuleContext) -> Claim?)
  /// Rules over months of a person's enrolment: `months` bounds the starts wanted (a quarter),
  /// so a person enrolled years ago is not walked month by month from then.
  case person(@Sendable (PersonRecord, RuleContext, _ months: ClosedRange<Instant>?) -> [Claim])
  /// Rules over the periods of a recurring duty, bounded the same way.
  case duty(@Sendable (DutyRecord, RuleContext, _ periods: ClosedRange<Instant>?) -> [Claim])
}

/// An obligation as a rule states it, before it is evaluated at A.
struct Claim {
  enum Deadline {
    /// T = the limit applied to S; `offHoursExtraMinutes` is added when S is off hours.
    case limit(Limit, offHoursExtraMinutes: Int = 0)
    /// T is a promised instant (case.due) or the end of a month (keyperson.monthly).
    case at(Instant)
    /// No clock: the value known from the record decides (call.answer, call.inquiry).
    case verdict(met: Bool)
  }

  var start: Instant
  var deadline: Deadline
  /// D, only when it happened at or before A.
  var done: Instant?
  var isExempt = false
  var unitID: String?
  var personID: String?
  /// Overrides the record's id (keyperson.monthly: `PERSON@YYYY-MM`).
  var recordID: String?
  /// The record's own clause (duty.periodic), printed instead of the rule's.
  var clause: String?
}
