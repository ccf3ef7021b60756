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

  /// The working-day calendar the deadlines use: bundled, the store's dates, `--calendar`.
  public var calendar: WorkCalendar { context.calendar }

  /// Which obligations to evaluate, decided before any deadline is computed (so a deadline in
  /// an uncovered year fails only an obligation that is asked for, SPEC §7.10).
  public struct Selection {
    public var period: ReportPeriod?
    /// Only obligations of this unit.
    public var unitID: String?
    /// Only obligations this person is responsible for, or key-person months of this person.
    public var personID: String?

    public init(period: ReportPeriod? = nil, unitID: String? = nil, personID: String? = nil) {
      self.period = period
      self.unitID = unitID
      self.personID = personID
    }

    public init(quarter: Quarter?, unitID: String? = nil, personID: String? = nil) {
      self.init(period: quarter.map(ReportPeriod.quarter), unitID: unitID, personID: personID)
    }

    /// Whether the claim of `rule` on record `recordID` is of the selected unit or person (the
    /// period is checked on S later): a person is responsible for it, or it is a month of the
    /// key person with that id.
    func admits(_ claim: Claim, rule: RuleID, recordID: String) -> Bool {
      if let unitID, !sameBytes(claim.unitID ?? "", unitID) { return false }
      if let personID, !(claim.personID.map { sameBytes($0, personID) } ?? false),
        !(rule == .keypersonMonthly && sameBytes(recordID, personID))
      {
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
  /// cores; the parts together visit every obligation once). Obligations whose deadline
  /// needs a year the calendar does not cover are counted and, at the end, thrown as
  /// `CalendarGaps`.
  public func forEachObligation(
    _ selection: Selection, part: Int = 0, of parts: Int = 1,
    _ visit: (Obligation) throws -> Void
  ) throws {
    var gaps = CalendarGaps()
    try forEachJudgement(selection, part: part, of: parts, gaps: &gaps) { claim, rule, recordID, judgement in
      try visit(judgement.obligation(claim, rule, recordID: recordID))
    }
    if !gaps.isEmpty {
      gaps.period = selection.period?.description
      throw gaps
    }
  }

  /// The judgement of every selected claim, for callers that spell out only some of them as
  /// obligations (a quarter's report keeps the breaches and counts the rest). A claim whose
  /// deadline needs an uncovered year is counted in `gaps` and not visited.
  func forEachJudgement(
    _ selection: Selection, part: Int = 0, of parts: Int = 1, gaps: inout CalendarGaps,
    _ visit: (Claim, RuleTraits, String, Judgement) throws -> Void
  ) throws {
    let filter: Selection? = selection.unitID == nil && selection.personID == nil ? nil : selection
    let range = selection.period?.range
    let rules = Evaluation.rulesBySubject
    @inline(__always)
    func consider(_ claim: Claim, _ rule: RuleTraits, _ recordID: String) throws {
      if let filter, !filter.admits(claim, rule: rule.id, recordID: recordID) { return }
      guard counts(claim, in: range) else { return }
      let judgement: Judgement
      do {
        judgement = try judge(claim, rule)
      } catch {
        gaps.record(error)
        return
      }
      try visit(claim, rule, claim.recordID ?? recordID, judgement)
    }
    /// Whether any of a record's possible starts lies in the selected period.
    func mayStart(_ starts: (Instant?, Instant?)) -> Bool {
      guard let range else { return true }
      return (starts.0.map(range.contains) ?? false) || (starts.1.map(range.contains) ?? false)
    }
    func share(_ count: Int) -> Range<Int> { (count * part / parts)..<(count * (part + 1) / parts) }

    unowned(unsafe) let context = context
    let unretained = Unmanaged.passUnretained(context)
    // Record by record over the share of each kind of record, every rule of that kind for
    // each (the record is read once; a specialized loop per kind of record).
    func run<Rule: SubjectRule>(
      _ records: [Rule.Subject], _ rules: [Rule], _ facts: (borrowing Rule.Subject) -> Rule.Facts,
      then more: (borrowing Rule.Subject) throws -> Void = { _ in }
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
              try consider(claim, rules[r].traits, record.id)
            }
            try more(record)
          }
        }
      }
    }
    let dispatchRules = rules.dispatches
    try dispatchRules.withUnsafeBufferPointer { dispatchRules in
      try run(projection.calls.records, rules.calls, { _ in context }) { call in
        // A call with records in `dispatches` is judged only through them (SPEC §7.34).
        guard !context.hasDispatches(call.id) else { return }
        let dispatch = DispatchFacts(call: call, unretained)
        for r in dispatchRules.indices {
          guard let claim = dispatchRules[r].claim(dispatch, ()) else { continue }
          try consider(claim, dispatchRules[r].traits, call.id)
        }
      }
    }
    try run(projection.dispatches.records, rules.dispatchRecords) { DispatchFacts(dispatch: $0, unretained) }
    try run(projection.visits.records, rules.visits) { _ in context }
    try run(projection.complaints.records, rules.complaints) { _ in context }
    let persons = projection.persons.records
    for i in share(persons.count) {
      let record = persons[i]
      for (rule, claims) in rules.persons {
        for claim in claims(record, context, range) { try consider(claim, rule, record.id) }
      }
    }
    let duties = projection.duties.records
    for i in share(duties.count) {
      let record = duties[i]
      for (rule, claims) in rules.duties {
        for claim in claims(record, context, range) { try consider(claim, rule, record.id) }
      }
    }
  }

  /// How many obligations (starting in `period`, or in any) are in each state, evaluated on
  /// every core.
  public func stateCounts(in period: ReportPeriod?) throws -> [ObligationState: Int] {
    let parts = Parallel.cores
    let partials = try Parallel.map(parts) { part in
      var counts: [ObligationState: Int] = [:]
      var gaps = CalendarGaps()
      try forEachJudgement(.init(period: period), part: part, of: parts, gaps: &gaps) { _, _, _, judgement in
        counts[judgement.state, default: 0] += 1
      }
      return (counts, gaps)
    }
    var gaps = CalendarGaps()
    for (_, partGaps) in partials { gaps.add(partGaps) }
    if !gaps.isEmpty {
      gaps.period = period?.description
      throw gaps
    }
    return partials.reduce(into: [:]) { total, partial in total.merge(partial.0, uniquingKeysWith: +) }
  }
}
