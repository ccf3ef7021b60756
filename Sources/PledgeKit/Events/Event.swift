/// Which fact of which source an event records.
public enum EventKind: Hashable, Sendable {
  case call(CallFact)
  case visit(VisitFact)
  case complaint(ComplaintFact)
  case unit(UnitFact)
  case person(PersonFact)

  public var source: Source {
    switch self {
    case .call: return .calls
    case .visit: return .visits
    case .complaint: return .complaints
    case .unit: return .units
    case .person: return .keypersons
    }
  }

  public var name: String {
    switch self {
    case .call(let f): return f.eventName
    case .visit(let f): return f.eventName
    case .complaint(let f): return f.eventName
    case .unit(let f): return f.eventName
    case .person(let f): return f.eventName
    }
  }

  public var valueType: ValueType {
    switch self {
    case .call(let f): return f.valueType
    case .visit(let f): return f.valueType
    case .complaint(let f): return f.valueType
    case .unit(let f): return f.valueType
    case .person(let f): return f.valueType
    }
  }

  public var isBusinessTime: Bool {
    switch self {
    case .call(let f): return f.isBusinessTime
    case .visit(let f): return f.isBusinessTime
    case .complaint(let f): return f.isBusinessTime
    case .unit(let f): return f.isBusinessTime
    case .person(let f): return f.isBusinessTime
    }
  }

  private var factCode: UInt8 {
    switch self {
    case .call(let f): return f.rawValue
    case .visit(let f): return f.rawValue
    case .complaint(let f): return f.rawValue
    case .unit(let f): return f.rawValue
    case .person(let f): return f.rawValue
    }
  }

  /// The one-byte storage code: the source in the top three bits, the fact below.
  public var code: UInt8 { source.rawValue << 5 | factCode }

  public init?(code: UInt8) {
    let factCode = code & 31
    switch Source(rawValue: code >> 5) {
    case .calls?: guard let f = CallFact(rawValue: factCode) else { return nil }; self = .call(f)
    case .visits?: guard let f = VisitFact(rawValue: factCode) else { return nil }; self = .visit(f)
    case .complaints?:
      guard let f = ComplaintFact(rawValue: factCode) else { return nil }
      self = .complaint(f)
    case .units?: guard let f = UnitFact(rawValue: factCode) else { return nil }; self = .unit(f)
    case .keypersons?:
      guard let f = PersonFact(rawValue: factCode) else { return nil }
      self = .person(f)
    case nil: return nil
    }
  }

  public static let all: [EventKind] =
    CallFact.allCases.map(EventKind.call) + VisitFact.allCases.map(EventKind.visit)
    + ComplaintFact.allCases.map(EventKind.complaint) + UnitFact.allCases.map(EventKind.unit)
    + PersonFact.allCases.map(EventKind.person)
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
