import PledgeKit

/// The 110 call log (接处警记录): one row per call, in time order, with a daily, weekly and
/// holiday rhythm, plus the two free-text columns real exports carry (`address`, `remarks`).
struct CallExport {
  let count: Int
  let span: Span
  let units: UnitRegister
  let seed: UInt64

  static let header = [
    "call_id", "received_at", "answered_at", "rings", "inquiry_seconds", "category", "unit_id",
    "unit_class", "zone", "dispatched_at", "departed_at", "arrived_at", "reported_at",
    "operator_id", "handler_id", "cancelled", "address", "remarks",
  ]

  func write(to file: ExportFile) throws {
    try forEachCall { date, row in
      try file.beginRow(on: date)
      row.write(to: &file.writer, units: units)
      try file.endRow()
    }
  }

  /// Generates the export's calls in time order into one reused `row`. The dispatch export
  /// replays them through this, so its orders serve the very calls the call export writes.
  func forEachCall(_ body: (CivilDate, inout CallRow) throws -> Void) rethrows {
    let perDay = [Int].apportion(count, by: dayWeights())
    var row = CallRow()
    for (offset, calls) in perDay.enumerated() where calls > 0 {
      try forEachCall(onDay: span.first.dayNumber + offset, count: calls, row: &row, body)
    }
  }

  /// The `count` calls of one day, drawn from that day's own stream.
  func forEachCall(
    onDay day: Int, count: Int, row: inout CallRow,
    _ body: (CivilDate, inout CallRow) throws -> Void
  ) rethrows {
    let date = CivilDate(dayNumber: day)
    var random = RandomSource(seed: seed, stream: .calls, index: day)
    let restDay = !span.isWorkingDay(day) || date.weekday == 6
    let hours = restDay ? CallExport.restDayHours : CallExport.workDayHours
    var seconds: [Int32] = []
    seconds.reserveCapacity(count)
    for _ in 0..<count {
      seconds.append(Int32(hours.pick(&random) * 3600 + random.below(3600)))
    }
    seconds.sort()
    for (k, second) in seconds.enumerated() {
      row.generate(
        day: date, sequence: k + 1, received: date.start.adding(seconds: Int64(second)),
        export: self, random: &random)
      try body(date, &row)
    }
  }

  /// Relative call volume per day: weekday, season, holidays (most around Spring Festival),
  /// and a little day-to-day noise.
  func dayWeights() -> [Int] {
    var random = RandomSource(seed: seed, stream: .callDays)
    let weekday = [0, 990, 970, 970, 980, 1_040, 1_080, 1_020]
    let month = [0, 960, 985, 965, 980, 1_010, 1_030, 1_075, 1_070, 1_010, 1_000, 970, 985]
    return span.days.map { day in
      let date = CivilDate(dayNumber: day)
      var w = weekday[date.weekday] * month[date.month]
      switch span.holidayName(day) {
      case "春节"?:
        // The first days of the break (New Year's Eve, fireworks, family quarrels) peak.
        let early = span.holidayName(day - 2) != "春节"
        w = w / 1000 * (early ? 1_450 : 1_250)
      case "国庆节"?: w = w / 1000 * 1_150
      case .some: w = w / 1000 * 1_100
      case nil: break
      }
      return w / 1000 * random.within(950, 1_050)
    }
  }

  private static let workDayHours = WeightedTable([
    55, 38, 27, 20, 15, 18, 28, 45, 62, 72, 76, 76, 70, 68, 72, 75, 78, 84, 92, 100, 104, 100, 88,
    72,
  ])
  private static let restDayHours = WeightedTable([
    78, 58, 40, 27, 17, 17, 23, 35, 50, 64, 73, 77, 74, 72, 74, 76, 80, 86, 95, 104, 110, 110,
    100, 86,
  ])
}

/// A call category, where it is routed and how often it leads to a dispatch.
struct CallCategory {
  let word: [UInt8]
  let weight: Int
  let services: [Service]
  /// Per 10 000 calls of the category, how many are dispatched.
  let dispatched: Int
  let remarks: [[UInt8]]

  static let all: [CallCategory] = [
    .init("纠纷", 130, [.policeStation], 9_500, Vocabulary.policeRemarks),
    .init("治安案件", 100, [.policeStation], 9_600, Vocabulary.policeRemarks),
    .init("盗窃", 80, [.policeStation], 9_500, Vocabulary.policeRemarks),
    .init("求助", 110, [.policeStation], 9_000, Vocabulary.policeRemarks),
    .init("噪音扰民", 45, [.policeStation], 9_200, Vocabulary.policeRemarks),
    .init("诈骗", 35, [.policeStation], 8_500, Vocabulary.policeRemarks),
    .init("刑事案件", 40, [.policeStation], 9_900, Vocabulary.policeRemarks),
    .init("可疑情况", 25, [.policeStation], 9_300, Vocabulary.policeRemarks),
    .init("交通事故", 120, [.trafficPolice, .policeStation], 9_700, Vocabulary.trafficRemarks),
    .init("交通堵塞", 20, [.trafficPolice], 8_500, Vocabulary.trafficRemarks),
    .init("咨询", 60, [.policeStation], 0, Vocabulary.idleRemarks),
    .init("无效报警", 60, [.policeStation], 0, Vocabulary.idleRemarks),
    .init("重复报警", 25, [.policeStation], 0, Vocabulary.idleRemarks),
    .init("火灾", 15, [.fireStation], 9_900, Vocabulary.serviceRemarks),
    .init("医疗救助", 30, [.emergencyCentre, .hospital], 9_800, Vocabulary.serviceRemarks),
    .init("水电气故障", 45, [.water, .power, .gas], 9_300, Vocabulary.serviceRemarks),
    .init("市政设施", 20, [.municipalWorks], 9_000, Vocabulary.serviceRemarks),
    .init("城市管理", 25, [.urbanManagement], 9_000, Vocabulary.serviceRemarks),
    .init("突发事件", 20, [.policeStation], 10_000, Vocabulary.policeRemarks),
    .init(
      "突发公共卫生事件", 10, [.diseaseControl, .emergencyCentre], 10_000, Vocabulary.serviceRemarks),
  ]
  static let table = WeightedTable(all.map(\.weight))

  init(
    _ word: String, _ weight: Int, _ services: [Service], _ dispatched: Int, _ remarks: [[UInt8]]
  ) {
    self.word = Array(word.utf8)
    self.weight = weight
    self.services = services
    self.dispatched = dispatched
    self.remarks = remarks
  }
}
