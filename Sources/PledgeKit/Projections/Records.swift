/// The current state of one record of a source, folded from its events: each fact's latest
/// recorded value. `subscript(fact:)` is the one place that maps a fact to a field; it is an
/// exhaustive switch, so a new fact forces a decision here.
public protocol Record: Sendable {
  associatedtype FactKind: Fact
  var id: String { get }
  init(id: String)
  subscript(fact fact: FactKind) -> EventValue? { get set }
  /// The event kind of one of this record's facts.
  static func eventKind(_ fact: FactKind) -> EventKind
  /// Every start S a rule of the rulebook can give this record (Rulebook.swift says which).
  var possibleStarts: (Instant?, Instant?) { get }
  /// The times by which a report for a period selects this record from a snapshot (kept
  /// when either lies in the period): its possible starts, unless a report also reads the
  /// record for another time (Rulebook.swift).
  var selectionTimes: (Instant?, Instant?) { get }
}

extension Record {
  public var selectionTimes: (Instant?, Instant?) { possibleStarts }
}

/// A 110 call (接处警记录).
public struct CallRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .call(fact) }

  public let id: String
  @CompactInstant public var receivedAt: Instant? = nil
  @CompactInstant public var answeredAt: Instant? = nil
  @CompactInt public var rings: Int? = nil
  @CompactInt public var inquirySeconds: Int? = nil
  public var category: String?
  public var unitID: String?
  public var unitClass: UnitClass?
  public var zone: Zone?
  @CompactInstant public var dispatchedAt: Instant? = nil
  @CompactInstant public var departedAt: Instant? = nil
  @CompactInstant public var arrivedAt: Instant? = nil
  @CompactInstant public var reportedAt: Instant? = nil
  public var operatorID: String?
  public var handlerID: String?
  public var isCancelled: Bool?

  public init(id: String) { self.id = id }

  public subscript(fact fact: CallFact) -> EventValue? {
    get {
      switch fact {
      case .received: return receivedAt.map(EventValue.instant)
      case .answered: return answeredAt.map(EventValue.instant)
      case .ringsCounted: return rings.map(EventValue.integer)
      case .inquiryTimed: return inquirySeconds.map(EventValue.integer)
      case .categorized: return category.map(EventValue.text)
      case .assigned: return unitID.map(EventValue.text)
      case .classStated: return unitClass.map(EventValue.unitClass)
      case .located: return zone.map(EventValue.zone)
      case .dispatched: return dispatchedAt.map(EventValue.instant)
      case .departed: return departedAt.map(EventValue.instant)
      case .arrived: return arrivedAt.map(EventValue.instant)
      case .reported: return reportedAt.map(EventValue.instant)
      case .takenBy: return operatorID.map(EventValue.text)
      case .handledBy: return handlerID.map(EventValue.text)
      case .cancelled: return isCancelled.map(EventValue.flag)
      }
    }
    set {
      switch fact {
      case .received: receivedAt = newValue?.instant
      case .answered: answeredAt = newValue?.instant
      case .ringsCounted: rings = newValue?.integer
      case .inquiryTimed: inquirySeconds = newValue?.integer
      case .categorized: category = newValue?.text
      case .assigned: unitID = newValue?.text
      case .classStated: unitClass = newValue?.unitClass
      case .located: zone = newValue?.zone
      case .dispatched: dispatchedAt = newValue?.instant
      case .departed: departedAt = newValue?.instant
      case .arrived: arrivedAt = newValue?.instant
      case .reported: reportedAt = newValue?.instant
      case .takenBy: operatorID = newValue?.text
      case .handledBy: handlerID = newValue?.text
      case .cancelled: isCancelled = newValue?.flag
      }
    }
  }
}

/// A window, key-person or on-site visit (来访/走访记录).
public struct VisitRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .visit(fact) }

  public let id: String
  @CompactInstant public var startedAt: Instant? = nil
  public var kind: VisitKind?
  @CompactInstant public var endedAt: Instant? = nil
  public var unitID: String?
  public var staffID: String?
  public var subjectID: String?
  public var caseID: String?
  public var matter: Matter?
  @CompactInstant public var dueAt: Instant? = nil

  public init(id: String) { self.id = id }

  public subscript(fact fact: VisitFact) -> EventValue? {
    get {
      switch fact {
      case .started: return startedAt.map(EventValue.instant)
      case .kindRecorded: return kind.map(EventValue.visitKind)
      case .ended: return endedAt.map(EventValue.instant)
      case .assigned: return unitID.map(EventValue.text)
      case .staffed: return staffID.map(EventValue.text)
      case .subjectRecorded: return subjectID.map(EventValue.text)
      case .linked: return caseID.map(EventValue.text)
      case .matterClassified: return matter.map(EventValue.matter)
      case .duePromised: return dueAt.map(EventValue.instant)
      }
    }
    set {
      switch fact {
      case .started: startedAt = newValue?.instant
      case .kindRecorded: kind = newValue?.visitKind
      case .ended: endedAt = newValue?.instant
      case .assigned: unitID = newValue?.text
      case .staffed: staffID = newValue?.text
      case .subjectRecorded: subjectID = newValue?.text
      case .linked: caseID = newValue?.text
      case .matterClassified: matter = newValue?.matter
      case .duePromised: dueAt = newValue?.instant
      }
    }
  }
}

/// A report or pledge-breach complaint (投诉举报记录).
public struct ComplaintRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .complaint(fact) }

  public let id: String
  @CompactInstant public var receivedAt: Instant? = nil
  public var kind: ComplaintKind?
  public var channel: String?
  public var unitID: String?
  public var handlerID: String?
  public var againstUnitID: String?
  public var againstPersonID: String?
  public var inScope: Bool?
  public var isSerious: Bool?
  public var isExplained: Bool?
  @CompactInstant public var onsiteAt: Instant? = nil
  @CompactInstant public var notifiedAt: Instant? = nil
  @CompactInstant public var repliedAt: Instant? = nil
  @CompactInstant public var closedAt: Instant? = nil
  @CompactInstant public var dueAt: Instant? = nil
  public var fine: Money?
  public var summary: String?

  public init(id: String) { self.id = id }

  public subscript(fact fact: ComplaintFact) -> EventValue? {
    get {
      switch fact {
      case .received: return receivedAt.map(EventValue.instant)
      case .kindRecorded: return kind.map(EventValue.complaintKind)
      case .channelRecorded: return channel.map(EventValue.text)
      case .assigned: return unitID.map(EventValue.text)
      case .handlerAssigned: return handlerID.map(EventValue.text)
      case .againstUnit: return againstUnitID.map(EventValue.text)
      case .againstPerson: return againstPersonID.map(EventValue.text)
      case .scopeAssessed: return inScope.map(EventValue.flag)
      case .severityAssessed: return isSerious.map(EventValue.flag)
      case .delayExplained: return isExplained.map(EventValue.flag)
      case .investigatedOnSite: return onsiteAt.map(EventValue.instant)
      case .complainantNotified: return notifiedAt.map(EventValue.instant)
      case .replied: return repliedAt.map(EventValue.instant)
      case .closed: return closedAt.map(EventValue.instant)
      case .duePromised: return dueAt.map(EventValue.instant)
      case .fineDecided: return fine.map(EventValue.money)
      case .summarized: return summary.map(EventValue.text)
      }
    }
    set {
      switch fact {
      case .received: receivedAt = newValue?.instant
      case .kindRecorded: kind = newValue?.complaintKind
      case .channelRecorded: channel = newValue?.text
      case .assigned: unitID = newValue?.text
      case .handlerAssigned: handlerID = newValue?.text
      case .againstUnit: againstUnitID = newValue?.text
      case .againstPerson: againstPersonID = newValue?.text
      case .scopeAssessed: inScope = newValue?.flag
      case .severityAssessed: isSerious = newValue?.flag
      case .delayExplained: isExplained = newValue?.flag
      case .investigatedOnSite: onsiteAt = newValue?.instant
      case .complainantNotified: notifiedAt = newValue?.instant
      case .replied: repliedAt = newValue?.instant
      case .closed: closedAt = newValue?.instant
      case .duePromised: dueAt = newValue?.instant
      case .fineDecided: fine = newValue?.money
      case .summarized: summary = newValue?.text
      }
    }
  }
}

/// A unit of the linkage register (联动单位名册).
public struct UnitRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .unit(fact) }

  public let id: String
  public var isRegistered = false
  public var name: String?
  public var unitClass: UnitClass?
  public var kind: String?
  @CompactInt public var committedMinutes: Int? = nil
  public var parentID: String?

  public init(id: String) { self.id = id }

  public subscript(fact fact: UnitFact) -> EventValue? {
    get {
      switch fact {
      case .registered: return isRegistered ? EventValue.none : nil
      case .named: return name.map(EventValue.text)
      case .classified: return unitClass.map(EventValue.unitClass)
      case .kindRecorded: return kind.map(EventValue.text)
      case .arrivalCommitted: return committedMinutes.map(EventValue.integer)
      case .parentRecorded: return parentID.map(EventValue.text)
      }
    }
    set {
      switch fact {
      case .registered: isRegistered = newValue != nil
      case .named: name = newValue?.text
      case .classified: unitClass = newValue?.unitClass
      case .kindRecorded: kind = newValue?.text
      case .arrivalCommitted: committedMinutes = newValue?.integer
      case .parentRecorded: parentID = newValue?.text
      }
    }
  }
}

/// A key person under care (重点人员名册).
public struct PersonRecord: Record {
  public static func eventKind(_ fact: FactKind) -> EventKind { .person(fact) }

  public let id: String
  @CompactDate public var enrolledOn: CivilDate? = nil
  @CompactDate public var releasedOn: CivilDate? = nil
  public var category: String?
  public var unitID: String?
  public var helperID: String?

  public init(id: String) { self.id = id }

  public subscript(fact fact: PersonFact) -> EventValue? {
    get {
      switch fact {
      case .enrolled: return enrolledOn.map(EventValue.date)
      case .released: return releasedOn.map(EventValue.date)
      case .categorized: return category.map(EventValue.text)
      case .assignedToUnit: return unitID.map(EventValue.text)
      case .helperAssigned: return helperID.map(EventValue.text)
      }
    }
    set {
      switch fact {
      case .enrolled: enrolledOn = newValue?.date
      case .released: releasedOn = newValue?.date
      case .categorized: category = newValue?.text
      case .assignedToUnit: unitID = newValue?.text
      case .helperAssigned: helperID = newValue?.text
      }
    }
  }
}
