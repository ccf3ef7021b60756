/// obligations — every obligation of the period, whatever its state, one row each: the table
/// an analyst loads into a pivot table or DuckDB (SPEC 5). Summed over a unit and rule, its
/// states are compliance's counts.
enum ObligationsReport {
  static let header = [
    "quarter", "rule", "record_id", "unit_id", "person_id", "started_at", "deadline", "done_at",
    "state", "late_seconds", "late_days", "compensation_cny",
  ]

  /// The rows were rendered as the obligations were judged (PeriodReport, scope
  /// everyObligation); here they are put in report order.
  static func render(_ report: PeriodReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(header)
    csv.appendRows { bytes in
      ObligationRows.joined(report.obligationRows, period: report.period.description) { bytes += $0 }
    }
    return csv
  }

  /// The report a megabyte at a time, header first, in `encoding` (a byte-order mark first
  /// when asked): a quarter of a city is over a million rows, written as they are put in order
  /// rather than held twice in memory.
  static func stream(
    _ report: PeriodReport, encoding: TextEncoding, byteOrderMark: Bool, _ emit: ([UInt8]) throws -> Void
  ) throws {
    var first = CSVWriter()
    first.row(header)
    try emit(try first.finish(encoding: encoding, byteOrderMark: byteOrderMark))
    try ObligationRows.joined(report.obligationRows, period: report.period.description) { chunk in
      try emit(encoding == .utf8 ? chunk : try GB18030.encode(chunk))
    }
  }
}
