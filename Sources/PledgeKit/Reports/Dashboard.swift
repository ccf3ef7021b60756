/// The one-page picture of a quarter (issue 8): the figures of one `PeriodReport`, gathered
/// for `pledge report dashboard`. Every number on the page is read from the same report the
/// CSV reports are rendered from; nothing here evaluates an obligation again.
public struct Dashboard {
  public let report: PeriodReport
  /// unit_id → name, from the units register (text only: the page prints it beside the id).
  /// Unit names by unit id, the ids compared byte for byte.
  let unitNames: [ByteKey: String]

  /// Counts per rule over every unit (the compliance report's `ALL` rows).
  let totals: [PeriodReport.Counts]
  /// Counts over every rule and unit: the headline figures.
  let overall: PeriodReport.Counts
  /// The rows of the ranking report, best first.
  let ranking: [RankingReport.Entry]
  /// The rows of the heat map: the ranked units in ranking order, then the obligations without
  /// a unit (SPEC §7.20) when any of them was met or breached.
  let heatMap: [HeatRow]
  /// Breaches per rule, in rulebook order.
  let breachesPerRule: [Int]
  /// Breaches per month of the quarter, by the month of each breach's start S.
  let breachesPerMonth: [(month: YearMonth, count: Int)]
  /// Open obligations closest to their deadline, soonest first.
  let nextDeadlines: [Obligation]
  /// pledge.reply breaches not replied to at A, oldest first (at most `listLength`).
  let unanswered: [Obligation]
  /// How many pledge.reply breaches are unanswered in all, and what they owe together.
  let unansweredCount: Int
  let unansweredCompensation: Money

  /// How many rows the two lists show.
  static let listLength = 10

  struct HeatRow {
    let unitID: String
    /// Counts per rule, in rulebook order.
    let perRule: [PeriodReport.Counts]
    /// Counts over every rule.
    let total: PeriodReport.Counts
  }

  /// Gathers the page's figures from `report`; the units register names the units.
  public init(report: PeriodReport, units: [UnitRecord]) {
    var names: [ByteKey: String] = [:]
    for unit in units { names[ByteKey(unit.id)] = unit.name }
    self.init(report: report, unitNames: names)
  }

  /// The same, with the units' names by id.
  init(report: PeriodReport, unitNames: [ByteKey: String] = [:]) {
    self.report = report
    self.unitNames = unitNames
    let totals = report.totals
    self.totals = totals
    var overall = PeriodReport.Counts()
    for counts in totals { overall.add(counts) }
    self.overall = overall

    let ranking = RankingReport.entries(report)
    self.ranking = ranking
    var heatMap = ranking.map { entry in
      HeatRow(unitID: entry.unitID, perRule: report.counts(ofUnit: entry.unitID)!, total: entry.counts)
    }
    if let noUnit = report.counts(ofUnit: "") {
      var total = PeriodReport.Counts()
      for counts in noUnit { total.add(counts) }
      if total.met + total.breached > 0 {
        heatMap.append(HeatRow(unitID: "", perRule: noUnit, total: total))
      }
    }
    self.heatMap = heatMap
    breachesPerRule = totals.map(\.breached)

    let months = report.period.months
    var perMonth = [Int](repeating: 0, count: months.count)
    for breach in report.breaches {
      if let index = months.firstIndex(of: YearMonth(containing: breach.start.date)) {
        perMonth[index] += 1
      }
    }
    breachesPerMonth = zip(months, perMonth).map { (month: $0, count: $1) }

    nextDeadlines = Array(
      report.open.sorted { a, b in
        // Open obligations always have a deadline (call.answer and call.inquiry are never open).
        let (da, db) = (a.deadline ?? a.start, b.deadline ?? b.start)
        if da != db { return da < db }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.recordID != b.recordID { return byteOrder(a.recordID, b.recordID) }
        return byteOrder(a.unitID, b.unitID)
      }.prefix(Self.listLength))

    let unanswered = report.breaches.filter { $0.rule == .pledgeReply && $0.done == nil }
      .sorted { a, b in
        if a.start != b.start { return a.start < b.start }
        if a.recordID != b.recordID { return byteOrder(a.recordID, b.recordID) }
        return byteOrder(a.unitID, b.unitID)
      }
    self.unanswered = Array(unanswered.prefix(Self.listLength))
    unansweredCount = unanswered.count
    unansweredCompensation = unanswered.reduce(Money.zero) { $0 + $1.compensation }
  }
}
