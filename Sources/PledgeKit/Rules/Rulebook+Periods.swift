/// The rules whose obligations are periods of a register row rather than one record's steps:
/// each month of a key person's enrolment, each period of a recurring duty.
extension Rulebook {
  /// keyperson.monthly: one claim per month owed (SPEC §7.8, §7.19) — the person was enrolled
  /// on or before its 1st and not released before its last day (a release after A is not yet
  /// known). Months run from enrolment to the month of A.
  @Sendable
  static func monthlyVisits(
    _ person: PersonRecord, _ context: RuleContext, _ wanted: ClosedRange<Instant>?
  ) -> [Claim] {
    guard let enrolled = person.enrolledOn else { return [] }
    var released: CivilDate? = person.releasedOn
    if let date = released, date.start > context.asOf { released = nil }
    var month = YearMonth(containing: enrolled)
    if enrolled > month.firstDay { month = month.next }
    var lastMonth = YearMonth(containing: context.asOf.date)
    if let wanted {
      month = max(month, YearMonth(containing: wanted.lowerBound.date))
      lastMonth = min(lastMonth, YearMonth(containing: wanted.upperBound.date))
    }
    var claims: [Claim] = []
    while month <= lastMonth {
      if let released, released < month.lastDay { break }
      let start = month.firstDay.start
      let end = month.lastDay.end
      claims.append(
        Claim(
          start: start, deadline: .at(end),
          done: context.firstKeypersonVisit(of: person.id, from: start, through: min(end, context.asOf)),
          unitID: person.unitID, personID: person.helperID ?? person.unitID,
          recordID: person.id + "@" + month.description))
      month = month.next
    }
    return claims
  }

  /// duty.periodic: one claim per period owed (SPEC 3, "Recurring duties"; §7.38, §7.39) — a
  /// period is owed when the duty's starts_on is empty or on or before its first day and its
  /// ends_on is empty or on or after its last day. Periods run from starts_on (else the start
  /// of `wanted`, or the store's first business time) to the period of A.
  @Sendable
  static func dutyPeriods(
    _ duty: DutyRecord, _ context: RuleContext, _ wanted: ClosedRange<Instant>?
  ) -> [Claim] {
    guard let period = duty.period, let unitID = duty.unitID, let kind = duty.kind else { return [] }
    var from: CivilDate
    var through = context.asOf.date
    if let wanted {
      // A duty without starts_on is owed always: in any period asked for.
      from = max(duty.startsOn ?? wanted.lowerBound.date, wanted.lowerBound.date)
      through = min(through, wanted.upperBound.date)
    } else {
      from = duty.startsOn ?? context.dutiesOwedFrom?.date ?? context.asOf.date
    }
    guard from <= through else { return [] }
    var claims: [Claim] = []
    var current = DutyPeriod(period, containing: from)
    while current.firstDay <= through {
      defer { current = current.next }
      let first = current.firstDay
      let last = current.lastDay
      if let starts = duty.startsOn, starts > first { continue }
      if let ends = duty.endsOn, ends < last { break }
      let start = first.start
      claims.append(
        Claim(
          start: start, deadline: .at(current.dueDay(byDay: duty.byDay).end),
          done: context.firstActivity(unit: unitID, kind: kind, from: start, through: min(last.end, context.asOf)),
          unitID: unitID, personID: nil, recordID: duty.id + "@" + current.label, clause: duty.clause ?? ""))
    }
    return claims
  }
}
