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

  /// Several reports of one quarter, rendered on every core. The penalties rows (one per
  /// breach, by far the most) are rendered in parts beside the other reports, then joined.
  public static func render(_ kinds: [ReportKind], _ report: QuarterReport) -> [CSVWriter] {
    let penalties = kinds.contains(.penalties) ? PenaltiesReport.Rows(report) : nil
    let parts = penalties.map { $0.count >= 8192 ? Parallel.cores : 1 } ?? 0
    // Jobs 0..<parts render penalties rows; the rest, the other reports in order.
    let others = kinds.filter { $0 != .penalties }
    // (No job throws.)
    let jobs = try! Parallel.map(parts + others.count) { job -> CSVWriter in
      guard job >= parts else {
        let count = penalties!.count
        return penalties!.render((count * job / parts)..<(count * (job + 1) / parts), header: job == 0)
      }
      return others[job - parts].render(report)
    }
    var rendered: [CSVWriter] = []
    var next = parts
    for kind in kinds {
      if kind == .penalties {
        rendered.append(CSVWriter(joining: jobs[0..<parts]))
      } else {
        rendered.append(jobs[next])
        next += 1
      }
    }
    return rendered
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
    let rows = Rows(report)
    return rows.render(0..<rows.count, header: true)
  }

  /// The breaches in report order, with what every row of a rule shares worked out once.
  struct Rows {
    let breaches: [Obligation]
    /// Positions in `breaches`, in report order.
    let order: [Int]
    /// Per rule (rulebook order): its rows' first three fields (quarter, rule, clause), as
    /// CSV bytes.
    let leadingFields: [[UInt8]]

    init(_ report: QuarterReport) {
      breaches = report.breaches
      let breaches = breaches
      // Grouped by rule first (the evaluation lists a record's breaches of several rules
      // together); within a rule they come nearly in order, which the sort takes in its stride.
      var perRule = [Int](repeating: 0, count: RuleID.allCases.count + 1)
      for breach in breaches { perRule[breach.rule.order + 1] += 1 }
      for i in 1..<perRule.count { perRule[i] += perRule[i - 1] }
      let ruleStarts = perRule
      var keys = [SortKey](unsafeUninitializedCapacity: breaches.count) { buffer, count in
        for (index, breach) in breaches.enumerated() {
          (buffer.baseAddress! + perRule[breach.rule.order]).initialize(to: SortKey(breach, index: index))
          perRule[breach.rule.order] += 1
        }
        count = breaches.count
      }
      for rule in 0..<RuleID.allCases.count {
        keys[ruleStarts[rule]..<ruleStarts[rule + 1]].sort { a, b in a.precedes(b, in: breaches) }
      }
      order = keys.map(\.index)
      let quarter = report.quarter.description
      leadingFields = RuleID.allCases.map { rule in
        var fields = CSVWriter()
        fields.field(quarter)
        fields.field(rule.rawValue)
        fields.field(Rulebook.rule(rule).clause)
        return fields.bytes
      }
    }

    var count: Int { order.count }

    /// The rows at `range` of the report order, after the header when asked.
    func render(_ range: Range<Int>, header: Bool) -> CSVWriter {
      var csv = CSVWriter()
      if header {
        csv.row([
          "quarter", "rule", "clause", "record_id", "unit_id", "person_id", "started_at", "deadline",
          "done_at", "late_seconds", "late_days", "compensation_cny",
        ])
      }
      csv.reserveCapacity(range.count * 160)
      // Computed values are written straight as bytes; only text from input goes through
      // quoting and the spreadsheet-safety prefix.
      for index in order[range] {
        let breach = breaches[index]
        csv.fields(leadingFields[breach.rule.order], count: 3)
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
}

/// The order of penalties rows: rulebook order, then record_id, started_at and unit_id, ids in
/// byte order (SPEC 5, §7.22). The key holds the first 16 bytes of each id; only ids that
/// agree on those and are longer are compared whole.
private struct SortKey {
  let rule: Int
  let record: IDPrefix
  let start: Instant
  let unit: IDPrefix
  /// The breach's position in the report.
  let index: Int

  init(_ breach: Obligation, index: Int) {
    rule = breach.rule.order
    record = IDPrefix(breach.recordID)
    start = breach.start
    unit = IDPrefix(breach.unitID)
    self.index = index
  }

  func precedes(_ other: SortKey, in breaches: [Obligation]) -> Bool {
    if rule != other.rule { return rule < other.rule }
    let records = record.compare(other.record) {
      compareBytes(breaches[index].recordID, breaches[other.index].recordID)
    }
    if records != 0 { return records < 0 }
    if start != other.start { return start < other.start }
    return unit.compare(other.unit) { compareBytes(breaches[index].unitID, breaches[other.index].unitID) } < 0
  }
}

/// An id's first 16 UTF-8 bytes as two big-endian words (zero-padded), and its length.
private struct IDPrefix {
  let high: UInt64
  let low: UInt64
  let count: Int

  init(_ id: String) {
    var id = id
    (high, low, count) = id.withUTF8 { bytes in
      /// Bytes from..<from+8 as a big-endian word, zero-padded past the end.
      func word(_ from: Int) -> UInt64 {
        if bytes.count >= from + 8 {
          return UInt64(bigEndian: UnsafeRawPointer(bytes.baseAddress! + from).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        var i = from
        while i < bytes.count {
          word |= UInt64(bytes[i]) << (8 * (7 - (i - from)))
          i += 1
        }
        return word
      }
      return (word(0), word(8), bytes.count)
    }
  }

  /// memcmp order: by the prefixes, then (both ids within 16 bytes) by length; else `whole`.
  func compare(_ other: IDPrefix, whole: () -> Int) -> Int {
    if high != other.high { return high < other.high ? -1 : 1 }
    if low != other.low { return low < other.low ? -1 : 1 }
    if count <= 16, other.count <= 16 { return count == other.count ? 0 : (count < other.count ? -1 : 1) }
    return whole()
  }
}

/// memcmp order of two ids' UTF-8 bytes (a shorter prefix first): negative, zero or positive.
private func compareBytes(_ a: String, _ b: String) -> Int {
  if a.utf8.elementsEqual(b.utf8) { return 0 }
  return byteOrder(a, b) ? -1 : 1
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
    var position = StringIndex()
    for breach in report.breaches {
      guard let id = breach.personID, !id.isEmpty else { continue }
      let (index, isNew) = position.insert(id)
      if isNew { people.append(Person(id: id)) }
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
