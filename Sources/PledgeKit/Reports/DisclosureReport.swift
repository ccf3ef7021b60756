/// disclosure — the quarter's administrative fines for public disclosure (卫生局 一.2,
/// SPEC 5, §7.24).
enum DisclosureReport {
  static func render(_ report: PeriodReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row([
      "quarter", "complaint_id", "closed_at", "against_unit_id", "against_person_id", "fine_cny",
      "summary",
    ])
    let quarter = report.period.description
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

