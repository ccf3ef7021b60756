import PledgeKit

/// How often a duty recurs (SPEC 1.3b `every`).
enum Every: Int {
  case halfMonth, month, quarter, year

  var word: [UInt8] { Every.words[rawValue] }
  var chineseWord: [UInt8] { Every.words[rawValue + 4] }
  private static let words = ["half-month", "month", "quarter", "year", "半月", "每月", "每季", "每年"]
    .map { Array($0.utf8) }

  /// The periods that touch `first…last`, as day numbers, in order.
  func periods(from first: CivilDate, to last: CivilDate) -> [(first: Int, last: Int)] {
    let monthsPerStep = [1, 1, 3, 12][rawValue]
    var year = first.year
    var month = first.month
    if self == .quarter { month = (month - 1) / 3 * 3 + 1 }
    if self == .year { month = 1 }
    var result: [(Int, Int)] = []
    while true {
      let start = CivilDate(year: year, month: month, day: 1)!
      guard start <= last else { return result }
      var endMonth = month + monthsPerStep - 1
      var endYear = year
      if endMonth > 12 {
        endMonth -= 12
        endYear += 1
      }
      let end = CivilDate(
        year: endYear, month: endMonth, day: CivilDate.daysIn(year: endYear, month: endMonth))!
      if self == .halfMonth {
        result.append((start.dayNumber, start.dayNumber + 14))
        result.append((start.dayNumber + 15, end.dayNumber))
      } else {
        result.append((start.dayNumber, end.dayNumber))
      }
      month += monthsPerStep
      if month > 12 {
        month -= 12
        year += 1
      }
    }
  }
}

/// When in its period an activity is usually held.
enum Timing {
  /// Meetings: in the first days of the period.
  case early
  /// Reports: in the days before they are due.
  case beforeDue
  /// Summaries and evaluations: in the last weeks of the period.
  case late
  case anytime
}

/// A recurring duty the seed's work rules set (or an office adds without a clause), from which
/// the register draws each unit's duties.
struct DutyTemplate {
  let kind: [UInt8]
  let every: Every
  let byDay: Int?
  let clause: String
  let timing: Timing
  let weight: Int

  init(
    _ kind: String, _ every: Every, by byDay: Int? = nil, _ timing: Timing, _ weight: Int,
    _ clause: String
  ) {
    self.kind = Array(kind.utf8)
    self.every = every
    self.byDay = byDay
    self.clause = clause
    self.timing = timing
    self.weight = weight
  }

  /// The monthly meeting that replaced the half-monthly one: `halfMonthlyMeeting` below.
  static let monthlyMeeting = 0
  static let halfMonthlyMeeting = 1

  static let all: [DutyTemplate] = [
    .init("工作例会", .month, .early, 90, "社会服务管理站工作制度 二: 每月召开一次社会服务管理工作例会"),
    .init("工作例会", .halfMonth, .early, 30, "社会服务管理站工作制度 二: 每半月召开一次工作例会(原制度)"),
    .init(
      "联动工作情况报送", .month, by: 25, .beforeDue, 90,
      "110 制度 五: 各联动单位每月25日前要向社会联动办公室报送本单位开展社会联动工作情况"),
    .init("月度统计报表", .month, by: 10, .beforeDue, 30, ""),
    .init("反邪教排查", .month, .anytime, 50, "反邪教 四: 每月定期开展一次排查工作"),
    .init(
      "反邪教讲座", .month, .anytime, 40,
      "反邪教 三: 每月安排一名领导小组成员,深入村(社区)举办一次以“反邪教”为主题的讲座"),
    .init("反邪教例会", .month, .early, 40, "反邪教 二: 每月坚持召开一次例会"),
    .init("法制宣传", .month, .anytime, 30, ""),
    .init("值班检查", .halfMonth, .anytime, 35, ""),
    .init("安全隐患排查", .halfMonth, .anytime, 35, ""),
    .init("反邪教学习", .quarter, .anytime, 45, "反邪教 三: 领导小组每季度利用半天时间带头学习“反邪教”有关法律法规及上级指示精神"),
    .init("反邪教小结", .quarter, .late, 45, "反邪教 二: 每季度对“反邪教”工作进行一次小结"),
    .init("重点人员情况汇报", .quarter, .late, 60, "帮教制度 五: 每季度向综治办汇报重点人员的基本情况、思想动态、现实表现等情况"),
    .init("联席会议", .quarter, .anytime, 50, "110 制度 五: 每季度负责召集召开不少于一次的全市110社会联动系统联席会议"),
    .init("联动检查", .quarter, .anytime, 50, "110 制度 六: 每季度要组织一次检查活动"),
    .init("对照检查评比", .quarter, .late, 40, "110 制度 六: 每季度要组织对联动成员单位进行一次对照检查评比活动"),
    .init("行政罚款公示", .quarter, .late, 25, "卫生局 一.2: 每季度对行政罚款案件进行公示"),
    .init("年终考核", .year, .late, 50, "考核奖惩制度: 年终进行全面考核考评"),
    .init("年终总评", .year, .late, 40, "110 制度 六: 年终进行总评"),
  ]

  /// Kinds of work the ledger records that no duty asks for.
  static let otherKinds = [
    "治安巡逻", "矛盾纠纷调解", "入户走访", "消防安全检查", "应急演练", "志愿服务", "业务培训",
    "普法讲座", "环境整治", "走访慰问",
  ].map { Array($0.utf8) }
}
