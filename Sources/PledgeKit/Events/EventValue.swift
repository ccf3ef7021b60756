/// The type of the value a fact carries; decides how a cell is parsed and how the value is
/// stored. The raw values are storage codes.
public enum ValueType: UInt8, Sendable {
  case none = 0, instant, date, integer, text, flag, money, unitClass, zone, visitKind, matter,
    complaintKind, period, dayKind
}

/// The value of one fact.
public enum EventValue: Hashable, Sendable {
  /// The fact itself is the information (a unit was registered).
  case none
  case instant(Instant)
  case date(CivilDate)
  case integer(Int)
  case text(String)
  case flag(Bool)
  case money(Money)
  case unitClass(UnitClass)
  case zone(Zone)
  case visitKind(VisitKind)
  case matter(Matter)
  case complaintKind(ComplaintKind)
  case period(Period)
  case dayKind(DayKind)

  public var type: ValueType {
    switch self {
    case .none: return .none
    case .instant: return .instant
    case .date: return .date
    case .integer: return .integer
    case .text: return .text
    case .flag: return .flag
    case .money: return .money
    case .unitClass: return .unitClass
    case .zone: return .zone
    case .visitKind: return .visitKind
    case .matter: return .matter
    case .complaintKind: return .complaintKind
    case .period: return .period
    case .dayKind: return .dayKind
    }
  }

  /// Values are equal when they are the same value; texts when they have the same bytes
  /// (SPEC 6: a value that differs only in Unicode normalisation is a different value).
  public static func == (a: EventValue, b: EventValue) -> Bool {
    guard a.type == b.type else { return false }
    if case .text(let x) = a, case .text(let y) = b { return sameBytes(x, y) }
    return a.scalar == b.scalar
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(type)
    if case .text(let v) = self { hasher.combine(ByteKey(v)) } else { hasher.combine(scalar) }
  }

  /// Every value but a text as one number (its storage value), for comparing.
  private var scalar: Int64 {
    switch self {
    case .none, .text: return 0
    case .instant(let v): return v.secondsSinceEpoch
    case .date(let v): return Int64(v.dayNumber)
    case .integer(let v): return Int64(v)
    case .flag(let v): return v ? 1 : 0
    case .money(let v): return v.fen
    case .unitClass(let v): return Int64(v.rawValue)
    case .zone(let v): return Int64(v.rawValue)
    case .visitKind(let v): return Int64(v.rawValue)
    case .matter(let v): return Int64(v.rawValue)
    case .complaintKind(let v): return Int64(v.rawValue)
    case .period(let v): return Int64(v.rawValue)
    case .dayKind(let v): return Int64(v.rawValue)
    }
  }

  public var instant: Instant? { if case .instant(let v) = self { return v } else { return nil } }
  public var date: CivilDate? { if case .date(let v) = self { return v } else { return nil } }
  public var integer: Int? { if case .integer(let v) = self { return v } else { return nil } }
  public var text: String? { if case .text(let v) = self { return v } else { return nil } }
  public var flag: Bool? { if case .flag(let v) = self { return v } else { return nil } }
  public var money: Money? { if case .money(let v) = self { return v } else { return nil } }
  public var unitClass: UnitClass? {
    if case .unitClass(let v) = self { return v } else { return nil }
  }
  public var zone: Zone? { if case .zone(let v) = self { return v } else { return nil } }
  public var visitKind: VisitKind? {
    if case .visitKind(let v) = self { return v } else { return nil }
  }
  public var matter: Matter? { if case .matter(let v) = self { return v } else { return nil } }
  public var complaintKind: ComplaintKind? {
    if case .complaintKind(let v) = self { return v } else { return nil }
  }
  public var period: Period? { if case .period(let v) = self { return v } else { return nil } }
  public var dayKind: DayKind? { if case .dayKind(let v) = self { return v } else { return nil } }

  /// The instant a time-like value stands for, for ordering checks: a date counts as 00:00:00.
  var timeOrdinal: Instant? {
    switch self {
    case .instant(let v): return v
    case .date(let v): return v.start
    default: return nil
    }
  }

  /// The value as text, the way reports and `pledge history` show it.
  public var displayText: String {
    switch self {
    case .none: return ""
    case .instant(let v): return v.description
    case .date(let v): return v.description
    case .integer(let v): return String(v)
    case .text(let v): return v
    case .flag(let v): return v ? "yes" : "no"
    case .money(let v): return v.description
    case .unitClass(let v): return v.word
    case .zone(let v): return v.word
    case .visitKind(let v): return v.word
    case .matter(let v): return v.word
    case .complaintKind(let v): return v.word
    case .period(let v): return v.word
    case .dayKind(let v): return v.word
    }
  }
}
