/// ranking — the quarterly evaluation of units (110 制度 六, SPEC 5).
enum RankingReport {
  struct Entry {
    let rank: Int
    let unitID: String
    let counts: PeriodReport.Counts
  }

  /// Units with at least one met or breached obligation, best first; equal rate and equal
  /// breaches share a rank (1, 2, 2, 4).
  static func entries(_ report: PeriodReport) -> [Entry] {
    var units: [(String, PeriodReport.Counts)] = []
    for unit in report.units where !unit.unitID.isEmpty {
      let perRule = unit.perRule
      var total = PeriodReport.Counts()
      for c in perRule { total.add(c) }
      if total.met + total.breached > 0 { units.append((unit.unitID, total)) }
    }
    units.sort { a, b in
      if let higher = rateIsHigher((a.1.met, a.1.breached), than: (b.1.met, b.1.breached)) {
        return higher
      }
      if a.1.breached != b.1.breached { return a.1.breached < b.1.breached }
      return byteOrder(a.0, b.0)
    }
    var entries: [Entry] = []
    for (position, (unit, counts)) in units.enumerated() {
      var rank = position + 1
      if let previous = entries.last,
        rateIsHigher((previous.counts.met, previous.counts.breached), than: (counts.met, counts.breached)) == nil,
        previous.counts.breached == counts.breached
      {
        rank = previous.rank
      }
      entries.append(Entry(rank: rank, unitID: unit, counts: counts))
    }
    return entries
  }

  static func render(_ report: PeriodReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row([
      "quarter", "rank", "unit_id", "obligations", "met", "breached", "open", "exempt", "rate",
      "compensation_cny",
    ])
    let quarter = report.period.description
    for entry in entries(report) {
      let c = entry.counts
      csv.row([
        quarter, String(entry.rank), CellFormat.spreadsheetSafe(entry.unitID), String(c.obligations),
        String(c.met), String(c.breached), String(c.open), String(c.exempt), c.rate,
        c.compensation.description,
      ])
    }
    return csv
  }
}
