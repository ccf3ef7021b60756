/// Everything the reports of one period (a quarter, or a year) need, gathered in one pass over
/// its obligations: counts per unit and rule, the breaches, the open obligations, the fines.
/// `report all` renders every report from one of these, so the store is replayed and
/// evaluated once.
public struct PeriodReport {
  public let period: ReportPeriod
  public let asOf: Instant
  /// The last batch folded into the evaluated projection.
  public let batch: Int

  /// What to gather; each scope gathers what the ones before it do.
  public enum Scope: Sendable, Comparable {
    /// Only the fines (disclosure): no obligation is evaluated, so no deadline is needed and
    /// the calendar can never fail it (SPEC §7.36).
    case finesOnly
    /// Counts, breaches and open obligations (every report but obligations).
    case summaries
    /// All of that and every obligation spelled out (the obligations report).
    case everyObligation
  }

  /// Counts per state, indexed by rule order.
  public struct Counts: Sendable, Equatable {
    public var obligations = 0
    public var met = 0
    public var breached = 0
    public var open = 0
    public var exempt = 0
    public var compensation = Money.zero

    mutating func add(_ state: ObligationState, _ owed: Money) {
      obligations += 1
      switch state {
      case .met: met += 1
      case .breached: breached += 1
      case .open: open += 1
      case .exempt: exempt += 1
      }
      compensation = compensation + owed
    }

    mutating func add(_ other: Counts) {
      obligations += other.obligations
      met += other.met
      breached += other.breached
      open += other.open
      exempt += other.exempt
      compensation = compensation + other.compensation
    }

    public var rate: String { CellFormat.rate(met: met, breached: breached) }
  }

  /// One unit's counts per rule (rulebook order).
  public struct UnitCounts: Sendable {
    public let unitID: String
    public var perRule: [Counts]
  }

  /// Every unit with an obligation in the period (the empty id for records without a unit),
  /// in byte order of their ids; two ids that differ in any byte are two units.
  public private(set) var units: [UnitCounts] = []
  public private(set) var breaches: [Obligation] = []
  /// Obligations still open at A (the dashboard shows those closest to their deadline).
  public private(set) var open: [Obligation] = []
  /// Every obligation as a row of the obligations report, when the scope asks for them: one
  /// part per core, joined in report order when rendered.
  private(set) var obligationRows: [ObligationRows] = []
  /// Complaints with a fine, closed in the period at or before A (SPEC §7.24).
  public private(set) var fines: [ComplaintRecord] = []

  /// Evaluates the period, on every core. Throws `CalendarGaps` when some obligation's
  /// deadline needs a year the calendar does not cover (after evaluating all the others).
  public init(evaluation: Evaluation, period: ReportPeriod, scope: Scope = .summaries) throws {
    self.period = period
    asOf = evaluation.asOf
    batch = evaluation.projection.batch
    fines = evaluation.projection.complaints.records.filter { complaint in
      guard let fine = complaint.fine, fine.fen > 0, let closed = complaint.closedAt else { return false }
      return period.contains(closed) && closed <= evaluation.asOf
    }
    guard scope != .finesOnly else { return }
    let parts = Parallel.cores
    let keepAll = scope == .everyObligation
    let partials = try Parallel.map(parts) { part in
      var partial = Partial(keepingAll: keepAll, part: part)
      var gaps = CalendarGaps()
      try evaluation.forEachJudgement(.init(period: period), part: part, of: parts, gaps: &gaps) {
        claim, rule, id, judgement in
        partial.add(claim, rule, id, judgement)
      }
      partial.gaps = gaps
      return partial
    }
    var gaps = CalendarGaps()
    var index = StringIndex()
    for partial in partials {
      gaps.add(partial.gaps)
      for (unit, counts) in zip(partial.units.keys, partial.counts) {
        let (position, isNew) = index.insert(unit)
        if isNew {
          units.append(UnitCounts(unitID: unit, perRule: counts))
        } else {
          for i in counts.indices { units[position].perRule[i].add(counts[i]) }
        }
      }
      breaches += partial.breaches
      open += partial.open
      if let rows = partial.rows { obligationRows.append(rows) }
    }
    if !gaps.isEmpty {
      gaps.period = period.description
      throw gaps
    }
    units.sort { byteOrder($0.unitID, $1.unitID) }
  }

  /// What one core gathers.
  private struct Partial {
    var units = StringIndex()
    var counts: [[Counts]] = []
    var breaches: [Obligation] = []
    var open: [Obligation] = []
    /// Every obligation, rendered as a row, when keeping all.
    var rows: ObligationRows?
    var gaps = CalendarGaps()
    // A record's obligations come together and share its unit: remember the last one.
    private var lastUnit = ""
    private var lastIndex = -1

    init(keepingAll: Bool, part: Int) {
      rows = keepingAll ? ObligationRows(part: part) : nil
    }

    /// Counts a judgement; spells out as an obligation only a breach or an open one (or every
    /// one, when keeping all).
    mutating func add(_ claim: Claim, _ rule: RuleTraits, _ recordID: String, _ judgement: Evaluation.Judgement) {
      let unit = claim.unitID ?? ""
      if lastIndex < 0 || !sameBytes(unit, lastUnit) {
        lastUnit = unit
        let (index, isNew) = units.insert(unit)
        if isNew { counts.append(Partial.empty) }
        lastIndex = index
      }
      counts[lastIndex][rule.id.order].add(judgement.state, judgement.compensation)
      guard rows != nil || judgement.state == .breached || judgement.state == .open else { return }
      let obligation = judgement.obligation(claim, rule, recordID: recordID)
      rows?.add(obligation)
      switch judgement.state {
      case .breached: breaches.append(obligation)
      case .open: open.append(obligation)
      case .met, .exempt: break
      }
    }

    static let empty = [Counts](repeating: Counts(), count: RuleID.allCases.count)
  }

  /// The counts of one unit, if it has obligations in the period.
  public func counts(ofUnit unitID: String) -> [Counts]? {
    units.first { sameBytes($0.unitID, unitID) }?.perRule
  }

  /// Totals per rule over every unit.
  public var totals: [Counts] {
    var totals = [Counts](repeating: Counts(), count: RuleID.allCases.count)
    for unit in units {
      for (i, c) in unit.perRule.enumerated() { totals[i].add(c) }
    }
    return totals
  }
}
