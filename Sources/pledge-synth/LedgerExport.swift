import PledgeKit

/// Writes the work ledger (SPEC 1.3b `activities`) in order of `held_at`: a quarter of the
/// rows give only a date, in the ways a spreadsheet writes one.
struct LedgerExport {
  let plan: LedgerPlan
  let units: UnitRegister

  static let header = ["activity_id", "kind", "unit_id", "held_at", "topic"]

  func write(to file: ExportFile) throws {
    var scratch: [UInt8] = []
    var clock = TimeWriter()
    for activity in plan.activities {
      try file.beginRow(on: CivilDate(dayNumber: activity.day))
      scratch.removeAll(keepingCapacity: true)
      scratch += LedgerExport.prefix
      ByteText.appendCompactDate(CivilDate(dayNumber: Int(activity.idDay)), to: &scratch)
      appendDigits(Int(activity.idSequence), width: 4, to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      let kind = LedgerPlan.kinds[Int(activity.kind)]
      kind.withUnsafeBytes { file.writer.field($0) }
      units.units[Int(activity.unit)].id.withUnsafeBytes { file.writer.field($0) }
      file.writer.plainField { bytes in
        if activity.isDateOnly {
          activity.dateStyle.append(activity.day, to: &bytes)
        } else {
          clock.append(activity.held, style: activity.timeStyle, to: &bytes)
        }
      }
      scratch.removeAll(keepingCapacity: true)
      LedgerExport.appendTopic(activity, kind: kind, to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      try file.endRow()
    }
  }

  /// `2026年3月工作例会`, `2026年3月下半月值班检查`, `2026年第1季度联席会议`, `2026年度年终考核`,
  /// or a place's `城关社区治安巡逻`.
  private static func appendTopic(_ activity: Activity, kind: [UInt8], to bytes: inout [UInt8]) {
    switch activity.topic {
    case .none: return
    case .place:
      bytes += Vocabulary.places[Int(activity.place)]
      bytes += community
    case .period:
      let (y, m, d) = CivilDate(dayNumber: Int(activity.period)).components
      appendDigits(y, to: &bytes)
      bytes += year
      switch activity.every {
      case .halfMonth:
        appendDigits(m, to: &bytes)
        bytes += month
        bytes += d == 1 ? firstHalf : secondHalf
      case .month:
        appendDigits(m, to: &bytes)
        bytes += month
      case .quarter:
        bytes += quarterStart
        appendDigits((m - 1) / 3 + 1, to: &bytes)
        bytes += quarterEnd
      case .year:
        bytes += wholeYear
      }
    }
    bytes += kind
  }

  private static let prefix = Array("TZ".utf8)
  private static let community = Array("社区".utf8)
  private static let year = Array("年".utf8)
  private static let month = Array("月".utf8)
  private static let firstHalf = Array("上半月".utf8)
  private static let secondHalf = Array("下半月".utf8)
  private static let quarterStart = Array("第".utf8)
  private static let quarterEnd = Array("季度".utf8)
  private static let wholeYear = Array("度".utf8)
}
