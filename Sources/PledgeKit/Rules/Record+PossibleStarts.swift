// Every start S the rules of the rulebook can give a record (their "start" column). Evaluating one
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
