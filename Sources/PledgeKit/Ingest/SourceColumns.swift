/// What each source reads, column by column, and which rules read each column (SPEC 1.5,
/// `pledge columns`): so an analyst sees which columns a rule needs before mapping an export.
public struct SourceColumn: Sendable {
  public let source: Source
  public let name: String
  public let aliases: [String]
  public let isRequired: Bool
  /// `text`, `timestamp`, `date`, `integer`, `money`, `boolean`, or an enumeration's values
  /// separated by `|`.
  public let type: String
  public let rules: [RuleID]
}

extension Schemas {
  /// The columns of `source`, in the order of SPEC 1.3: the key first.
  public static func columns(of source: Source) -> [SourceColumn] {
    switch source {
    case .calls: return columns(calls)
    case .dispatches: return columns(dispatches)
    case .visits: return columns(visits)
    case .complaints: return columns(complaints)
    case .activities: return columns(activities)
    case .units: return columns(units)
    case .keypersons: return columns(keypersons)
    case .duties: return columns(duties)
    case .calendar: return columns(calendar)
    }
  }

  private static func columns<R: Record>(_ schema: SourceSchema<R>) -> [SourceColumn] {
    let readers = ColumnReaders.rules[schema.source] ?? [:]
    let key = SourceColumn(
      source: schema.source, name: schema.key.name, aliases: schema.key.aliases, isRequired: true,
      type: schema.keyIsDate ? "date" : "text", rules: readers[schema.key.name] ?? [])
    return [key]
      + schema.fields.map { column, fact in
        SourceColumn(
          source: schema.source, name: column.name, aliases: column.aliases, isRequired: column.isRequired,
          type: typeName(fact.valueType), rules: readers[column.name] ?? [])
      }
  }

  static func typeName(_ type: ValueType) -> String {
    func values<T: Labelled>(_: T.Type) -> String { T.allCases.map(\.word).joined(separator: "|") }
    switch type {
    case .none, .text: return "text"
    case .instant: return "timestamp"
    case .date: return "date"
    case .integer: return "integer"
    case .flag: return "boolean"
    case .money: return "money"
    case .unitClass: return values(UnitClass.self)
    case .zone: return values(Zone.self)
    case .visitKind: return values(VisitKind.self)
    case .matter: return values(Matter.self)
    case .complaintKind: return values(ComplaintKind.self)
    case .period: return values(Period.self)
    case .dayKind: return values(DayKind.self)
    }
  }
}

/// Which rules read each column (the "applies to", start, done, responsible and exemption
/// columns of SPEC 3, and the register lookups of §7.13). A column no rule reads (a summary,
/// a channel) is still ingested: reports and `pledge show` print it.
enum ColumnReaders {
  private static let clocked: [RuleID] = [.callDepart, .callArrive, .callArriveCommitted, .emergencyReady, .emergencyArrive]
  private static let reports: [RuleID] = [.reportOnsite, .reportNotify, .reportClose]
  private static let complaintRules: [RuleID] = reports + [.pledgeReply, .caseDue]
  private static let windows: [RuleID] = [.windowGeneral, .windowOnsite, .caseDue]
  /// Rules whose deadline reads the working-day calendar (working days, calendar days rolled
  /// forward, the off-hours allowance).
  private static let calendarRules: [RuleID] = [
    .emergencyReady, .emergencyArrive, .windowOnsite, .reportOnsite, .reportNotify, .reportClose, .pledgeReply,
  ]

  static let rules: [Source: [String: [RuleID]]] = [
    .calls: [
      "call_id": [.callAnswer, .callInquiry] + clocked, "received_at": [.callAnswer, .callInquiry],
      "rings": [.callAnswer], "inquiry_seconds": [.callInquiry],
      "category": [.emergencyReady, .emergencyArrive],
      "unit_id": [.callAnswer, .callInquiry] + clocked,
      "unit_class": [.callDepart, .callArrive, .callArriveCommitted],
      "zone": [.callArrive, .emergencyArrive], "dispatched_at": clocked,
      "departed_at": [.callDepart, .emergencyReady],
      "arrived_at": [.callArrive, .callArriveCommitted, .emergencyArrive],
      "operator_id": [.callAnswer, .callInquiry], "handler_id": clocked, "cancelled": clocked,
    ],
    .dispatches: [
      "dispatch_id": clocked, "call_id": clocked, "dispatched_at": clocked, "unit_id": clocked,
      "unit_class": [.callDepart, .callArrive, .callArriveCommitted],
      "zone": [.callArrive, .emergencyArrive], "departed_at": [.callDepart, .emergencyReady],
      "arrived_at": [.callArrive, .callArriveCommitted, .emergencyArrive], "handler_id": clocked,
      "cancelled": clocked,
    ],
    .visits: [
      "visit_id": windows, "kind": windows + [.reportOnsite, .keypersonMonthly],
      "started_at": windows + [.reportOnsite, .keypersonMonthly], "ended_at": [.windowGeneral, .caseDue],
      "unit_id": windows, "staff_id": windows, "subject_id": [.keypersonMonthly],
      "case_id": [.windowOnsite, .reportOnsite], "matter": [.windowGeneral, .windowOnsite],
      "due_at": [.caseDue],
    ],
    .complaints: [
      "complaint_id": complaintRules, "kind": reports + [.pledgeReply], "received_at": complaintRules,
      "unit_id": complaintRules, "handler_id": complaintRules, "in_scope": reports,
      "serious": [.reportClose], "explained": [.pledgeReply], "onsite_at": [.reportOnsite],
      "notified_at": [.reportNotify], "replied_at": [.pledgeReply], "closed_at": [.reportClose, .caseDue],
      "due_at": [.caseDue],
    ],
    .activities: ["activity_id": [.dutyPeriodic], "kind": [.dutyPeriodic], "unit_id": [.dutyPeriodic], "held_at": [.dutyPeriodic]],
    .units: [
      "unit_id": [.callDepart, .callArrive, .callArriveCommitted],
      "class": [.callDepart, .callArrive, .callArriveCommitted], "committed_minutes": [.callArriveCommitted],
    ],
    .keypersons: [
      "person_id": [.keypersonMonthly], "unit_id": [.keypersonMonthly], "helper_id": [.keypersonMonthly],
      "enrolled_on": [.keypersonMonthly], "released_on": [.keypersonMonthly],
    ],
    .duties: [
      "duty_id": [.dutyPeriodic], "unit_id": [.dutyPeriodic], "kind": [.dutyPeriodic], "every": [.dutyPeriodic],
      "by_day": [.dutyPeriodic], "clause": [.dutyPeriodic], "starts_on": [.dutyPeriodic], "ends_on": [.dutyPeriodic],
    ],
    .calendar: ["date": calendarRules, "kind": calendarRules],
  ]
}
