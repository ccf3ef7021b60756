/// Why a rule gives a record no obligation (SPEC 6, "Nothing silent"): the first reason, said
/// the way a user reads it, and whether it is that a value the rule needs is not known (which
/// `pledge report` warns about) rather than a known value that rules it out (no warning: a call
/// of no emergency category simply has no emergency rule).
public struct Inapplicability: Sendable, Equatable {
  /// `unit class not known`, `category is not an emergency category`.
  public let reason: String
  /// Where the reason comes from, for `pledge show case`: `no unit_class in the record; unit
  /// P-01 is not in the units register`.
  public let detail: String?
  /// A value the rule needs is not known.
  public let isUnknownValue: Bool

  static func unknown(_ reason: String, _ detail: String? = nil) -> Inapplicability {
    Inapplicability(reason: reason, detail: detail, isUnknownValue: true)
  }

  static func known(_ reason: String, _ detail: String? = nil) -> Inapplicability {
    Inapplicability(reason: reason, detail: detail, isUnknownValue: false)
  }

  /// `reason (detail)`.
  public var description: String { detail.map { reason + " (" + $0 + ")" } ?? reason }
}

/// How a rule explains, for one kind of record, why it does not apply. Asked only of records
/// the rule gave no claim.
enum ReasonSubject: Sendable {
  case call(@Sendable (CallRecord, RuleContext) -> Inapplicability)
  case dispatch(@Sendable (DispatchFacts) -> Inapplicability)
  case visit(@Sendable (VisitRecord, RuleContext) -> Inapplicability)
  case complaint(@Sendable (ComplaintRecord, RuleContext) -> Inapplicability)
}
