import Glibc

/// penalties — one row per breach (SPEC 5, §7.14, §7.15, §7.22).
enum PenaltiesReport {
  static func render(_ report: PeriodReport) -> CSVWriter {
    let rows = Rows(report)
    return rows.render(0..<rows.count, header: true)
  }

  /// The breaches in report order, with what every row of a rule shares worked out once.
  struct Rows {
    let breaches: [Obligation]
    /// Positions in `breaches`, in report order.
    let order: [Int]
    /// Per rule (rulebook order): its rows' first three fields (quarter, rule, clause), as
    /// CSV bytes; for a rule whose obligations carry their own clause (duty.periodic), only the
    /// first two.
    let leadingFields: [[UInt8]]

    init(_ report: PeriodReport) {
      breaches = report.breaches
      order = ReportOrder.order(of: breaches)
      let quarter = report.period.description
      leadingFields = RuleID.allCases.map { rule in
        var fields = CSVWriter()
        fields.field(quarter)
        fields.field(rule.rawValue)
        if rule != .dutyPeriodic { fields.field(Rulebook.rule(rule).clause) }
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
      // Each breach's fields from record_id on are written through a cursor (ObligationFields)
      // into one buffer reused row after row.
      let fields = BlockBuffer(capacity: 4096)
      for index in order[range] {
        let breach = breaches[index]
        if let clause = breach.clause {
          csv.fields(leadingFields[breach.rule.order], count: 2)
          csv.field(CellFormat.spreadsheetSafe(clause))
        } else {
          csv.fields(leadingFields[breach.rule.order], count: 3)
        }
        fields.removeAll()
        fields.reserve(ObligationFields.maximumSize(breach))
        var w = BlockBuffer.Cursor(fields.end)
        ObligationFields.write(breach, withState: false, to: &w)
        fields.advance(to: w.position)
        csv.fields(fields.contents, count: 9)
        csv.endRow()
      }
      return csv
    }
  }
}

/// The order of penalties and obligations rows: rulebook order, then record_id, started_at,
/// unit_id, person_id, deadline, done_at and state, ids in byte order (SPEC 5, §7.22).
enum ReportOrder {
  /// Positions in `obligations`, in report order.
  static func order(of obligations: [Obligation]) -> [Int] {
    let keys = obligations.enumerated().lazy.map { SortKey($1, index: $0) }
    // Penalties are rendered beside the other reports, each on a core of its own.
    return sortedByRule(keys, count: obligations.count, rule: \.rule, onEveryCore: false) { a, b in
      a.precedes(b, in: obligations)
    }.map(\.index)
  }

  /// `keys` grouped by rule in rulebook order (a counting sort), then each rule's keys sorted
  /// by `precedes` (with `onEveryCore`, the rules on every core, the largest first). The evaluation lists a
  /// record's obligations of several rules together; within a rule they come nearly in order,
  /// which the sort takes in its stride. (`keys` is read twice.)
  static func sortedByRule<Keys: Sequence>(
    _ keys: Keys, count total: Int, rule: (Keys.Element) -> Int, onEveryCore: Bool,
    by precedes: (Keys.Element, Keys.Element) -> Bool
  ) -> [Keys.Element] {
    var perRule = [Int](repeating: 0, count: RuleID.allCases.count + 1)
    for key in keys { perRule[rule(key) + 1] += 1 }
    for i in 1..<perRule.count { perRule[i] += perRule[i - 1] }
    let starts = perRule
    precondition(starts.last == total, "the keys are as many as said")
    var sorted = [Keys.Element](unsafeUninitializedCapacity: total) { buffer, count in
      for key in keys {
        (buffer.baseAddress! + perRule[rule(key)]).initialize(to: key)
        perRule[rule(key)] += 1
      }
      count = total
    }
    func size(_ rule: Int) -> Int { starts[rule + 1] - starts[rule] }
    let rules = (0..<RuleID.allCases.count).filter { size($0) > 1 }.sorted { size($0) > size($1) }
    sorted.withUnsafeMutableBufferPointer { buffer in
      // Each job sorts its own rule's range of the buffer (the ranges do not overlap).
      func sort(_ job: Int) {
        var range = UnsafeMutableBufferPointer(rebasing: buffer[starts[rules[job]]..<starts[rules[job] + 1]])
        range.sort(by: precedes)
      }
      if onEveryCore {
        _ = try! Parallel.map(rules.count) { sort($0) }  // (no job throws)
      } else {
        for job in rules.indices { sort(job) }
      }
    }
    return sorted
  }
}

/// A row's place in report order. The key holds the first 16 bytes of each id; only ids that
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
    let units = unit.compare(other.unit) { compareBytes(breaches[index].unitID, breaches[other.index].unitID) }
    if units != 0 { return units < 0 }
    // Then person_id, deadline and done_at as printed (an empty cell first).
    let a = breaches[index]
    let b = breaches[other.index]
    let persons = compareBytes(a.personID ?? "", b.personID ?? "")
    if persons != 0 { return persons < 0 }
    if a.deadline != b.deadline { return Self.precedes(a.deadline, b.deadline) }
    if a.done != b.done { return Self.precedes(a.done, b.done) }
    return byteOrder(a.state.rawValue, b.state.rawValue)
  }

  /// Instants as printed: an empty cell (none) first, then in time order.
  static func precedes(_ a: Instant?, _ b: Instant?) -> Bool {
    switch (a, b) {
    case (nil, nil): return false
    case (nil, _): return true
    case (_, nil): return false
    case (let a?, let b?): return a < b
    }
  }
}

/// memcmp order of two ids' UTF-8 bytes (a shorter prefix first): negative, zero or positive.
func compareBytes(_ a: String, _ b: String) -> Int {
  if sameBytes(a, b) { return 0 }
  return byteOrder(a, b) ? -1 : 1
}

