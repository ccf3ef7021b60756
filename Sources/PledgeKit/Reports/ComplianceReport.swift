/// compliance — one row per (unit, rule) with at least one obligation, then one ALL row per
/// rule (SPEC 5, §7.20, §7.21).
enum ComplianceReport {
  static func render(_ report: PeriodReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(["quarter", "unit_id", "rule", "obligations", "met", "breached", "open", "exempt", "rate"])
    let quarter = report.period.description
    func row(_ unit: String, _ rule: RuleID, _ c: PeriodReport.Counts) {
      csv.row([
        quarter, unit, rule.rawValue, String(c.obligations), String(c.met), String(c.breached),
        String(c.open), String(c.exempt), c.rate,
      ])
    }
    for unit in report.units {
      for rule in RuleID.allCases where unit.perRule[rule.order].obligations > 0 {
        row(CellFormat.spreadsheetSafe(unit.unitID), rule, unit.perRule[rule.order])
      }
    }
    let totals = report.totals
    for rule in RuleID.allCases { row("ALL", rule, totals[rule.order]) }
    return csv
  }
}

