import PledgeKit

/// One row of the duties register.
struct Duty {
  let index: Int
  let unit: Int
  let template: Int
  /// Day numbers of `starts_on` and `ends_on`.
  var startsOn: Int? = nil
  var endsOn: Int? = nil
  var showsChinese = false
  var dateStyle = DateStyle.iso

  var kind: [UInt8] { DutyTemplate.all[template].kind }
  var every: Every { DutyTemplate.all[template].every }
  var byDay: Int? { DutyTemplate.all[template].byDay }

  /// Whether the period `first…last` is owed (SPEC 3, duty.periodic).
  func owes(first: Int, last: Int) -> Bool {
    (startsOn.map { $0 <= first } ?? true) && (endsOn.map { $0 >= last } ?? true)
  }

  /// The last day an activity is on time for the period: `by_day` of the month (its last day
  /// when the month is shorter), else the period's last day.
  func dueDay(first: Int, last: Int) -> Int {
    guard let byDay else { return last }
    return min(first + byDay - 1, last)
  }

  func appendID(to bytes: inout [UInt8]) {
    bytes += Duty.prefix
    appendDigits(index + 1, width: 5, to: &bytes)
  }

  private static let prefix = Array("ZZ".utf8)
}

/// The register of recurring duties (职责清单, SPEC 1.3b): `count` duties shared evenly over
/// the units, each unit's drawn from the catalog by weight without repeating one (until the
/// catalog runs out). A unit owing both the monthly and the half-monthly meeting switched
/// from the one to the other inside the span; some other duties start or end inside it, and
/// some name a start long before it.
struct DutyRegister {
  let duties: [Duty]

  init(count: Int, units: UnitRegister, span: Span, seed: UInt64) {
    var random = RandomSource(seed: seed, stream: .duties)
    let shares = [Int].apportion(count, by: Array(repeating: 1, count: units.units.count))
    let catalog = DutyTemplate.all
    var duties: [Duty] = []
    duties.reserveCapacity(count)
    for (unit, share) in shares.enumerated() {
      var weights = catalog.map(\.weight)
      var picked: [Int] = []
      for _ in 0..<share {
        if weights.allSatisfy({ $0 == 0 }) { weights = catalog.map(\.weight) }
        let template = WeightedTable(weights).pick(&random)
        weights[template] = 0
        picked.append(template)
      }
      let switchDay = DutyRegister.switchDay(span, &random)
      let switches =
        picked.contains(DutyTemplate.monthlyMeeting)
        && picked.contains(DutyTemplate.halfMonthlyMeeting) && switchDay != nil
      for template in picked {
        var duty = Duty(index: duties.count, unit: unit, template: template)
        duty.showsChinese = random.chance(1_000)
        duty.dateStyle = DateStyle.draw(&random)
        if switches && template == DutyTemplate.monthlyMeeting {
          duty.startsOn = switchDay
        } else if switches && template == DutyTemplate.halfMonthlyMeeting {
          duty.endsOn = switchDay.map { $0 - 1 }
        } else {
          switch random.below(100) {
          case 0..<15: duty.startsOn = span.first.dayNumber - random.within(30, 2_000)
          case 15..<21: duty.startsOn = random.within(span.first.dayNumber, span.last.dayNumber)
          case 21..<25: duty.endsOn = random.within(span.first.dayNumber, span.last.dayNumber)
          default: break
          }
        }
        duties.append(duty)
      }
    }
    self.duties = duties
  }

  /// The first day of a month after the span's first, when the span has one.
  private static func switchDay(_ span: Span, _ random: inout RandomSource) -> Int? {
    let months = span.months.dropFirst()
    guard !months.isEmpty else { return nil }
    let m = months[months.startIndex + random.below(months.count)]
    return CivilDate(year: m.year, month: m.month, day: 1)!.dayNumber
  }

  func write(to file: ExportFile, units: UnitRegister, on date: CivilDate) throws {
    var scratch: [UInt8] = []
    for duty in duties {
      try file.beginRow(on: date)
      scratch.removeAll(keepingCapacity: true)
      duty.appendID(to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      units.units[duty.unit].id.withUnsafeBytes { file.writer.field($0) }
      duty.kind.withUnsafeBytes { file.writer.field($0) }
      (duty.showsChinese ? duty.every.chineseWord : duty.every.word)
        .withUnsafeBytes { file.writer.field($0) }
      let byDay = duty.byDay
      file.writer.plainField { if let byDay { appendDigits(byDay, to: &$0) } }
      file.writer.field(DutyTemplate.all[duty.template].clause)
      for day in [duty.startsOn, duty.endsOn] {
        file.writer.plainField { bytes in
          if let day { duty.dateStyle.append(day, to: &bytes) }
        }
      }
      try file.endRow()
    }
  }

  static let header = [
    "duty_id", "unit_id", "kind", "every", "by_day", "clause", "starts_on", "ends_on",
  ]
}
