/// Which fact of which source an event records.
public enum EventKind: Hashable, Sendable {
  case call(CallFact)
  case visit(VisitFact)
  case complaint(ComplaintFact)
  case unit(UnitFact)
  case person(PersonFact)
  case dispatch(DispatchFact)
  case activity(ActivityFact)
  case duty(DutyFact)
  case calendarDay(CalendarFact)

  public var source: Source {
    switch self {
    case .call: return .calls
    case .visit: return .visits
    case .complaint: return .complaints
    case .unit: return .units
    case .person: return .keypersons
    case .dispatch: return .dispatches
    case .activity: return .activities
    case .duty: return .duties
    case .calendarDay: return .calendar
    }
  }

  public var name: String {
    switch self {
    case .call(let f): return f.eventName
    case .visit(let f): return f.eventName
    case .complaint(let f): return f.eventName
    case .unit(let f): return f.eventName
    case .person(let f): return f.eventName
    case .dispatch(let f): return f.eventName
    case .activity(let f): return f.eventName
    case .duty(let f): return f.eventName
    case .calendarDay(let f): return f.eventName
    }
  }

  public var valueType: ValueType {
    switch self {
    case .call(let f): return f.valueType
    case .visit(let f): return f.valueType
    case .complaint(let f): return f.valueType
    case .unit(let f): return f.valueType
    case .person(let f): return f.valueType
    case .dispatch(let f): return f.valueType
    case .activity(let f): return f.valueType
    case .duty(let f): return f.valueType
    case .calendarDay(let f): return f.valueType
    }
  }

  public var isBusinessTime: Bool {
    switch self {
    case .call(let f): return f.isBusinessTime
    case .visit(let f): return f.isBusinessTime
    case .complaint(let f): return f.isBusinessTime
    case .unit(let f): return f.isBusinessTime
    case .person(let f): return f.isBusinessTime
    case .dispatch(let f): return f.isBusinessTime
    case .activity(let f): return f.isBusinessTime
    case .duty(let f): return f.isBusinessTime
    case .calendarDay(let f): return f.isBusinessTime
    }
  }

  private var factCode: UInt8 {
    switch self {
    case .call(let f): return f.rawValue
    case .visit(let f): return f.rawValue
    case .complaint(let f): return f.rawValue
    case .unit(let f): return f.rawValue
    case .person(let f): return f.rawValue
    case .dispatch(let f): return f.rawValue
    case .activity(let f): return f.rawValue
    case .duty(let f): return f.rawValue
    case .calendarDay(let f): return f.rawValue
    }
  }

  /// The storage code: the source above the low five bits, the fact in them. Codes below 256
  /// (sources 0–7) are written as one byte; larger ones as the escape byte 0 followed by the
  /// source and the fact (EVENT-LOG.md, version 2).
  public var code: UInt16 { UInt16(source.rawValue) << 5 | UInt16(factCode) }

  /// Every code a kind can have: the size of a table indexed by code.
  static let codeCount = Source.allCases.count << 5

  public init?(code: UInt16) {
    let factCode = UInt8(code & 31)
    guard code >> 5 <= UInt8.max, let source = Source(rawValue: UInt8(code >> 5)) else { return nil }
    switch source {
    case .calls: guard let f = CallFact(rawValue: factCode) else { return nil }; self = .call(f)
    case .visits: guard let f = VisitFact(rawValue: factCode) else { return nil }; self = .visit(f)
    case .complaints:
      guard let f = ComplaintFact(rawValue: factCode) else { return nil }
      self = .complaint(f)
    case .units: guard let f = UnitFact(rawValue: factCode) else { return nil }; self = .unit(f)
    case .keypersons:
      guard let f = PersonFact(rawValue: factCode) else { return nil }
      self = .person(f)
    case .dispatches:
      guard let f = DispatchFact(rawValue: factCode) else { return nil }
      self = .dispatch(f)
    case .activities:
      guard let f = ActivityFact(rawValue: factCode) else { return nil }
      self = .activity(f)
    case .duties: guard let f = DutyFact(rawValue: factCode) else { return nil }; self = .duty(f)
    case .calendar:
      guard let f = CalendarFact(rawValue: factCode) else { return nil }
      self = .calendarDay(f)
    }
  }

  public static let all: [EventKind] =
    CallFact.allCases.map(EventKind.call) + VisitFact.allCases.map(EventKind.visit)
    + ComplaintFact.allCases.map(EventKind.complaint) + UnitFact.allCases.map(EventKind.unit)
    + PersonFact.allCases.map(EventKind.person) + DispatchFact.allCases.map(EventKind.dispatch)
    + ActivityFact.allCases.map(EventKind.activity) + DutyFact.allCases.map(EventKind.duty)
    + CalendarFact.allCases.map(EventKind.calendarDay)
}

/// One domain fact: what happened (kind), to which record (the source's natural key), and the
/// value (usually the business time it happened).
public struct Event: Hashable, Sendable {
  public let kind: EventKind
  public let recordID: String
  public let value: EventValue

  public init(_ kind: EventKind, _ recordID: String, _ value: EventValue) {
    self.kind = kind
    self.recordID = recordID
    self.value = value
  }
}

/// An event as stored: the fact, the batch that recorded it, where in the batch's file it came
/// from, and whether it corrects a different value recorded before.
public struct RecordedEvent: Sendable {
  public let event: Event
  public let batch: Int
  /// The line of the source file where the row starts.
  public let line: Int
  public let isCorrection: Bool

  public init(event: Event, batch: Int, line: Int, isCorrection: Bool) {
    self.event = event
    self.batch = batch
    self.line = line
    self.isCorrection = isCorrection
  }
}
