/// obligations — every obligation of the period, whatever its state, one row each: the table
/// an analyst loads into a pivot table or DuckDB (SPEC 5). Summed over a unit and rule, its
/// states are compliance's counts.
enum ObligationsReport {
  static let header = [
    "quarter", "rule", "record_id", "unit_id", "person_id", "started_at", "deadline", "done_at",
    "state", "late_seconds", "late_days", "compensation_cny",
  ]

  static func render(_ report: PeriodReport) -> CSVWriter {
    let obligations = report.obligations
    let order = ReportOrder.order(of: obligations)
    var csv = CSVWriter()
    csv.row(header)
    csv.reserveCapacity(obligations.count * 150)
    let leading = RuleID.allCases.map { rule in
      var fields = CSVWriter()
      fields.field(report.period.description)
      fields.field(rule.rawValue)
      return fields.bytes
    }
    // Computed values are written straight as bytes; only text from input goes through
    // quoting and the spreadsheet-safety prefix.
    for index in order {
      let o = obligations[index]
      csv.fields(leading[o.rule.order], count: 2)
      csv.obligationFields(o, withState: true)
      csv.endRow()
    }
    return csv
  }
}

extension CSVWriter {
  /// An obligation's fields from `record_id` on, as penalties and obligations print them
  /// (SPEC 5): record, unit and person (spreadsheet-safe), start, deadline, done (only with a
  /// deadline), the state when asked, late_seconds, late_days, compensation. Computed values
  /// are written straight as bytes.
  mutating func obligationFields(_ o: Obligation, withState: Bool) {
    field(CellFormat.spreadsheetSafe(o.recordID))
    field(CellFormat.spreadsheetSafe(o.unitID))
    field(CellFormat.spreadsheetSafe(o.personID ?? ""))
    plainField { o.start.appendFormatted(to: &$0) }
    plainField { if let deadline = o.deadline { deadline.appendFormatted(to: &$0) } }
    plainField { bytes in
      if o.deadline != nil, let done = o.done { done.appendFormatted(to: &bytes) }
    }
    if withState { plainField { $0.append(contentsOf: o.state.rawValue.utf8) } }
    plainField { if let late = o.lateSeconds { appendDigits(Int(late), width: 1, to: &$0) } }
    plainField { if let days = o.lateDays { appendDigits(days, width: 1, to: &$0) } }
    plainField { o.compensation.appendFormatted(to: &$0) }
  }
}
