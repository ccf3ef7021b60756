import PledgeKit

/// Writes the visit log in order of `started_at`.
struct VisitExport {
  let plan: VisitPlan
  let units: UnitRegister
  let persons: KeyPersonRegister
  let complaints: ComplaintPlan
  let seed: UInt64

  static let header = [
    "visit_id", "kind", "started_at", "ended_at", "unit_id", "staff_id", "subject_id", "case_id",
    "matter", "due_at",
  ]

  func write(to file: ExportFile) throws {
    var random = RandomSource(seed: seed, stream: .visitRows)
    var scratch: [UInt8] = []
    var clock = TimeWriter()
    for visit in plan.ordered {
      try file.beginRow(on: CivilDate(dayNumber: visit.day))
      // A few rows carry the Chinese labels of kind and matter.
      let chinese = random.chance(300)
      scratch.removeAll(keepingCapacity: true)
      visit.appendID(to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      VisitExport.kinds[Int(visit.kind.rawValue) + (chinese ? 3 : 0)]
        .withUnsafeBytes { file.writer.field($0) }
      time(visit.start, visit.style, &clock, &file.writer)
      time(visit.end, visit.style, &clock, &file.writer)
      let unit = units.units[Int(visit.unit)]
      unit.id.withUnsafeBytes { file.writer.field($0) }
      scratch.removeAll(keepingCapacity: true)
      if visit.staff >= 0 { unit.appendStaffID(Int(visit.staff), to: &scratch) }
      scratch.withUnsafeBytes { file.writer.field($0) }
      scratch.removeAll(keepingCapacity: true)
      if visit.subject >= 0 { persons.persons[Int(visit.subject)].appendID(to: &scratch) }
      scratch.withUnsafeBytes { file.writer.field($0) }
      scratch.removeAll(keepingCapacity: true)
      switch visit.serves {
      case .nothing: break
      case .window: plan.windows[Int(visit.caseIndex)].appendID(to: &scratch)
      case .complaint: complaints.complaints[Int(visit.caseIndex)].appendID(to: &scratch)
      }
      scratch.withUnsafeBytes { file.writer.field($0) }
      switch visit.matter {
      case .none: file.writer.plainField { _ in }
      case .general, .commitment:
        VisitExport.matters[Int(visit.matter.rawValue) - 1 + (chinese ? 2 : 0)]
          .withUnsafeBytes { file.writer.field($0) }
      }
      time(visit.due, visit.style, &clock, &file.writer)
      try file.endRow()
    }
  }

  private func time(
    _ seconds: Int64, _ style: TimeStyle, _ clock: inout TimeWriter, _ writer: inout CSVWriter
  ) {
    writer.plainField { bytes in
      if seconds != VisitRecord.none { clock.append(seconds, style: style, to: &bytes) }
    }
  }

  private static let kinds = ["window", "onsite", "keyperson", "窗口受理", "现场核查", "帮教走访"]
    .map { Array($0.utf8) }
  private static let matters = ["general", "commitment", "一般事项", "承诺件"].map { Array($0.utf8) }
}
