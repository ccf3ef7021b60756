/// A rule's reading of one kind of record (see `Evaluation.RulesBySubject`).
protocol SubjectRule {
  associatedtype Subject: Record
  associatedtype Facts
  var traits: RuleTraits { get }
  func claim(_ record: borrowing Subject, _ facts: Facts) -> Claim?
}

/// Every obligation of the rulebook over a projection, evaluated at one instant A (SPEC 2.3).
///
/// A pure function of (projection, options, A): no I/O and no clock. Obligations are handed to
/// a visitor one by one rather than gathered, so a store of millions of calls is evaluated in
/// flat memory.
public struct Evaluation {
  public let projection: Projection
  public let options: RuleOptions
  public let asOf: Instant
  let context: RuleContext

  /// Evaluates at `asOf`, or by default at the latest business time in the projection
  /// (SPEC 4.4, §7.1).
  public init(projection: Projection, options: RuleOptions, asOf: Instant? = nil) throws(Diagnostic) {
    guard let instant = asOf ?? projection.latestBusinessTime else {
      throw Diagnostic(
        "there is no business time in the store to evaluate at; ingest some exports or give"
          + " --as-of TIME")
    }
    self.projection = projection
    self.options = options
    self.asOf = instant
    context = RuleContext(projection: projection, options: options, asOf: instant)
  }

  /// Which obligations to evaluate, decided before any deadline is computed (so a deadline in
  /// an uncovered year fails only an obligation that is asked for, SPEC §7.10).
  public struct Selection {
    public var quarter: Quarter?
    /// Only obligations of this unit.
    public var unitID: String?
    /// Only obligations this person is responsible for, or key-person months of this person.
    public var personID: String?

    public init(quarter: Quarter? = nil, unitID: String? = nil, personID: String? = nil) {
      self.quarter = quarter
      self.unitID = unitID
      self.personID = personID
    }

    /// Whether the claim is of the selected unit or person (the quarter is checked on S later).
    func admits(_ claim: Claim, recordID: String) -> Bool {
      if let unitID, (claim.unitID ?? "") != unitID { return false }
      if let personID, claim.personID != personID, !(claim.recordID ?? recordID).hasPrefix(personID + "@") {
        return false
      }
      return true
    }
  }

  /// Visits every obligation whose start S is at or before A and in `quarter` (all quarters
  /// when nil), record by record.
  public func forEachObligation(
    in quarter: Quarter?, _ visit: (Obligation) throws -> Void
  ) throws {
    try forEachObligation(Selection(quarter: quarter), visit)
  }

  /// Visits every selected obligation whose start S is at or before A, record by record.
  /// With `part`/`parts`, only that share of each kind of record (for evaluating on several
  /// cores; the parts together visit every obligation once).
  public func forEachObligation(
    _ selection: Selection, part: Int = 0, of parts: Int = 1,
    _ visit: (Obligation) throws -> Void
  ) throws {
    try forEachJudgement(selection, part: part, of: parts) { claim, rule, recordID, judgement in
      try visit(judgement.obligation(claim, rule, recordID: recordID))
    }
  }

  /// The judgement of every selected claim, for callers that spell out only some of them as
  /// obligations (a quarter's report keeps the breaches and counts the rest).
  func forEachJudgement(
    _ selection: Selection, part: Int = 0, of parts: Int = 1,
    _ visit: (Claim, RuleTraits, String, Judgement) throws -> Void
  ) throws {
    let filter: Selection? = selection.unitID == nil && selection.personID == nil ? nil : selection
    let quarterRange = selection.quarter.map { $0.start...$0.end }
    let rules = Evaluation.rulesBySubject
    @inline(__always)
    func consider(_ claim: Claim, _ rule: RuleTraits, _ recordID: String) throws {
      guard filter?.admits(claim, recordID: recordID) ?? true, counts(claim, in: quarterRange) else { return }
      try visit(claim, rule, claim.recordID ?? recordID, try judge(claim, rule))
    }
    /// Whether any of a record's possible starts lies in the selected quarter.
    func mayStart(_ starts: (Instant?, Instant?)) -> Bool {
      guard let range = quarterRange else { return true }
      return (starts.0.map(range.contains) ?? false) || (starts.1.map(range.contains) ?? false)
    }
    func share(_ count: Int) -> Range<Int> { (count * part / parts)..<(count * (part + 1) / parts) }

    // Record by record over the share of each kind of record, every rule of that kind for
    // each (the record is read once; a specialized loop per kind of record).
    func run<Rule: SubjectRule>(
      _ records: [Rule.Subject], _ rules: [Rule], _ facts: (borrowing Rule.Subject) -> Rule.Facts
    ) throws {
      // Through raw buffers: indexing an array shared by the cores retains its storage, and
      // its reference count would bounce between them.
      try records.withUnsafeBufferPointer { records in
        try rules.withUnsafeBufferPointer { rules in
          for position in share(records.count) {
            // One copy of the record: handing the buffer's element to each rule would copy it
            // (and retain its strings) once per rule.
            let record = records[position]
            guard mayStart(record.possibleStarts) else { continue }
            let known = facts(record)
            for r in rules.indices {
              guard let claim = rules[r].claim(record, known) else { continue }
              if let filter, !filter.admits(claim, recordID: record.id) { continue }
              guard counts(claim, in: quarterRange) else { continue }
              let traits = rules[r].traits
              try visit(claim, traits, claim.recordID ?? record.id, try judge(claim, traits))
            }
          }
        }
      }
    }
    unowned(unsafe) let context = context
    let unretained = Unmanaged.passUnretained(context)
    try run(projection.calls.records, rules.calls) { CallFacts($0, unretained) }
    try run(projection.visits.records, rules.visits) { _ in context }
    try run(projection.complaints.records, rules.complaints) { _ in context }
    let persons = projection.persons.records
    for i in share(persons.count) {
      let record = persons[i]
      for (rule, claims) in rules.persons {
        for claim in claims(record, context, quarterRange) { try consider(claim, rule, record.id) }
      }
    }
  }

  /// The rulebook regrouped by the kind of record each rule reads, so each record is visited
  /// once.
  struct RulesBySubject {
    var calls: [CallRule] = []
    var visits: [VisitRule] = []
    var complaints: [ComplaintRule] = []
    var persons: [(RuleTraits, @Sendable (PersonRecord, RuleContext, ClosedRange<Instant>?) -> [Claim])] = []
  }

  /// One rule's claim function over one kind of record, in a struct of its own kind: a
  /// function stored in a tuple or a generic struct sits behind a reabstraction thunk, a heap
  /// object every call retains, whose reference count would bounce between the cores.
  struct CallRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing CallRecord, CallFacts) -> Claim?
    func claim(_ record: borrowing CallRecord, _ facts: CallFacts) -> Claim? { claim(record, facts) }
  }

  struct VisitRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing VisitRecord, RuleContext) -> Claim?
    func claim(_ record: borrowing VisitRecord, _ facts: RuleContext) -> Claim? { claim(record, facts) }
  }

  struct ComplaintRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing ComplaintRecord, RuleContext) -> Claim?
    func claim(_ record: borrowing ComplaintRecord, _ facts: RuleContext) -> Claim? { claim(record, facts) }
  }

  static let rulesBySubject: RulesBySubject = {
    var grouped = RulesBySubject()
    for rule in Rulebook.rules {
      for subject in rule.subjects {
        switch subject {
        case .call(let claim): grouped.calls.append(CallRule(traits: rule.traits, claim: claim))
        case .visit(let claim): grouped.visits.append(VisitRule(traits: rule.traits, claim: claim))
        case .complaint(let claim): grouped.complaints.append(ComplaintRule(traits: rule.traits, claim: claim))
        case .person(let claims): grouped.persons.append((rule.traits, claims))
        }
      }
    }
    return grouped
  }()

  /// How many obligations (starting in `quarter`, or in any quarter) are in each state,
  /// evaluated on every core.
  public func stateCounts(in quarter: Quarter?) throws -> [ObligationState: Int] {
    let parts = Parallel.cores
    let partials = try Parallel.map(parts) { part in
      var counts: [ObligationState: Int] = [:]
      try forEachObligation(.init(quarter: quarter), part: part, of: parts) { counts[$0.state, default: 0] += 1 }
      return counts
    }
    return partials.reduce(into: [:]) { total, counts in total.merge(counts, uniquingKeysWith: +) }
  }

  /// The obligations of one record (a call, visit, complaint or key person), every quarter.
  public func obligations(ofRecord id: String) throws -> [Obligation] {
    var found: [Obligation] = []
    for rule in Rulebook.rules {
      for subject in rule.subjects {
        switch subject {
        case .call(let claim):
          if let record = projection.calls[id], let c = claim(record, CallFacts(record, context)) {
            try emit(c, rule, id) { found.append($0) }
          }
        case .visit(let claim):
          if let record = projection.visits[id], let c = claim(record, context) {
            try emit(c, rule, id) { found.append($0) }
          }
        case .complaint(let claim):
          if let record = projection.complaints[id], let c = claim(record, context) {
            try emit(c, rule, id) { found.append($0) }
          }
        case .person(let claims):
          if let record = projection.persons[id] {
            for c in claims(record, context, nil) { try emit(c, rule, id) { found.append($0) } }
          }
        }
      }
    }
    return found
  }

  private func emit(
    _ claim: Claim, _ rule: Rule, _ recordID: String, _ visit: (Obligation) throws -> Void
  ) throws {
    guard counts(claim, in: nil) else { return }
    try visit(try evaluate(claim, rule.traits, recordID: claim.recordID ?? recordID))
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
        state: state, lateSeconds: lateSeconds, lateDays: lateDays, compensation: compensation)
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
        deadline = try? self.deadline(of: limit, extra: extra, from: claim.start)
      } else {
        deadline = try self.deadline(of: limit, extra: extra, from: claim.start)
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

  private func deadline(of limit: Limit, extra: Int, from start: Instant) throws(CalendarGap) -> Instant {
    try context.deadline(of: limit, extra: extra, from: start)
  }
}
