/// A dispatch order (处警记录, 派警单): one linkage unit sent to one call (SPEC 1.3a). Its
/// departure and arrival are the unit's own pledges, judged by the clocked call rules.
public struct DispatchRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .dispatch(fact) }

  public let id: String
  @CompactInstant public var dispatchedAt: Instant? = nil
  /// The call it serves (a separate key space: a dispatch may carry its call's id).
  public var callID: String?
  public var unitID: String?
  public var unitClass: UnitClass?
  public var zone: Zone?
  @CompactInstant public var departedAt: Instant? = nil
  @CompactInstant public var arrivedAt: Instant? = nil
  @CompactInstant public var reportedAt: Instant? = nil
  public var handlerID: String?
  public var isCancelled: Bool?

  public init(id: String) { self.id = id }

  public subscript(fact fact: DispatchFact) -> EventValue? {
    get {
      switch fact {
      case .dispatched: return dispatchedAt.map(EventValue.instant)
      case .linkedToCall: return callID.map(EventValue.text)
      case .assigned: return unitID.map(EventValue.text)
      case .classStated: return unitClass.map(EventValue.unitClass)
      case .located: return zone.map(EventValue.zone)
      case .departed: return departedAt.map(EventValue.instant)
      case .arrived: return arrivedAt.map(EventValue.instant)
      case .reported: return reportedAt.map(EventValue.instant)
      case .handledBy: return handlerID.map(EventValue.text)
      case .cancelled: return isCancelled.map(EventValue.flag)
      }
    }
    set {
      switch fact {
      case .dispatched: dispatchedAt = newValue?.instant
      case .linkedToCall: callID = newValue?.text
      case .assigned: unitID = newValue?.text
      case .classStated: unitClass = newValue?.unitClass
      case .located: zone = newValue?.zone
      case .departed: departedAt = newValue?.instant
      case .arrived: arrivedAt = newValue?.instant
      case .reported: reportedAt = newValue?.instant
      case .handledBy: handlerID = newValue?.text
      case .cancelled: isCancelled = newValue?.flag
      }
    }
  }
}

extension Projection {
  /// The records of `dispatches` that serve call `callID` (its id compared byte for byte), in
  /// table order.
  public func dispatches(ofCall callID: String) -> [DispatchRecord] {
    dispatches.records.filter { $0.callID.map { sameBytes($0, callID) } ?? false }
  }
}
