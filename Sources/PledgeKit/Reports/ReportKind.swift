import Glibc

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
    // Sort positions by keys worked out once (the ids' bytes), not the obligations themselves.
    let breaches = report.breaches
    let keys = breaches.map { SortKey($0.rule.order, $0.recordID, $0.start, $0.unitID) }
    let order = breaches.indices.sorted { keys[$0] < keys[$1] }
    // Computed values are written straight as bytes; only text from input goes through
    // quoting and the spreadsheet-safety prefix.
    let clauses = RuleID.allCases.map { Rulebook.rule($0).clause }
    for index in order {
      let breach = breaches[index]
      csv.field(quarter)
      csv.field(breach.rule.rawValue)
      csv.field(clauses[breach.rule.order])
      csv.field(CellFormat.spreadsheetSafe(breach.recordID))
      csv.field(CellFormat.spreadsheetSafe(breach.unitID))
      csv.field(CellFormat.spreadsheetSafe(breach.personID ?? ""))
      csv.plainField { breach.start.appendFormatted(to: &$0) }
      csv.plainField { if let deadline = breach.deadline { deadline.appendFormatted(to: &$0) } }
      csv.plainField { bytes in
        if breach.deadline != nil, let done = breach.done { done.appendFormatted(to: &bytes) }
      }
      csv.plainField { if let late = breach.lateSeconds { appendDigits(Int(late), width: 1, to: &$0) } }
      csv.plainField { if let days = breach.lateDays { appendDigits(days, width: 1, to: &$0) } }
      csv.plainField { breach.compensation.appendFormatted(to: &$0) }
      csv.endRow()
    }
    return csv
  }
}

/// The order of penalties rows: rulebook order, then record_id, started_at and unit_id, ids in
/// byte order (SPEC 5, §7.22).
private struct SortKey: Comparable {
  let rule: Int
  let record: [UInt8]
  let start: Instant
  let unit: [UInt8]

  init(_ rule: Int, _ record: String, _ start: Instant, _ unit: String) {
    self.rule = rule
    self.record = Array(record.utf8)
    self.start = start
    self.unit = Array(unit.utf8)
  }

  static func < (a: SortKey, b: SortKey) -> Bool {
    if a.rule != b.rule { return a.rule < b.rule }
    let records = compareBytes(a.record, b.record)
    if records != 0 { return records < 0 }
    if a.start != b.start { return a.start < b.start }
    return compareBytes(a.unit, b.unit) < 0
  }

  static func == (a: SortKey, b: SortKey) -> Bool {
    a.rule == b.rule && a.record == b.record && a.start == b.start && a.unit == b.unit
  }
}

/// memcmp order of two byte strings (a shorter prefix first).
private func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
  a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      let n = min(pa.count, pb.count)
      let c = n == 0 ? 0 : Int(memcmp(pa.baseAddress!, pb.baseAddress!, n))
      return c != 0 ? c : pa.count - pb.count
    }
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
      let id: String
      var breaches = 0
      var compensation = Money.zero
      var perRule = [Int](repeating: 0, count: RuleID.allCases.count)
      /// Breaches per unit; a person works for one or two units, so a short list.
      var perUnit: [(unit: String, count: Int)] = []
    }
    var people: [Person] = []
    var position: [String: Int] = [:]
    for breach in report.breaches {
      guard let id = breach.personID, !id.isEmpty else { continue }
      let index: Int
      if let known = position[id] {
        index = known
      } else {
        index = people.count
        position[id] = index
        people.append(Person(id: id))
      }
      people[index].breaches += 1
      people[index].compensation = people[index].compensation + breach.compensation
      people[index].perRule[breach.rule.order] += 1
      if let slot = people[index].perUnit.firstIndex(where: { $0.unit == breach.unitID }) {
        people[index].perUnit[slot].count += 1
      } else {
        people[index].perUnit.append((breach.unitID, 1))
      }
    }
    let quarter = report.quarter.description
    people.sort { a, b in a.breaches != b.breaches ? a.breaches > b.breaches : byteOrder(a.id, b.id) }
    for person in people {
      let id = person.id
      // The unit holding most of the person's breaches; ties go to the smallest id.
      let unit = person.perUnit.min { a, b in
        a.count != b.count ? a.count > b.count : byteOrder(a.unit, b.unit)
      }!.unit
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
