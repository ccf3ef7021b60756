extension Evaluation {
  /// The obligations of one record of `source`, every period: a call's own (with its own
  /// dispatch's, unless it has records in `dispatches`), a dispatch's, a visit's, a
  /// complaint's, a key person's months, a duty's periods. Units, activities and calendar
  /// dates have none.
  public func obligations(of source: Source, id: String) throws -> [Obligation] {
    var found: [Obligation] = []
    var gaps = CalendarGaps()
    let unretained = Unmanaged.passUnretained(context)
    func emit(_ claim: Claim?, _ rule: Rule) {
      guard let claim, counts(claim, in: nil) else { return }
      do {
        found.append(try evaluate(claim, rule.traits, recordID: claim.recordID ?? id))
      } catch {
        gaps.record(error)
      }
    }
    for rule in Rulebook.rules {
      for subject in rule.subjects {
        switch (subject, source) {
        case (.call(let claim), .calls):
          if let record = projection.calls[id] { emit(claim(record, context), rule) }
        case (.dispatch(let claim), .calls):
          if let record = projection.calls[id], !context.hasDispatches(id) {
            emit(claim(DispatchFacts(call: record, unretained)), rule)
          }
        case (.dispatch(let claim), .dispatches):
          if let record = projection.dispatches[id] { emit(claim(DispatchFacts(dispatch: record, unretained)), rule) }
        case (.visit(let claim), .visits):
          if let record = projection.visits[id] { emit(claim(record, context), rule) }
        case (.complaint(let claim), .complaints):
          if let record = projection.complaints[id] { emit(claim(record, context), rule) }
        case (.person(let claims), .keypersons):
          if let record = projection.persons[id] { for c in claims(record, context, nil) { emit(c, rule) } }
        case (.duty(let claims), .duties):
          if let record = projection.duties[id] { for c in claims(record, context, nil) { emit(c, rule) } }
        default:
          break
        }
      }
    }
    if !gaps.isEmpty { throw gaps }
    return found
  }

  /// The obligations of every record with this id, in any source that gives obligations.
  public func obligations(ofRecord id: String) throws -> [Obligation] {
    var found: [Obligation] = []
    for source in [Source.calls, .dispatches, .visits, .complaints, .keypersons, .duties] {
      found += try obligations(of: source, id: id)
    }
    return found
  }

  /// Whether a claim is an obligation at A starting in `range` (any time when nil): one whose
  /// S is after A is not counted at all (SPEC §7.4).
  @inline(__always)
  func counts(_ claim: Claim, in range: ClosedRange<Instant>?) -> Bool {
    claim.start <= asOf && (range?.contains(claim.start) ?? true)
  }

  /// The state of one claim at A.
  func evaluate(_ claim: Claim, _ rule: RuleTraits, recordID: String) throws(CalendarGap) -> Obligation {
    try judge(claim, rule).obligation(claim, rule, recordID: recordID)
  }

  /// What a claim comes to at A: its deadline, state and lateness.
  struct Judgement {
    let state: ObligationState
    let deadline: Instant?
    /// D (none for call.answer and call.inquiry, which have no clock).
    let done: Instant?
    let lateSeconds: Int64?
    let lateDays: Int?
    let compensation: Money

    func obligation(_ claim: Claim, _ rule: RuleTraits, recordID: String) -> Obligation {
      Obligation(
        rule: rule.id, recordID: recordID, unitID: claim.unitID ?? "", personID: claim.personID,
        start: claim.start, deadline: deadline, done: done,
        state: state, lateSeconds: lateSeconds, lateDays: lateDays, compensation: compensation,
        clause: claim.clause)
    }
  }

  func judge(_ claim: Claim, _ rule: RuleTraits) throws(CalendarGap) -> Judgement {
    let done = claim.done
    var deadline: Instant?
    switch claim.deadline {
    case .verdict(let met):
      return Judgement(
        state: met ? .met : .breached, deadline: nil, done: nil, lateSeconds: nil, lateDays: nil,
        compensation: .zero)
    case .at(let instant):
      deadline = instant
    case .limit(let limit, let extra):
      if claim.isExempt {
        // Not needed to decide the state: a calendar gap must not fail it (SPEC §7.10).
        deadline = try? context.deadline(of: limit, extra: extra, from: claim.start)
      } else {
        deadline = try context.deadline(of: limit, extra: extra, from: claim.start)
      }
    }
    let state: ObligationState
    var lateSeconds: Int64?
    var lateDays: Int?
    var compensation = Money.zero
    if claim.isExempt {
      state = .exempt
    } else if let done, let deadline, done <= deadline {
      state = .met
    } else if done == nil, let deadline, asOf <= deadline {
      state = .open
    } else {
      state = .breached
      let end = done ?? asOf
      lateSeconds = end - deadline!
      if rule.reportsLateDays {
        let days = end.date - deadline!.date
        lateDays = days
        compensation = Money(fen: rule.compensationPerLateDay.fen * Int64(days))
      }
    }
    return Judgement(
      state: state, deadline: deadline, done: done, lateSeconds: lateSeconds, lateDays: lateDays,
      compensation: compensation)
  }
}
