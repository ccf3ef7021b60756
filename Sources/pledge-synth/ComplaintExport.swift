import PledgeKit

/// Writes the complaint log (投诉举报记录) from the plan, in order of `received_at`.
struct ComplaintExport {
  let plan: ComplaintPlan
  let units: UnitRegister
  let seed: UInt64

  static let header = [
    "complaint_id", "kind", "received_at", "channel", "unit_id", "handler_id", "against_unit_id",
    "against_person_id", "in_scope", "serious", "explained", "onsite_at", "notified_at",
    "replied_at", "closed_at", "due_at", "fine_cny", "summary",
  ]

  func write(to file: ExportFile) throws {
    var random = RandomSource(seed: seed, stream: .complaintTexts)
    var scratch: [UInt8] = []
    var clock = TimeWriter()
    var summary: [UInt8] = []
    var unitName: [UInt8] = []
    for c in plan.complaints {
      try file.beginRow(on: CivilDate(dayNumber: Int(c.day)))
      let chinese = random.chance(300)
      scratch.removeAll(keepingCapacity: true)
      c.appendID(to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      let kind = (c.isReport ? 0 : 1) + (chinese ? 2 : 0)
      ComplaintExport.kinds[kind].withUnsafeBytes { file.writer.field($0) }
      time(c.received, c.style, &clock, &file.writer)
      Vocabulary.channels[Int(c.channel)].withUnsafeBytes { file.writer.field($0) }
      let unit = units.units[Int(c.unit)]
      unit.id.withUnsafeBytes { file.writer.field($0) }
      staff(unit, c.handler, &scratch, &file.writer)
      if c.againstUnit >= 0 {
        let against = units.units[Int(c.againstUnit)]
        against.id.withUnsafeBytes { file.writer.field($0) }
        staff(against, c.againstPerson, &scratch, &file.writer)
      } else {
        file.writer.plainField { _ in }
        file.writer.plainField { _ in }
      }
      flag(c.inScope, chinese, &file.writer)
      flag(c.serious, chinese, &file.writer)
      flag(c.explained, chinese, &file.writer)
      time(c.onsiteAt, c.style, &clock, &file.writer)
      time(c.notified, c.style, &clock, &file.writer)
      time(c.replied, c.style, &clock, &file.writer)
      time(c.closed, c.style, &clock, &file.writer)
      time(c.due, c.style, &clock, &file.writer)
      let fen = c.fineFen
      file.writer.plainField { bytes in
        guard fen >= 0 else { return }
        appendDigits(fen / 100, to: &bytes)
        let cents = fen % 100
        if cents > 0 {
          bytes.append(UInt8(ascii: "."))
          if cents % 10 == 0 {
            appendDigits(cents / 10, to: &bytes)
          } else {
            appendDigits(cents, width: 2, to: &bytes)
          }
        }
      }
      summary.removeAll(keepingCapacity: true)
      unitName.removeAll(keepingCapacity: true)
      if c.againstUnit >= 0 { unitName += units.units[Int(c.againstUnit)].name.utf8 }
      TextMaker.appendSummary(report: c.isReport, unitName: unitName, to: &summary, &random)
      summary.withUnsafeBytes { file.writer.field($0) }
      try file.endRow()
    }
  }

  private func time(
    _ seconds: Int64, _ style: TimeStyle, _ clock: inout TimeWriter, _ writer: inout CSVWriter
  ) {
    writer.plainField { bytes in
      if seconds != Complaint.none { clock.append(seconds, style: style, to: &bytes) }
    }
  }

  private func staff(_ unit: Unit, _ k: Int32, _ scratch: inout [UInt8], _ writer: inout CSVWriter)
  {
    guard k >= 0 else { return writer.plainField { _ in } }
    scratch.removeAll(keepingCapacity: true)
    unit.appendStaffID(Int(k), to: &scratch)
    scratch.withUnsafeBytes { writer.field($0) }
  }

  /// 0 empty, 1 yes, 2 no; a few rows in Chinese (是/否).
  private func flag(_ value: UInt8, _ chinese: Bool, _ writer: inout CSVWriter) {
    guard value > 0 else { return writer.plainField { _ in } }
    let word = ComplaintExport.flags[Int(value - 1) + (chinese ? 2 : 0)]
    word.withUnsafeBytes { writer.field($0) }
  }

  private static let kinds = ["report", "pledge", "举报投诉", "违诺投诉"].map { Array($0.utf8) }
  private static let flags = ["yes", "no", "是", "否"].map { Array($0.utf8) }
}
