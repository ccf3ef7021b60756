/// The rulebook of SPEC 3, one entry per rule, in rulebook order. Each entry is the table's
/// row plus the function that reads a record; a new rule is one new entry.
public enum Rulebook {
  public static let rules: [Rule] = [
    /// 110 制度 二: 铃响三声之内提机回答
    Rule(
      id: .callAnswer, clause: "110 制度 二: 铃响三声之内提机回答",
      appliesTo: "calls with rings", start: "received_at", done: "—", limit: "rings ≤ 3",
      exemption: "", responsible: "operator", reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .call { call, _ in
          guard let rings = call.rings, let received = call.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .verdict(met: rings <= 3), unitID: call.unitID,
            personID: call.operatorID)
        }
      ]),
    /// 110 制度 二: 询问…原则上不超过二分钟
    Rule(
      id: .callInquiry, clause: "110 制度 二: 询问…原则上不超过二分钟",
      appliesTo: "calls with inquiry_seconds", start: "received_at", done: "—", limit: "≤ 120 s",
      exemption: "", responsible: "operator", reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .call { call, _ in
          guard let seconds = call.inquirySeconds, let received = call.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .verdict(met: seconds <= 120), unitID: call.unitID,
            personID: call.operatorID)
        }
      ]),
    /// 110 制度 二: 一类…一分钟内出发
    Rule(
      id: .callDepart, clause: "110 制度 二: 一类…一分钟内出发",
      appliesTo: "class-1 calls with dispatched_at", start: "dispatched_at", done: "departed_at",
      limit: "1 min", exemption: "cancelled, step not done (§7.31)", responsible: "handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .dispatch { dispatch in
          guard dispatch.unitClass == .one, let dispatched = dispatch.dispatchedAt else { return nil }
          return clock(dispatch, from: dispatched, limit: 1, done: dispatch.departedAt)
        }
      ]),
    /// 110 制度 二: 城区…五分钟,城郊十分钟
    Rule(
      id: .callArrive, clause: "110 制度 二: 城区…五分钟,城郊十分钟",
      appliesTo: "class-1 calls, zone urban or suburb, with dispatched_at", start: "dispatched_at",
      done: "arrived_at", limit: "5 min urban, 10 min suburb",
      exemption: "cancelled, step not done (§7.31)", responsible: "handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .dispatch { dispatch in
          guard dispatch.unitClass == .one, let dispatched = dispatch.dispatchedAt,
            let zone = dispatch.zone, zone == .urban || zone == .suburb
          else { return nil }
          return clock(dispatch, from: dispatched, limit: zone == .urban ? 5 : 10, done: dispatch.arrivedAt)
        }
      ]),
    /// 110 制度 二: 二类、三类…按承诺服务时间
    Rule(
      id: .callArriveCommitted, clause: "110 制度 二: 二类、三类…按承诺服务时间",
      appliesTo: "class-2/3 calls with dispatched_at, whose unit has committed_minutes",
      start: "dispatched_at", done: "arrived_at", limit: "committed_minutes",
      exemption: "cancelled, step not done (§7.31)", responsible: "handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .dispatch { dispatch in
          guard let unitClass = dispatch.unitClass, unitClass != .one,
            let dispatched = dispatch.dispatchedAt,
            let minutes = dispatch.committedMinutes
          else { return nil }
          return clock(dispatch, from: dispatched, limit: minutes, done: dispatch.arrivedAt)
        }
      ]),
    /// 卫生局 一.6: 30分钟内做好出发准备
    Rule(
      id: .emergencyReady, clause: "卫生局 一.6: 30分钟内做好出发准备",
      appliesTo: "calls whose category is an emergency category with dispatched_at",
      start: "dispatched_at", done: "departed_at", limit: "30 min, +30 min when S is off hours",
      exemption: "cancelled, step not done (§7.31)", responsible: "handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .dispatch { dispatch in
          guard dispatch.isEmergency, let dispatched = dispatch.dispatchedAt else { return nil }
          return clock(dispatch, from: dispatched, limit: 30, offHoursExtra: 30, done: dispatch.departedAt)
        }
      ]),
    /// 卫生局 一.6: 陆地1.5小时…海岛6小时
    Rule(
      id: .emergencyArrive, clause: "卫生局 一.6: 陆地1.5小时…海岛6小时",
      appliesTo: "calls whose category is an emergency category with dispatched_at",
      start: "dispatched_at", done: "arrived_at",
      limit: "90 min, 360 min when zone is island; +30 min when S is off hours",
      exemption: "cancelled, step not done (§7.31)", responsible: "handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .dispatch { dispatch in
          guard dispatch.isEmergency, let dispatched = dispatch.dispatchedAt else { return nil }
          return clock(
            dispatch, from: dispatched, limit: dispatch.zone == .island ? 360 : 90,
            offHoursExtra: 30, done: dispatch.arrivedAt)
        }
      ]),
    /// 卫生局 一.1: 一般事项…25分钟之内办结
    Rule(
      id: .windowGeneral, clause: "卫生局 一.1: 一般事项…25分钟之内办结",
      appliesTo: "visits kind window, matter general", start: "started_at", done: "ended_at",
      limit: "25 min", exemption: "", responsible: "staff", reportsLateDays: false,
      compensationPerLateDay: .zero,
      subjects: [
        .visit { visit, context in
          guard visit.kind == .window, visit.matter == .general, let started = visit.startedAt else {
            return nil
          }
          return Claim(
            start: started, deadline: .limit(.minutes(25)), done: context.known(visit.endedAt),
            unitID: visit.unitID, personID: visit.staffID)
        }
      ]),
    /// 卫生局 一.1: 承诺件…5个工作日内到现场审查
    Rule(
      id: .windowOnsite, clause: "卫生局 一.1: 承诺件…5个工作日内到现场审查",
      appliesTo: "visits kind window, matter commitment", start: "started_at",
      done: "first onsite visit serving it", limit: "5 working days", exemption: "",
      responsible: "staff", reportsLateDays: true, compensationPerLateDay: .zero,
      subjects: [
        .visit { visit, context in
          guard visit.kind == .window, visit.matter == .commitment, let started = visit.startedAt else {
            return nil
          }
          return Claim(
            start: started, deadline: .limit(.workingDays(5)),
            done: context.firstOnsiteVisit(serving: visit.caseID ?? visit.id),
            unitID: visit.unitID, personID: visit.staffID)
        }
      ]),
    /// 卫生局 一.5: 3个工作日内到现场调查
    Rule(
      id: .reportOnsite, clause: "卫生局 一.5: 3个工作日内到现场调查",
      appliesTo: "complaints kind report, in scope", start: "received_at",
      done: "onsite_at or first onsite visit serving it, the earlier", limit: "3 working days",
      exemption: "", responsible: "handler", reportsLateDays: true, compensationPerLateDay: .zero,
      subjects: [
        .complaint { complaint, context in
          guard isReportInScope(complaint), let received = complaint.receivedAt else { return nil }
          let candidates = [context.known(complaint.onsiteAt), context.firstOnsiteVisit(serving: complaint.id)]
          return Claim(
            start: received, deadline: .limit(.workingDays(3)), done: candidates.compactMap { $0 }.min(),
            unitID: complaint.unitID, personID: complaint.handlerID)
        }
      ]),
    /// 卫生局 一.5: 7天内…通报举报投诉人
    Rule(
      id: .reportNotify, clause: "卫生局 一.5: 7天内…通报举报投诉人",
      appliesTo: "complaints kind report, in scope", start: "received_at", done: "notified_at",
      limit: "7 calendar days", exemption: "", responsible: "handler", reportsLateDays: true,
      compensationPerLateDay: .zero,
      subjects: [
        .complaint { complaint, context in
          guard isReportInScope(complaint), let received = complaint.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .limit(.calendarDays(7)),
            done: context.known(complaint.notifiedAt), unitID: complaint.unitID,
            personID: complaint.handlerID)
        }
      ]),
    /// 卫生局 一.5: 一般在30天内结案
    Rule(
      id: .reportClose, clause: "卫生局 一.5: 一般在30天内结案",
      appliesTo: "complaints kind report, in scope", start: "received_at", done: "closed_at",
      limit: "30 calendar days", exemption: "serious", responsible: "handler",
      reportsLateDays: true, compensationPerLateDay: .zero,
      subjects: [
        .complaint { complaint, context in
          guard isReportInScope(complaint), let received = complaint.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .limit(.calendarDays(30)),
            done: context.known(complaint.closedAt), isExempt: complaint.isSerious == true,
            unitID: complaint.unitID, personID: complaint.handlerID)
        }
      ]),
    /// 卫生局 三: 10个工作日内给予答复;每拖延1天…赔偿人民币10元
    Rule(
      id: .pledgeReply, clause: "卫生局 三: 10个工作日内给予答复;每拖延1天…赔偿人民币10元",
      appliesTo: "complaints kind pledge", start: "received_at", done: "replied_at",
      limit: "10 working days", exemption: "explained", responsible: "handler",
      reportsLateDays: true, compensationPerLateDay: Money(yuan: 10),
      subjects: [
        .complaint { complaint, context in
          guard complaint.kind == .pledge, let received = complaint.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .limit(.workingDays(10)),
            done: context.known(complaint.repliedAt), isExempt: complaint.isExplained == true,
            unitID: complaint.unitID, personID: complaint.handlerID)
        }
      ]),
    /// 帮教制度 四: 每月与重点人员见一次面、谈一次话
    Rule(
      id: .keypersonMonthly, clause: "帮教制度 四: 每月与重点人员见一次面、谈一次话",
      appliesTo: "each registered key person, each calendar month fully inside enrolment",
      start: "first instant of the month",
      done: "first keyperson visit with that subject in the month", limit: "end of the month",
      exemption: "", responsible: "helper, else unit", reportsLateDays: true,
      compensationPerLateDay: .zero,
      subjects: [.person(monthlyVisits)]),
    /// 社会服务管理中心 六: 限时办结
    Rule(
      id: .caseDue, clause: "社会服务管理中心 六: 限时办结",
      appliesTo: "visits and complaints with due_at", start: "started_at / received_at",
      done: "ended_at / closed_at", limit: "due_at", exemption: "", responsible: "staff / handler",
      reportsLateDays: false, compensationPerLateDay: .zero,
      subjects: [
        .visit { visit, context in
          guard let due = visit.dueAt, let started = visit.startedAt else { return nil }
          return Claim(
            start: started, deadline: .at(due), done: context.known(visit.endedAt),
            unitID: visit.unitID, personID: visit.staffID)
        },
        .complaint { complaint, context in
          guard let due = complaint.dueAt, let received = complaint.receivedAt else { return nil }
          return Claim(
            start: received, deadline: .at(due), done: context.known(complaint.closedAt),
            unitID: complaint.unitID, personID: complaint.handlerID)
        },
      ]),
    /// The duty's own clause: the seed's standing duties (例会, 月报 before the 25th, …) as data.
    Rule(
      id: .dutyPeriodic, clause: "the duty's own clause",
      appliesTo: "each period of each row of the duties register", start: "the period's first instant",
      done: "first activity of its kind by its unit in the period", limit: "by_day, else the period's end",
      exemption: "", responsible: "the unit", reportsLateDays: true, compensationPerLateDay: .zero,
      subjects: [.duty(dutyPeriods)]),
  ]

  public static func rule(_ id: RuleID) -> Rule { rules[id.order] }

  /// A clocked call rule on one dispatch: exempt when the dispatch was withdrawn and the step
  /// was not done by A (SPEC §7.31, §7.32); a step that was done is judged as usual.
  private static func clock(
    _ dispatch: borrowing DispatchFacts, from dispatched: Instant, limit minutes: Int,
    offHoursExtra: Int = 0, done: Instant?
  ) -> Claim {
    let done = dispatch.known(done)
    return Claim(
      start: dispatched, deadline: .limit(.minutes(minutes), offHoursExtraMinutes: offHoursExtra),
      done: done, isExempt: dispatch.isCancelled && done == nil, unitID: dispatch.unitID,
      personID: dispatch.handlerID)
  }

  /// report.* apply to report complaints in scope; an empty in_scope means yes (SPEC §7.18).
  private static func isReportInScope(_ complaint: borrowing ComplaintRecord) -> Bool {
    complaint.kind == .report && complaint.inScope != false
  }

  /// keyperson.monthly: one claim per month owed (SPEC §7.8, §7.19) — the person was enrolled
  /// on or before its 1st and not released before its last day (a release after A is not yet
  /// known). Months run from enrolment to the month of A.
  @Sendable
  private static func monthlyVisits(
    _ person: PersonRecord, _ context: RuleContext, _ wanted: ClosedRange<Instant>?
  ) -> [Claim] {
    guard let enrolled = person.enrolledOn else { return [] }
    var released: CivilDate? = person.releasedOn
    if let date = released, date.start > context.asOf { released = nil }
    var month = YearMonth(containing: enrolled)
    if enrolled > month.firstDay { month = month.next }
    var lastMonth = YearMonth(containing: context.asOf.date)
    if let wanted {
      month = max(month, YearMonth(containing: wanted.lowerBound.date))
      lastMonth = min(lastMonth, YearMonth(containing: wanted.upperBound.date))
    }
    var claims: [Claim] = []
    while month <= lastMonth {
      if let released, released < month.lastDay { break }
      let start = month.firstDay.start
      let end = month.lastDay.end
      claims.append(
        Claim(
          start: start, deadline: .at(end),
          done: context.firstKeypersonVisit(of: person.id, from: start, through: min(end, context.asOf)),
          unitID: person.unitID, personID: person.helperID ?? person.unitID,
          recordID: person.id + "@" + month.description))
      month = month.next
    }
    return claims
  }

  /// duty.periodic: one claim per period owed (SPEC 3, "Recurring duties"; §7.38, §7.39) — a
  /// period is owed when the duty's starts_on is empty or on or before its first day and its
  /// ends_on is empty or on or after its last day. Periods run from starts_on (else the start
  /// of `wanted`, or the first activity of the ledger) to the period of A.
  @Sendable
  private static func dutyPeriods(
    _ duty: DutyRecord, _ context: RuleContext, _ wanted: ClosedRange<Instant>?
  ) -> [Claim] {
    guard let period = duty.period, let unitID = duty.unitID, let kind = duty.kind else { return [] }
    var from = duty.startsOn ?? context.dutiesOwedFrom?.date ?? context.asOf.date
    var through = context.asOf.date
    if let wanted {
      from = max(from, wanted.lowerBound.date)
      through = min(through, wanted.upperBound.date)
    }
    guard from <= through else { return [] }
    var claims: [Claim] = []
    var current = DutyPeriod(period, containing: from)
    while current.firstDay <= through {
      defer { current = current.next }
      let first = current.firstDay
      let last = current.lastDay
      if let starts = duty.startsOn, starts > first { continue }
      if let ends = duty.endsOn, ends < last { break }
      let start = first.start
      claims.append(
        Claim(
          start: start, deadline: .at(current.dueDay(byDay: duty.byDay).end),
          done: context.firstActivity(unit: unitID, kind: kind, from: start, through: min(last.end, context.asOf)),
          unitID: unitID, personID: nil, recordID: duty.id + "@" + current.label, clause: duty.clause ?? ""))
    }
    return claims
  }
}

// Every start S the rules above can give a record (their "start" column). Evaluating one
// quarter skips records none of whose possible starts lie in it, and snapshots keep these to
// select a quarter's records: a rule with another start must be added here (a test checks it).
extension CallRecord {
  /// received_at (call.answer, call.inquiry) or dispatched_at (every clocked call rule).
  public var possibleStarts: (Instant?, Instant?) { (receivedAt, dispatchedAt) }
}

extension VisitRecord {
  /// started_at.
  public var possibleStarts: (Instant?, Instant?) { (startedAt, nil) }
}

extension ComplaintRecord {
  /// received_at.
  public var possibleStarts: (Instant?, Instant?) { (receivedAt, nil) }
  /// received_at, and closed_at: the fines of a period are those of the complaints closed in
  /// it, whenever they were received (PeriodReport).
  public var selectionTimes: (Instant?, Instant?) { (receivedAt, closedAt) }
}

extension UnitRecord {
  /// Units have no obligations of their own.
  public var possibleStarts: (Instant?, Instant?) { (nil, nil) }
}

extension PersonRecord {
  /// The first instants of months; never used to select (every person is always read).
  public var possibleStarts: (Instant?, Instant?) { (nil, nil) }
}

extension DispatchRecord {
  /// dispatched_at (every clocked call rule, judged per dispatch).
  public var possibleStarts: (Instant?, Instant?) { (dispatchedAt, nil) }
}

extension ActivityRecord {
  /// Activities start no obligation of their own.
  public var possibleStarts: (Instant?, Instant?) { (nil, nil) }
}

extension DutyRecord {
  /// The first instants of periods; never used to select (every duty is always read).
  public var possibleStarts: (Instant?, Instant?) { (nil, nil) }
}

extension CalendarDayRecord {
  /// The calendar starts no obligation.
  public var possibleStarts: (Instant?, Instant?) { (nil, nil) }
}
