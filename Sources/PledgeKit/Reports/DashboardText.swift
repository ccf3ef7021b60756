/// The language of the dashboard page: Chinese by default, English with `--lang en`.
public enum DashboardLanguage: String, CaseIterable, Sendable {
  case zh, en

  var text: DashboardText { self == .zh ? .chinese : .english }
}

/// Every word the dashboard prints, in one language. Numbers never pass through here.
struct DashboardText: Sendable {
  let htmlLanguage: String
  let title: @Sendable (ReportPeriod) -> String
  let purpose: @Sendable (ReportPeriod) -> String
  let quarterLabel: @Sendable (ReportPeriod) -> String
  let quarterRange: @Sendable (ReportPeriod) -> String
  let asOfLabel: String
  let asOfNote: String
  let batchLabel: String
  let batchValue: @Sendable (Int) -> String

  let obligations: String
  let obligationsNote: @Sendable (ReportPeriod) -> String
  let met: String
  let metNote: String
  let breached: String
  let breachedNote: String
  let open: String
  let openNote: String
  let exempt: String
  let exemptNote: String
  let overallRate: String
  let overallRateNote: String
  let compensation: String
  let compensationNote: String
  let yuan: @Sendable (String) -> String

  let rankingTitle: String
  let rankingNote: String
  let rank: String
  let unit: String
  let rate: String
  let noUnit: String

  let heatMapTitle: String
  let heatMapNote: String
  let allUnits: String
  let unitTotal: String
  let legendBands: [String]
  let legendEmpty: String

  let perRuleTitle: String
  let perRuleNote: @Sendable (ReportPeriod) -> String
  let perMonthTitle: String
  let perMonthNote: String
  let monthName: @Sendable (YearMonth) -> String

  let nextDeadlinesTitle: String
  let nextDeadlinesNote: @Sendable (Int) -> String
  let deadline: String
  let timeLeft: String
  let rule: String
  let record: String
  let person: String
  let started: String
  let received: String
  let lateDays: String
  let accruing: String
  let none: String

  let unansweredTitle: String
  let unansweredNote: @Sendable (_ shown: Int, _ count: Int, _ owed: String) -> String

  let rulesTitle: String
  let rulesNote: String
  /// What each rule asks, in rulebook order.
  let ruleDescriptions: [String]
  /// A few words naming each rule beside its id, in rulebook order.
  let ruleNames: [String]

  let footer: @Sendable (_ period: ReportPeriod, _ batch: Int) -> String
  let duration: @Sendable (_ days: Int64, _ hours: Int64, _ minutes: Int64) -> String

  /// The period as the page's sentences name it: 本季度 or 本年度.
  private static func inChinese(_ period: ReportPeriod) -> String {
    if case .quarter = period { "本季度" } else { "本年度" }
  }

  /// `this quarter` or `this year`.
  private static func inEnglish(_ period: ReportPeriod) -> String {
    if case .quarter = period { "this quarter" } else { "this year" }
  }

  static let chinese = DashboardText(
    htmlLanguage: "zh-CN",
    title: { period in
      switch period {
      case .quarter(let q): return "服务承诺履行情况 · \(q.year)年第\(["一", "二", "三", "四"][q.number - 1])季度评估"
      case .year(let year): return "服务承诺履行情况 · \(year)年度总评"
      }
    },
    purpose: {
      "本页汇总各公共服务单位\(inChinese($0))兑现公开服务承诺（接警、出警到场、窗口办理、投诉答复等时限）的情况："
        + "每一项应履行的承诺按规定时限判为达标、违诺、未到期或免责，达标率 = 达标 ÷（达标 + 违诺）。"
    },
    quarterLabel: { if case .quarter = $0 { "季度" } else { "年度" } },
    quarterRange: { "\($0)（\($0.firstDay.description) 至 \($0.lastDay.description)）" },
    asOfLabel: "评估时点 A",
    asOfNote: "数据中最晚的业务时间；此刻尚未到期的承诺记为“未到期”",
    batchLabel: "数据批次",
    batchValue: { "截至第 \($0) 批导入" },
    obligations: "应履行承诺", obligationsNote: { "\(inChinese($0))起算的承诺事项" },
    met: "达标", metNote: "在时限内完成",
    breached: "违诺", breachedNote: "超过时限或未完成",
    open: "未到期", openNote: "尚未完成，时限未到",
    exempt: "免责", exemptNote: "撤警、情节严重、已说明等",
    overallRate: "总达标率", overallRateNote: "达标 ÷（达标 + 违诺）",
    compensation: "应付赔偿金", compensationNote: "违诺投诉逾期答复，每日10元",
    yuan: { "¥" + $0 },
    rankingTitle: "单位排名",
    rankingNote: "按达标率从高到低；达标率相同时违诺少者在前，两者都相同则并列同一名次。",
    rank: "名次", unit: "单位", rate: "达标率", noUnit: "（未填单位）",
    heatMapTitle: "各单位 × 各项承诺的达标率",
    heatMapNote: "格内数字为达标率；颜色越深表示越差；空格表示该单位没有这项承诺的达标或违诺结果。",
    allUnits: "全部单位", unitTotal: "合计",
    legendBands: ["≥ 95%", "90–95%", "80–90%", "60–80%", "< 60%"],
    legendEmpty: "无结果",
    perRuleTitle: "各项承诺的违诺数", perRuleNote: { "\(inChinese($0))全部单位，按承诺条款统计。" },
    perMonthTitle: "各月违诺数", perMonthNote: "按承诺起算时间所在的月份统计。",
    monthName: { "\($0.year)年\($0.month)月" },
    nextDeadlinesTitle: "即将到期的未完成事项",
    nextDeadlinesNote: { "尚未完成、期限最近的前 \($0) 项（截至评估时点 A）。" },
    deadline: "期限", timeLeft: "剩余时间", rule: "承诺条款", record: "编号", person: "责任人",
    started: "起算时间", received: "受理时间", lateDays: "逾期天数", accruing: "累计赔偿",
    none: "无",
    unansweredTitle: "逾期未答复的违诺投诉",
    unansweredNote: { shown, count, owed in
      "超过10个工作日仍未答复，最早受理的在前（共 \(count) 件"
        + (shown < count ? "，显示前 \(shown) 件" : "") + "）；每逾期一日赔偿10元，计至评估时点 A，合计 \(owed)。"
    },
    rulesTitle: "承诺条款",
    rulesNote: "每项承诺出自各单位公开的服务承诺制度，条款原文如下。",
    ruleDescriptions: Rulebook.rules.map { rule in
      rule.id == .dutyPeriodic ? "职责清单所列定期工作（例会、月报、季度检查等），条款见各条职责" : rule.clause
    },
    ruleNames: [
      "三声内接听", "询问不超过2分钟", "1分钟内出警", "按时到达现场", "按承诺时限到达",
      "30分钟内备妥出发", "急救按时到达", "一般事项25分钟办结", "承诺件5个工作日内审查",
      "举报3个工作日内调查", "举报7天内通报", "举报30天内结案", "违诺投诉10个工作日内答复",
      "重点人员每月见面", "按承诺时限办结", "定期工作按时开展",
    ],
    footer: { quarter, batch in
      "由 Pledge 根据事件库前 \(batch) 批数据生成。本页数字与同一评估的 CSV 报表"
        + "（compliance、ranking、penalties，\(quarter)）完全一致。"
    },
    duration: { days, hours, minutes in
      days > 0 ? "\(days)天\(hours)小时" : hours > 0 ? "\(hours)小时\(minutes)分" : "\(minutes)分钟"
    })

  static let english = DashboardText(
    htmlLanguage: "en",
    title: { period in
      switch period {
      case .quarter: return "Service pledges kept · quarterly evaluation \(period)"
      case .year: return "Service pledges kept · year-end evaluation \(period)"
      }
    },
    purpose: {
      "This page shows how well each public-service unit kept its published service pledges"
        + " (answering calls, arriving on scene, serving the public at the window, replying to"
        + " complaints in time) \(inEnglish($0)): every pledge owed is judged met, breached, still open"
        + " or exempt, and rate = met ÷ (met + breached)."
    },
    quarterLabel: { if case .quarter = $0 { "Quarter" } else { "Year" } },
    quarterRange: { "\($0) (\($0.firstDay.description) to \($0.lastDay.description))" },
    asOfLabel: "Evaluated at A",
    asOfNote: "the latest business time in the data; pledges not yet due then count as open",
    batchLabel: "Data",
    batchValue: { "batches 1–\($0) of the store" },
    obligations: "Obligations", obligationsNote: { "pledges owed, started \(inEnglish($0))" },
    met: "Met", metNote: "done within the limit",
    breached: "Breached", breachedNote: "late, or not done in time",
    open: "Open", openNote: "not done yet, still in time",
    exempt: "Exempt", exemptNote: "cancelled, serious case, explained",
    overallRate: "Overall rate", overallRateNote: "met ÷ (met + breached)",
    compensation: "Compensation",
    compensationNote: "owed for late replies to pledge complaints, ¥10 a day",
    yuan: { "¥" + $0 },
    rankingTitle: "Unit ranking",
    rankingNote: "Best first: by rate, then fewer breaches; units equal in both share a rank.",
    rank: "Rank", unit: "Unit", rate: "Rate", noUnit: "(no unit)",
    heatMapTitle: "Rate by unit and pledge",
    heatMapNote:
      "Each cell prints the rate; darker is worse; an empty cell means the unit has no met"
      + " or breached obligation under that pledge.",
    allUnits: "All units", unitTotal: "Total",
    legendBands: ["≥ 95%", "90–95%", "80–90%", "60–80%", "< 60%"],
    legendEmpty: "no result",
    perRuleTitle: "Breaches per pledge", perRuleNote: { "All units \(inEnglish($0)), by rule." },
    perMonthTitle: "Breaches per month", perMonthNote: "By the month the pledge's clock started.",
    monthName: {
      "\(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][$0.month - 1]) \($0.year)"
    },
    nextDeadlinesTitle: "Open obligations closest to their deadline",
    nextDeadlinesNote: { "The first \($0) not yet done, soonest deadline first (at A)." },
    deadline: "Deadline", timeLeft: "Time left", rule: "Pledge", record: "Record", person: "Person",
    started: "Started", received: "Received", lateDays: "Days late", accruing: "Accruing",
    none: "none",
    unansweredTitle: "Oldest unanswered pledge complaints",
    unansweredNote: { shown, count, owed in
      "Not replied to within 10 working days, oldest first (\(count) in all"
        + (shown < count ? ", first \(shown) shown" : "")
        + "); each late day owes the complainant ¥10, counted up to A: \(owed) together."
    },
    rulesTitle: "The pledges",
    rulesNote:
      "What each pledge asks, from the units' published work rules ('pledge rules' cites each clause).",
    ruleDescriptions: [
      "110 calls answered within three rings",
      "the caller questioned in two minutes at most",
      "class-1 units set off within 1 minute of the dispatch order",
      "class-1 units on the scene within 5 min (urban) or 10 min (suburb)",
      "class-2 and class-3 units on the scene within the time they committed to",
      "emergencies: ready to set off within 30 min (+30 min off hours)",
      "emergencies: on the scene within 1.5 h, 6 h on an island (+30 min off hours)",
      "service window: general matters done within 25 minutes",
      "service window: on-site inspection within 5 working days",
      "reported cases: on-site investigation within 3 working days",
      "reported cases: the complainant told the result within 7 days",
      "reported cases: closed within 30 days",
      "pledge complaints: a reply within 10 working days; ¥10 per late day",
      "key persons under care: met and talked to once a month",
      "cases with a promised time: done by that time",
      "recurring duties (meetings, monthly reports…): held in each period, by the day due",
    ],
    ruleNames: [
      "answer in 3 rings", "questions ≤ 2 min", "set off in 1 min", "arrive in 5/10 min",
      "arrive as committed", "emergency ready", "emergency arrival", "window: 25 min",
      "window: inspect in 5 d", "report: on site in 3 d", "report: notify in 7 d",
      "report: close in 30 d", "complaint: reply", "key person monthly", "done as promised",
      "recurring duties",
    ],
    footer: { quarter, batch in
      "Made by Pledge from batches 1–\(batch) of the event store. Every number on this page is the"
        + " same as in the CSV reports of the same evaluation (compliance, ranking, penalties, \(quarter))."
    },
    duration: { days, hours, minutes in
      days > 0 ? "\(days) d \(hours) h" : hours > 0 ? "\(hours) h \(minutes) min" : "\(minutes) min"
    })
}
