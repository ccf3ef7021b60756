/// How one export maps onto facts (SPEC 1.3, 1.4): its key column, a column per fact, which
/// values a row must have, which times must not run backwards, and which numbers are bounded.
struct SourceSchema<R: Record>: Sendable {
  let source: Source
  let key: ColumnSpec
  let fields: [(column: ColumnSpec, fact: R.FactKind)]
  /// Facts a row must have a value for.
  let requiredFacts: [R.FactKind]
  /// Recorded when a record is first seen (the units register's `unitRegistered`).
  let existenceFact: R.FactKind?
  /// `later ≥ earlier`, where `earlier` is the first of the listed facts the row knows.
  let orderChecks: [(later: R.FactKind, earlier: [R.FactKind])]
  /// Where the source's records live in the projection.
  let table: WritableKeyPath<Projection, RecordTable<R>> & Sendable
  /// Integer facts that must not exceed `maximum`, and what the limit means to a reader.
  var upperBounds: [(fact: R.FactKind, maximum: Int, meaning: String)] = []
  /// Integer facts that must lie in `range` and may be given only when the fact `when`
  /// has the value `value` (duties: `by_day` 1–31, only for month duties, SPEC §7.39).
  var ranges: [(fact: R.FactKind, range: ClosedRange<Int>, when: (fact: R.FactKind, value: EventValue)?, meaning: String)] = []
  /// The key is a date (the calendar): it is read as a date and recorded as `YYYY-MM-DD`, so
  /// `2027/1/1` and `2027-01-01` are the same record.
  var keyIsDate = false

  var columns: [ColumnSpec] { [key] + fields.map(\.column) }
}

enum Schemas {
  static let calls = SourceSchema<CallRecord>(
    source: .calls,
    key: ColumnSpec("call_id", aliases: ["接警编号", "警情编号", "接警单编号"], required: true),
    fields: [
      (ColumnSpec("received_at", aliases: ["报警时间", "来电时间"], required: true), .received),
      (ColumnSpec("answered_at", aliases: ["接警时间", "接听时间"]), .answered),
      (ColumnSpec("rings", aliases: ["振铃次数", "响铃次数"]), .ringsCounted),
      (ColumnSpec("inquiry_seconds", aliases: ["询问时长", "通话时长"]), .inquiryTimed),
      (ColumnSpec("category", aliases: ["警情类别", "报警类别"]), .categorized),
      (ColumnSpec("unit_id", aliases: ["处警单位编号", "处警单位", "管辖单位"]), .assigned),
      (ColumnSpec("unit_class", aliases: ["处警单位类别", "单位类别"]), .classStated),
      (ColumnSpec("zone", aliases: ["区域", "区域类型"]), .located),
      (ColumnSpec("dispatched_at", aliases: ["派警时间", "指令下达时间"]), .dispatched),
      (ColumnSpec("departed_at", aliases: ["出警时间", "出发时间", "实际出警时间"]), .departed),
      (ColumnSpec("arrived_at", aliases: ["到达时间", "到达现场时间"]), .arrived),
      (ColumnSpec("reported_at", aliases: ["反馈时间", "处警反馈时间"]), .reported),
      (ColumnSpec("operator_id", aliases: ["接警员", "接警员编号"]), .takenBy),
      (ColumnSpec("handler_id", aliases: ["处警人", "处警人员编号"]), .handledBy),
      (ColumnSpec("cancelled", aliases: ["撤警", "已撤销", "取消出警"]), .cancelled),
    ],
    requiredFacts: [.received],
    existenceFact: nil,
    orderChecks: [
      (.answered, [.received]), (.dispatched, [.received]), (.departed, [.dispatched]),
      (.arrived, [.departed, .dispatched]), (.reported, [.arrived]),
    ],
    table: \.calls)

  static let visits = SourceSchema<VisitRecord>(
    source: .visits,
    key: ColumnSpec("visit_id", aliases: ["记录编号", "来访编号"], required: true),
    fields: [
      (ColumnSpec("kind", aliases: ["类型", "记录类型"], required: true), .kindRecorded),
      (ColumnSpec("started_at", aliases: ["开始时间", "受理时间", "走访时间"], required: true), .started),
      (ColumnSpec("ended_at", aliases: ["办结时间", "结束时间"]), .ended),
      (ColumnSpec("unit_id", aliases: ["单位编号", "承办单位"]), .assigned),
      (ColumnSpec("staff_id", aliases: ["经办人", "接待人", "帮教人"]), .staffed),
      (ColumnSpec("subject_id", aliases: ["对象编号", "重点人员编号"]), .subjectRecorded),
      (ColumnSpec("case_id", aliases: ["关联编号", "案件编号"]), .linked),
      (ColumnSpec("matter", aliases: ["事项类型"]), .matterClassified),
      (ColumnSpec("due_at", aliases: ["承诺时限", "承诺办结时间", "承诺完成时间"]), .duePromised),
    ],
    requiredFacts: [.kindRecorded, .started],
    existenceFact: nil,
    orderChecks: [(.ended, [.started]), (.duePromised, [.started])],
    table: \.visits)

  static let complaints = SourceSchema<ComplaintRecord>(
    source: .complaints,
    key: ColumnSpec("complaint_id", aliases: ["投诉编号", "工单编号", "举报编号"], required: true),
    fields: [
      (ColumnSpec("kind", aliases: ["类型", "投诉类型"], required: true), .kindRecorded),
      (ColumnSpec("received_at", aliases: ["受理时间", "登记时间"], required: true), .received),
      (ColumnSpec("channel", aliases: ["渠道", "来源"]), .channelRecorded),
      (ColumnSpec("unit_id", aliases: ["承办单位", "承办单位编号"]), .assigned),
      (ColumnSpec("handler_id", aliases: ["承办人", "首办责任人"]), .handlerAssigned),
      (ColumnSpec("against_unit_id", aliases: ["被投诉单位"]), .againstUnit),
      (ColumnSpec("against_person_id", aliases: ["被投诉人"]), .againstPerson),
      (ColumnSpec("in_scope", aliases: ["属本局职责", "职责范围内"]), .scopeAssessed),
      (ColumnSpec("serious", aliases: ["情节严重"]), .severityAssessed),
      (ColumnSpec("explained", aliases: ["已作说明", "特殊情况说明"]), .delayExplained),
      (ColumnSpec("onsite_at", aliases: ["现场调查时间"]), .investigatedOnSite),
      (ColumnSpec("notified_at", aliases: ["通报时间", "告知时间"]), .complainantNotified),
      (ColumnSpec("replied_at", aliases: ["答复时间"]), .replied),
      (ColumnSpec("closed_at", aliases: ["结案时间", "办结时间"]), .closed),
      (ColumnSpec("due_at", aliases: ["承诺时限", "承诺完成时间"]), .duePromised),
      (ColumnSpec("fine_cny", aliases: ["罚款金额"]), .fineDecided),
      (ColumnSpec("summary", aliases: ["摘要", "案由"]), .summarized),
    ],
    requiredFacts: [.kindRecorded, .received],
    existenceFact: nil,
    orderChecks: [
      (.investigatedOnSite, [.received]), (.complainantNotified, [.received]),
      (.replied, [.received]), (.closed, [.received]), (.duePromised, [.received]),
    ],
    table: \.complaints)

  static let units = SourceSchema<UnitRecord>(
    source: .units,
    key: ColumnSpec("unit_id", aliases: ["单位编号"], required: true),
    fields: [
      (ColumnSpec("name", aliases: ["单位名称"]), .named),
      (ColumnSpec("class", aliases: ["类别"]), .classified),
      (ColumnSpec("kind", aliases: ["单位性质"]), .kindRecorded),
      (ColumnSpec("committed_minutes", aliases: ["承诺到达时限"]), .arrivalCommitted),
      (ColumnSpec("parent_id", aliases: ["上级单位"]), .parentRecorded),
    ],
    requiredFacts: [],
    existenceFact: .registered,
    orderChecks: [],
    table: \.units,
    // Decided here: a promise to arrive within 30 days is the most a register can mean; a
    // larger number is a typing slip, and an absurd one would overflow the deadline.
    upperBounds: [(.arrivalCommitted, 43_200, "minutes (30 days)")])

  static let dispatches = SourceSchema<DispatchRecord>(
    source: .dispatches,
    key: ColumnSpec("dispatch_id", aliases: ["处警编号", "处警单编号", "派警单编号"], required: true),
    fields: [
      (ColumnSpec("call_id", aliases: ["接警编号", "警情编号", "接警单编号"], required: true), .linkedToCall),
      (ColumnSpec("dispatched_at", aliases: ["派警时间", "指令下达时间"], required: true), .dispatched),
      (ColumnSpec("unit_id", aliases: ["处警单位编号", "处警单位"]), .assigned),
      (ColumnSpec("unit_class", aliases: ["处警单位类别", "单位类别"]), .classStated),
      (ColumnSpec("zone", aliases: ["区域", "区域类型"]), .located),
      (ColumnSpec("departed_at", aliases: ["出警时间", "出发时间", "实际出警时间"]), .departed),
      (ColumnSpec("arrived_at", aliases: ["到达时间", "到达现场时间"]), .arrived),
      (ColumnSpec("reported_at", aliases: ["反馈时间", "处警反馈时间"]), .reported),
      (ColumnSpec("handler_id", aliases: ["处警人", "处警人员编号"]), .handledBy),
      (ColumnSpec("cancelled", aliases: ["撤警", "已撤销", "取消出警"]), .cancelled),
    ],
    requiredFacts: [.linkedToCall, .dispatched],
    existenceFact: nil,
    // The checks of a call within one dispatch; a dispatch is not checked against its call.
    orderChecks: [(.departed, [.dispatched]), (.arrived, [.departed, .dispatched]), (.reported, [.arrived])],
    table: \.dispatches)

  static let activities = SourceSchema<ActivityRecord>(
    source: .activities,
    key: ColumnSpec("activity_id", aliases: ["记录编号", "台账编号"], required: true),
    fields: [
      (ColumnSpec("kind", aliases: ["活动类型", "类型"], required: true), .kindRecorded),
      (ColumnSpec("unit_id", aliases: ["单位编号", "单位"], required: true), .assigned),
      (ColumnSpec("held_at", aliases: ["开展时间", "时间", "日期"], required: true), .held),
      (ColumnSpec("topic", aliases: ["主题", "内容"]), .topicRecorded),
    ],
    requiredFacts: [.kindRecorded, .assigned, .held],
    existenceFact: nil,
    orderChecks: [],
    table: \.activities)

  static let duties = SourceSchema<DutyRecord>(
    source: .duties,
    key: ColumnSpec("duty_id", aliases: ["职责编号"], required: true),
    fields: [
      (ColumnSpec("unit_id", aliases: ["单位编号", "单位"], required: true), .assigned),
      (ColumnSpec("kind", aliases: ["活动类型", "类型"], required: true), .kindRecorded),
      (ColumnSpec("every", aliases: ["周期"], required: true), .periodSet),
      (ColumnSpec("by_day", aliases: ["截止日"]), .dueDaySet),
      (ColumnSpec("clause", aliases: ["条款"]), .clauseRecorded),
      (ColumnSpec("starts_on", aliases: ["起始日期"]), .startsOn),
      (ColumnSpec("ends_on", aliases: ["终止日期"]), .endsOn),
    ],
    requiredFacts: [.assigned, .kindRecorded, .periodSet],
    existenceFact: nil,
    orderChecks: [],
    table: \.duties,
    ranges: [
      (.dueDaySet, 1...31, (.periodSet, .period(.month)), "a day of the month, 1–31, for a duty owed every month")
    ])

  static let calendar = SourceSchema<CalendarDayRecord>(
    source: .calendar,
    key: ColumnSpec("date", aliases: ["日期"], required: true),
    fields: [
      (ColumnSpec("kind", aliases: ["类型"], required: true), .arranged),
      (ColumnSpec("name", aliases: ["名称"]), .named),
    ],
    requiredFacts: [.arranged],
    existenceFact: nil,
    orderChecks: [],
    table: \.calendarDays,
    keyIsDate: true)

  static let keypersons = SourceSchema<PersonRecord>(
    source: .keypersons,
    key: ColumnSpec("person_id", aliases: ["人员编号"], required: true),
    fields: [
      (ColumnSpec("category", aliases: ["类别"]), .categorized),
      (ColumnSpec("unit_id", aliases: ["责任单位"]), .assignedToUnit),
      (ColumnSpec("helper_id", aliases: ["帮教人"]), .helperAssigned),
      (ColumnSpec("enrolled_on", aliases: ["列管日期"], required: true), .enrolled),
      (ColumnSpec("released_on", aliases: ["解除日期"]), .released),
    ],
    requiredFacts: [.enrolled],
    existenceFact: nil,
    orderChecks: [(.released, [.enrolled])],
    table: \.persons)
}

/// Where one column's value comes from in one file: a header column found by name or alias,
/// a mapping of the import profile, or nowhere (the export has no such column).
enum ColumnReading: Sendable {
  case header(Int)
  /// The profile's mapping `index`; `column` is the header column of its first placeholder
  /// (where a rejection points), nil for a constant.
  case mapping(Int, column: Int?)
  case absent

  /// The header column a rejection names.
  var column: Int? {
    switch self {
    case .header(let column): return column
    case .mapping(_, let column): return column
    case .absent: return nil
    }
  }
}
