/// The quarterly reports of SPEC 5.
public enum ReportKind: String, CaseIterable, Sendable {
  case compliance, penalties, people, disclosure, ranking

  /// `compliance-2026Q1.csv`.
  public func fileName(for quarter: Quarter) -> String { "\(rawValue)-\(quarter).csv" }

  /// The report as CSV rows (header included).
  public func render(_ report: QuarterReport) -> CSVWriter {
    switch self {
    case .compliance: return ComplianceReport.render(report)
    case .penalties: return PenaltiesReport.render(report)
    case .people: return PeopleReport.render(report)
    case .disclosure: return DisclosureReport.render(report)
    case .ranking: return RankingReport.render(report)
    }
  }
}

/// compliance — one row per (unit, rule) with at least one obligation, then one ALL row per
/// rule (SPEC 5, §7.20, §7.21).
enum ComplianceReport {
  static func render(_ report: QuarterReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(["quarter", "unit_id", "rule", "obligations", "met", "breached", "open", "exempt", "rate"])
    let quarter = report.quarter.description
    func row(_ unit: String, _ rule: RuleID, _ c: QuarterReport.Counts) {
      csv.row([
        quarter, unit, rule.rawValue, String(c.obligations), String(c.met), String(c.breached),
        String(c.open), String(c.exempt), c.rate,
      ])
    }
    for unit in report.byUnit.keys.sorted(by: byteOrder) {
      let counts = report.byUnit[unit]!
      for rule in RuleID.allCases where counts[rule.order].obligations > 0 {
        row(CellFormat.spreadsheetSafe(unit), rule, counts[rule.order])
      }
    }
    let totals = report.totals
    for rule in RuleID.allCases { row("ALL", rule, totals[rule.order]) }
    return csv
  }
}

/// penalties — one row per breach (SPEC 5, §7.14, §7.15, §7.22).
enum PenaltiesReport {
  static func render(_ report: QuarterReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row([
      "quarter", "rule", "clause", "record_id", "unit_id", "person_id", "started_at", "deadline",
      "done_at", "late_seconds", "late_days", "compensation_cny",
    ])
    let quarter = report.quarter.description
    let sorted = report.breaches.sorted { a, b in
      if a.rule != b.rule { return a.rule < b.rule }
      if a.recordID != b.recordID { return byteOrder(a.recordID, b.recordID) }
      if a.start != b.start { return a.start < b.start }
      return byteOrder(a.unitID, b.unitID)
    }
    for breach in sorted {
      let isVerdict = breach.deadline == nil
      csv.row([
        quarter, breach.rule.rawValue, Rulebook.rule(breach.rule).clause,
        CellFormat.spreadsheetSafe(breach.recordID), CellFormat.spreadsheetSafe(breach.unitID),
        CellFormat.spreadsheetSafe(breach.personID ?? ""), breach.start.description,
        breach.deadline?.description ?? "", isVerdict ? "" : breach.done?.description ?? "",
        breach.lateSeconds.map { String($0) } ?? "", breach.lateDays.map { String($0) } ?? "",
        breach.compensation.description,
      ])
    }
    return csv
  }
}

/// people — one row per responsible person with a breach (SPEC 5, §7.23).
enum PeopleReport {
  static func render(_ report: QuarterReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(
      ["quarter", "person_id", "unit_id", "breaches", "compensation_cny"]
        + RuleID.allCases.map(\.rawValue))
    struct Person {
      var breaches = 0
      var compensation = Money.zero
      var perRule = [Int](repeating: 0, count: RuleID.allCases.count)
      var perUnit: [String: Int] = [:]
    }
    var people: [String: Person] = [:]
    for breach in report.breaches {
      guard let person = breach.personID, !person.isEmpty else { continue }
      people[person, default: Person()].breaches += 1
      people[person]!.compensation = people[person]!.compensation + breach.compensation
      people[person]!.perRule[breach.rule.order] += 1
      people[person]!.perUnit[breach.unitID, default: 0] += 1
    }
    let quarter = report.quarter.description
    let sorted = people.sorted { a, b in
      a.value.breaches != b.value.breaches ? a.value.breaches > b.value.breaches : byteOrder(a.key, b.key)
    }
    for (id, person) in sorted {
      // The unit holding most of the person's breaches; ties go to the smallest id.
      let unit = person.perUnit.min { a, b in
        a.value != b.value ? a.value > b.value : byteOrder(a.key, b.key)
      }!.key
      csv.row(
        [
          quarter, CellFormat.spreadsheetSafe(id), CellFormat.spreadsheetSafe(unit),
          String(person.breaches), person.compensation.description,
        ] + person.perRule.map { String($0) })
    }
    return csv
  }
}

/// disclosure — the quarter's administrative fines for public disclosure (卫生局 一.2,
/// SPEC 5, §7.24).
enum DisclosureReport {
  static func render(_ report: QuarterReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row([
      "quarter", "complaint_id", "closed_at", "against_unit_id", "against_person_id", "fine_cny",
      "summary",
    ])
    let quarter = report.quarter.description
    let sorted = report.fines.sorted { a, b in
      a.closedAt! != b.closedAt! ? a.closedAt! < b.closedAt! : byteOrder(a.id, b.id)
    }
    for complaint in sorted {
      csv.row([
        quarter, CellFormat.spreadsheetSafe(complaint.id), complaint.closedAt!.description,
        CellFormat.spreadsheetSafe(complaint.againstUnitID ?? ""),
        CellFormat.spreadsheetSafe(complaint.againstPersonID ?? ""), complaint.fine!.description,
        CellFormat.spreadsheetSafe(complaint.summary ?? ""),
      ])
    }
    return csv
  }
}

/// ranking — the quarterly evaluation of units (110 制度 六, SPEC 5).
enum RankingReport {
  struct Entry {
    let rank: Int
    let unitID: String
    let counts: QuarterReport.Counts
  }

  /// Units with at least one met or breached obligation, best first; equal rate and equal
  /// breaches share a rank (1, 2, 2, 4).
  static func entries(_ report: QuarterReport) -> [Entry] {
    var units: [(String, QuarterReport.Counts)] = []
    for (unit, perRule) in report.byUnit where !unit.isEmpty {
      var total = QuarterReport.Counts()
      for c in perRule { total.add(c) }
      if total.met + total.breached > 0 { units.append((unit, total)) }
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

  static func render(_ report: QuarterReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row([
      "quarter", "rank", "unit_id", "obligations", "met", "breached", "open", "exempt", "rate",
      "compensation_cny",
    ])
    let quarter = report.quarter.description
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
