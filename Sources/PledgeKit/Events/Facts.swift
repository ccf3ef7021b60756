/// The kinds of fact one source records. Each case is a domain event in the past tense; its
/// raw value is its storage code within the source. **Never renumber or re-type a case that
/// has been written**: add a new case with a new code instead (EVENT-LOG.md).
public protocol Fact: RawRepresentable<UInt8>, CaseIterable, Sendable, Hashable {
  /// The event's name in `pledge events` and `pledge history`, e.g. `unitArrived`.
  var eventName: String { get }
  var valueType: ValueType { get }
  /// Counts for the default evaluation instant A (SPEC §7.1).
  var isBusinessTime: Bool { get }
  /// An instant fact whose cell may also be a plain date, meaning 00:00:00 (SPEC 1.3b
  /// `held_at`).
  var acceptsPlainDate: Bool { get }
}

extension Fact {
  public var acceptsPlainDate: Bool { false }
}

/// Facts of a 110 call record (接处警记录).
public enum CallFact: UInt8, Fact {
  case received = 1, answered, ringsCounted, inquiryTimed, categorized, assigned, classStated,
    located, dispatched, departed, arrived, reported, takenBy, handledBy, cancelled

  public var eventName: String {
    switch self {
    case .received: return "callReceived"
    case .answered: return "callAnswered"
    case .ringsCounted: return "callRingsCounted"
    case .inquiryTimed: return "callInquiryTimed"
    case .categorized: return "callCategorized"
    case .assigned: return "callAssignedToUnit"
    case .classStated: return "callUnitClassStated"
    case .located: return "callLocated"
    case .dispatched: return "callDispatched"
    case .departed: return "unitDeparted"
    case .arrived: return "unitArrived"
    case .reported: return "resultReported"
    case .takenBy: return "callTakenBy"
    case .handledBy: return "callHandledBy"
    case .cancelled: return "dispatchCancelled"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .received, .answered, .dispatched, .departed, .arrived, .reported: return .instant
    case .ringsCounted, .inquiryTimed: return .integer
    case .categorized, .assigned, .takenBy, .handledBy: return .text
    case .classStated: return .unitClass
    case .located: return .zone
    case .cancelled: return .flag
    }
  }

  public var isBusinessTime: Bool { valueType == .instant }
}

/// Facts of a visit record (来访/走访记录).
public enum VisitFact: UInt8, Fact {
  case started = 1, kindRecorded, ended, assigned, staffed, subjectRecorded, linked,
    matterClassified, duePromised

  public var eventName: String {
    switch self {
    case .started: return "visitStarted"
    case .kindRecorded: return "visitKindRecorded"
    case .ended: return "visitEnded"
    case .assigned: return "visitAssignedToUnit"
    case .staffed: return "visitStaffed"
    case .subjectRecorded: return "visitSubjectRecorded"
    case .linked: return "visitLinkedToCase"
    case .matterClassified: return "visitMatterClassified"
    case .duePromised: return "visitDuePromised"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .started, .ended, .duePromised: return .instant
    case .kindRecorded: return .visitKind
    case .assigned, .staffed, .subjectRecorded, .linked: return .text
    case .matterClassified: return .matter
    }
  }

  /// due_at is a promise, not a fact (SPEC §7.1, §7.2).
  public var isBusinessTime: Bool { self == .started || self == .ended }
}

/// Facts of a complaint record (投诉举报记录).
public enum ComplaintFact: UInt8, Fact {
  case received = 1, kindRecorded, channelRecorded, assigned, handlerAssigned, againstUnit,
    againstPerson, scopeAssessed, severityAssessed, delayExplained, investigatedOnSite,
    complainantNotified, replied, closed, duePromised, fineDecided, summarized

  public var eventName: String {
    switch self {
    case .received: return "complaintReceived"
    case .kindRecorded: return "complaintKindRecorded"
    case .channelRecorded: return "complaintChannelRecorded"
    case .assigned: return "complaintAssignedToUnit"
    case .handlerAssigned: return "complaintHandlerAssigned"
    case .againstUnit: return "complaintAgainstUnitRecorded"
    case .againstPerson: return "complaintAgainstPersonRecorded"
    case .scopeAssessed: return "complaintScopeAssessed"
    case .severityAssessed: return "complaintSeverityAssessed"
    case .delayExplained: return "complaintDelayExplained"
    case .investigatedOnSite: return "complaintInvestigatedOnSite"
    case .complainantNotified: return "complainantNotified"
    case .replied: return "complaintReplied"
    case .closed: return "complaintClosed"
    case .duePromised: return "complaintDuePromised"
    case .fineDecided: return "fineDecided"
    case .summarized: return "complaintSummarized"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .received, .investigatedOnSite, .complainantNotified, .replied, .closed, .duePromised:
      return .instant
    case .kindRecorded: return .complaintKind
    case .channelRecorded, .assigned, .handlerAssigned, .againstUnit, .againstPerson, .summarized:
      return .text
    case .scopeAssessed, .severityAssessed, .delayExplained: return .flag
    case .fineDecided: return .money
    }
  }

  public var isBusinessTime: Bool { valueType == .instant && self != .duePromised }
}

/// Facts of the units register (联动单位名册). The register never counts for A.
public enum UnitFact: UInt8, Fact {
  case registered = 1, named, classified, kindRecorded, arrivalCommitted, parentRecorded

  public var eventName: String {
    switch self {
    case .registered: return "unitRegistered"
    case .named: return "unitNamed"
    case .classified: return "unitClassified"
    case .kindRecorded: return "unitKindRecorded"
    case .arrivalCommitted: return "unitArrivalTimeCommitted"
    case .parentRecorded: return "unitParentRecorded"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .registered: return .none
    case .named, .kindRecorded, .parentRecorded: return .text
    case .classified: return .unitClass
    case .arrivalCommitted: return .integer
    }
  }

  public var isBusinessTime: Bool { false }
}

/// Facts of the key-person register (重点人员名册).
public enum PersonFact: UInt8, Fact {
  case enrolled = 1, released, categorized, assignedToUnit, helperAssigned

  public var eventName: String {
    switch self {
    case .enrolled: return "keyPersonEnrolled"
    case .released: return "keyPersonReleased"
    case .categorized: return "keyPersonCategorized"
    case .assignedToUnit: return "keyPersonAssignedToUnit"
    case .helperAssigned: return "keyPersonHelperAssigned"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .enrolled, .released: return .date
    case .categorized, .assignedToUnit, .helperAssigned: return .text
    }
  }

  public var isBusinessTime: Bool { self == .enrolled || self == .released }
}

/// Facts of a dispatch order (处警记录, 派警单): one unit sent to one call (SPEC 1.3a).
public enum DispatchFact: UInt8, Fact {
  case dispatched = 1, linkedToCall, assigned, classStated, located, departed, arrived, reported,
    handledBy, cancelled

  public var eventName: String {
    switch self {
    case .dispatched: return "dispatchIssued"
    case .linkedToCall: return "dispatchLinkedToCall"
    case .assigned: return "dispatchAssignedToUnit"
    case .classStated: return "dispatchUnitClassStated"
    case .located: return "dispatchLocated"
    case .departed: return "dispatchUnitDeparted"
    case .arrived: return "dispatchUnitArrived"
    case .reported: return "dispatchResultReported"
    case .handledBy: return "dispatchHandledBy"
    case .cancelled: return "dispatchWithdrawn"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .dispatched, .departed, .arrived, .reported: return .instant
    case .linkedToCall, .assigned, .handledBy: return .text
    case .classStated: return .unitClass
    case .located: return .zone
    case .cancelled: return .flag
    }
  }

  public var isBusinessTime: Bool { valueType == .instant }
}

/// Facts of the work ledger (工作台账): an activity a unit held (SPEC 1.3b).
public enum ActivityFact: UInt8, Fact {
  case held = 1, kindRecorded, assigned, topicRecorded

  public var eventName: String {
    switch self {
    case .held: return "activityHeld"
    case .kindRecorded: return "activityKindRecorded"
    case .assigned: return "activityUnitRecorded"
    case .topicRecorded: return "activityTopicRecorded"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .held: return .instant
    case .kindRecorded, .assigned, .topicRecorded: return .text
    }
  }

  public var isBusinessTime: Bool { self == .held }
  public var acceptsPlainDate: Bool { self == .held }
}

/// Facts of the register of recurring duties (职责清单, SPEC 1.3b). A register: never counts
/// for A.
public enum DutyFact: UInt8, Fact {
  case assigned = 1, kindRecorded, periodSet, dueDaySet, clauseRecorded, startsOn, endsOn

  public var eventName: String {
    switch self {
    case .assigned: return "dutyAssignedToUnit"
    case .kindRecorded: return "dutyActivityKindRecorded"
    case .periodSet: return "dutyPeriodSet"
    case .dueDaySet: return "dutyDueDaySet"
    case .clauseRecorded: return "dutyClauseRecorded"
    case .startsOn: return "dutyStartsOn"
    case .endsOn: return "dutyEndsOn"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .assigned, .kindRecorded, .clauseRecorded: return .text
    case .periodSet: return .period
    case .dueDaySet: return .integer
    case .startsOn, .endsOn: return .date
    }
  }

  public var isBusinessTime: Bool { false }
}

/// Facts of the working-day calendar (SPEC 2.1): the State Council's arrangement for one date.
/// Never counts for A (§7.36).
public enum CalendarFact: UInt8, Fact {
  case arranged = 1, named

  public var eventName: String {
    switch self {
    case .arranged: return "calendarDayArranged"
    case .named: return "calendarDayNamed"
    }
  }

  public var valueType: ValueType {
    switch self {
    case .arranged: return .dayKind
    case .named: return .text
    }
  }

  public var isBusinessTime: Bool { false }
}
