/// Everything the quarterly reports need, gathered in one pass over the obligations of a
/// quarter: counts per unit and rule, the breaches, the fines. `report all` renders all five
/// reports from one of these, so the store is replayed and evaluated once.
public struct QuarterReport {
  public let quarter: Quarter
  public let asOf: Instant
  /// The last batch folded into the evaluated projection.
  public let batch: Int

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

  /// unit_id → counts per rule (rulebook order).
  public private(set) var byUnit: [String: [Counts]] = [:]
  public private(set) var breaches: [Obligation] = []
  /// Obligations still open at A (the dashboard shows those closest to their deadline).
  public private(set) var open: [Obligation] = []
  /// Complaints with a fine, closed in the quarter at or before A (SPEC §7.24).
  public private(set) var fines: [ComplaintRecord] = []

  /// Evaluates the quarter, on every core.
  public init(evaluation: Evaluation, quarter: Quarter) throws {
    self.quarter = quarter
    asOf = evaluation.asOf
    batch = evaluation.projection.batch
    let parts = Parallel.cores
    let partials = try Parallel.map(parts) { part in
      var partial = Partial()
      try evaluation.forEachJudgement(.init(quarter: quarter), part: part, of: parts) { claim, rule, id, judgement in
        partial.add(claim, rule, id, judgement)
      }
      return partial
    }
    for partial in partials {
      for (unit, counts) in partial.byUnit {
        if var existing = byUnit[unit] {
          for i in existing.indices { existing[i].add(counts[i]) }
          byUnit[unit] = existing
        } else {
          byUnit[unit] = counts
        }
      }
      breaches += partial.breaches
      open += partial.open
    }
    fines = evaluation.projection.complaints.records.filter { complaint in
      guard let fine = complaint.fine, fine.fen > 0, let closed = complaint.closedAt else { return false }
      return quarter.contains(closed) && closed <= evaluation.asOf
    }
  }

  /// What one core gathers.
  private struct Partial {
    var units = StringIndex()
    var counts: [[Counts]] = []
    var breaches: [Obligation] = []
    var open: [Obligation] = []
    // A record's obligations come together and share its unit: remember the last one.
    private var lastUnit = ""
    private var lastIndex = -1

    var byUnit: [String: [Counts]] {
      Dictionary(uniqueKeysWithValues: zip(units.keys, counts))
    }

    /// Counts a judgement; spells out as an obligation only a breach or an open one.
    mutating func add(_ claim: Claim, _ rule: RuleTraits, _ recordID: String, _ judgement: Evaluation.Judgement) {
      let unit = claim.unitID ?? ""
      if lastIndex < 0 || unit != lastUnit {
        lastUnit = unit
        let (index, isNew) = units.insert(unit)
        if isNew { counts.append(Partial.empty) }
        lastIndex = index
      }
      counts[lastIndex][rule.id.order].add(judgement.state, judgement.compensation)
      switch judgement.state {
      case .breached: breaches.append(judgement.obligation(claim, rule, recordID: recordID))
      case .open: open.append(judgement.obligation(claim, rule, recordID: recordID))
      case .met, .exempt: break
      }
    }

    static let empty = [Counts](repeating: Counts(), count: RuleID.allCases.count)
  }

  /// Totals per rule over every unit.
  public var totals: [Counts] {
    var totals = [Counts](repeating: Counts(), count: RuleID.allCases.count)
    for counts in byUnit.values {
      for (i, c) in counts.enumerated() { totals[i].add(c) }
    }
    return totals
  }
}
