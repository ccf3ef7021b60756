/// An activity of the work ledger (工作台账): a meeting held, a report sent, a screening
/// (SPEC 1.3b). It fulfils the duties of its unit and kind.
public struct ActivityRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .activity(fact) }

  public let id: String
  @CompactInstant public var heldAt: Instant? = nil
  public var kind: String?
  public var unitID: String?
  public var topic: String?

  public init(id: String) { self.id = id }

  public subscript(fact fact: ActivityFact) -> EventValue? {
    get {
      switch fact {
      case .held: return heldAt.map(EventValue.instant)
      case .kindRecorded: return kind.map(EventValue.text)
      case .assigned: return unitID.map(EventValue.text)
      case .topicRecorded: return topic.map(EventValue.text)
      }
    }
    set {
      switch fact {
      case .held: heldAt = newValue?.instant
      case .kindRecorded: kind = newValue?.text
      case .assigned: unitID = newValue?.text
      case .topicRecorded: topic = newValue?.text
      }
    }
  }
}

/// A recurring duty of the register (职责清单): which unit owes which kind of activity, how
/// often, by when, and the clause that says so (SPEC 1.3b, rule duty.periodic).
public struct DutyRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .duty(fact) }

  public let id: String
  public var unitID: String?
  public var kind: String?
  public var period: Period?
  @CompactInt public var byDay: Int? = nil
  public var clause: String?
  @CompactDate public var startsOn: CivilDate? = nil
  @CompactDate public var endsOn: CivilDate? = nil

  public init(id: String) { self.id = id }

  public subscript(fact fact: DutyFact) -> EventValue? {
    get {
      switch fact {
      case .assigned: return unitID.map(EventValue.text)
      case .kindRecorded: return kind.map(EventValue.text)
      case .periodSet: return period.map(EventValue.period)
      case .dueDaySet: return byDay.map(EventValue.integer)
      case .clauseRecorded: return clause.map(EventValue.text)
      case .startsOn: return startsOn.map(EventValue.date)
      case .endsOn: return endsOn.map(EventValue.date)
      }
    }
    set {
      switch fact {
      case .assigned: unitID = newValue?.text
      case .kindRecorded: kind = newValue?.text
      case .periodSet: period = newValue?.period
      case .dueDaySet: byDay = newValue?.integer
      case .clauseRecorded: clause = newValue?.text
      case .startsOn: startsOn = newValue?.date
      case .endsOn: endsOn = newValue?.date
      }
    }
  }
}

/// One date of the working-day calendar as the store records it (SPEC 2.1): its key is the
/// date as `YYYY-MM-DD`.
public struct CalendarDayRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .calendarDay(fact) }

  public let id: String
  public var kind: DayKind?
  public var name: String?

  public init(id: String) { self.id = id }

  /// The date the record is about.
  public var date: CivilDate? { try? TimeParser.date(id) }

  public subscript(fact fact: CalendarFact) -> EventValue? {
    get {
      switch fact {
      case .arranged: return kind.map(EventValue.dayKind)
      case .named: return name.map(EventValue.text)
      }
    }
    set {
      switch fact {
      case .arranged: kind = newValue?.dayKind
      case .named: name = newValue?.text
      }
    }
  }
}
