/// What a rule may consult besides the record itself: the evaluation instant A, the options,
/// the units register, the calls dispatches serve, the visits that serve other records and
/// the activities that fulfil duties. A class: it is handed to every rule of every record, by
/// reference.
final class RuleContext: @unchecked Sendable {
  let asOf: Instant
  let options: RuleOptions
  let calendar: WorkCalendar
  private let workingHours: WorkingHours
  /// What the rules need of the units register, by unit id (no strings to copy per lookup).
  private let unitIDs: StringIndex
  private let units: [(unitClass: UnitClass?, committedMinutes: Int?)]
  /// Earliest started_at (≤ A) of the onsite visits serving each case id.
  private let onsiteCases: StringIndex
  private let firstOnsiteVisit: [Instant]
  /// started_at (≤ A) of each key person's keyperson visits, sorted.
  private let keypersons: StringIndex
  private let keypersonVisits: [[Instant]]
  /// The calls, for the dispatches that serve them.
  private let calls: RecordTable<CallRecord>
  /// Call ids with at least one record in `dispatches`, whatever A (SPEC §7.34).
  private let dispatchedCalls: StringIndex
  /// held_at (≤ A) of the activities of each unit and kind (`unit \u{1F} kind`), sorted.
  private let activityKeys: StringIndex
  private let activityTimes: [[Instant]]
  /// Where duties without `starts_on` (owed always) are listed from when no period bounds
  /// them (`pledge show`): the store's first business time, so that every period's
  /// obligations are the same whether asked for alone or among all.
  let dutiesOwedFrom: Instant?

  init(projection: Projection, options: RuleOptions, asOf: Instant) {
    self.asOf = asOf
    self.options = options
    calendar = options.calendar(with: projection.calendarDays)
    workingHours = options.workingHours
    var unitIDs = StringIndex()
    var units: [(unitClass: UnitClass?, committedMinutes: Int?)] = []
    for unit in projection.units.records {
      let (index, isNew) = unitIDs.insert(unit.id)
      if isNew { units.append((nil, nil)) }
      units[index] = (unit.unitClass, unit.committedMinutes)
    }
    self.unitIDs = unitIDs
    self.units = units
    // Every visit, also those a report for a period left in the snapshot (read one by one),
    // in shares on every core; the shares' findings are merged (earliest, and all, sorted: the
    // same whatever the order).
    let visits = projection.visits
    let parts = visits.count + (visits.base?.count ?? 0) >= 4096 ? Parallel.cores : 1
    let shares = try! Parallel.map(parts) { part -> (onsite: [(String, Instant)], keyperson: [(String, Instant)]) in
      var onsite: [(String, Instant)] = []
      var keyperson: [(String, Instant)] = []
      visits.forEachRecord(part: part, of: parts) { visit in
        guard let started = visit.startedAt, started <= asOf else { return }
        switch visit.kind {
        case .onsite?: if let caseID = visit.caseID { onsite.append((caseID, started)) }
        case .keyperson?: if let subject = visit.subjectID { keyperson.append((subject, started)) }
        case .window?, nil: break
        }
      }
      return (onsite, keyperson)
    }
    var onsiteCases = StringIndex()
    var firstOnsite: [Instant] = []
    var keypersons = StringIndex()
    var keyperson: [[Instant]] = []
    for share in shares {
      for (caseID, started) in share.onsite {
        let (index, isNew) = onsiteCases.insert(caseID)
        if isNew {
          firstOnsite.append(started)
        } else if started < firstOnsite[index] {
          firstOnsite[index] = started
        }
      }
      for (subject, started) in share.keyperson {
        let (index, isNew) = keypersons.insert(subject)
        if isNew { keyperson.append([]) }
        keyperson[index].append(started)
      }
    }
    for i in keyperson.indices { keyperson[i].sort() }
    self.onsiteCases = onsiteCases
    firstOnsiteVisit = firstOnsite
    self.keypersons = keypersons
    keypersonVisits = keyperson
    calls = projection.calls
    var dispatchedCalls = StringIndex()
    for dispatch in projection.dispatches.records {
      if let callID = dispatch.callID { _ = dispatchedCalls.insert(callID) }
    }
    self.dispatchedCalls = dispatchedCalls
    var activityKeys = StringIndex()
    var activityTimes: [[Instant]] = []
    for activity in projection.activities.records {
      guard let held = activity.heldAt, held <= asOf, let unit = activity.unitID, let kind = activity.kind
      else { continue }
      let (index, isNew) = activityKeys.insert(RuleContext.activityKey(unit: unit, kind: kind))
      if isNew { activityTimes.append([]) }
      activityTimes[index].append(held)
    }
    for i in activityTimes.indices { activityTimes[i].sort() }
    self.activityKeys = activityKeys
    self.activityTimes = activityTimes
    dutiesOwedFrom = projection.earliestBusinessTime
  }

  private static func activityKey(unit: String, kind: String) -> String { unit + "\u{1F}" + kind }

  /// The deadline of a limit started at `start`, with the off-hours allowance when S is off
  /// hours. (Here, where the calendar is a constant of the context, not copied per call.)
  func deadline(of limit: Limit, extra: Int, from start: Instant) throws(CalendarGap) -> Instant {
    if case .minutes(let minutes) = limit, extra == 0 { return start.adding(minutes: minutes) }
    var deadline = try limit.deadline(from: start, calendar: calendar)
    if extra > 0, try workingHours.isOffHours(start, calendar: calendar) {
      deadline = deadline.adding(minutes: extra)
    }
    return deadline
  }

  /// `time` when it happened at or before A, else nil (facts after A are ignored).
  @inline(__always)
  func known(_ time: Instant?) -> Instant? {
    guard let time, time <= asOf else { return nil }
    return time
  }

  /// A dispatch's unit class: the row's own, else the register's (SPEC §7.13).
  func unitClass(stated: UnitClass?, of unitID: String?) -> UnitClass? {
    stated ?? unitID.flatMap { unitIDs.index(of: $0).flatMap { units[$0].unitClass } }
  }

  /// Whether the units register holds `unitID`.
  func isRegistered(_ unitID: String) -> Bool { unitIDs.index(of: unitID) != nil }

  /// The call a dispatch serves, when it exists at A (its start, received_at, at or before A,
  /// SPEC §7.33).
  func call(_ id: String?) -> CallRecord? {
    guard let id, let call = calls[id], let received = call.receivedAt, received <= asOf else { return nil }
    return call
  }

  /// Whether a call has records in `dispatches` (then only they are judged, SPEC §7.34).
  func hasDispatches(_ callID: String) -> Bool {
    dispatchedCalls.count > 0 && dispatchedCalls.index(of: callID) != nil
  }

  /// committed_minutes of a unit, from the register only (SPEC §7.13).
  func committedMinutes(of unitID: String?) -> Int? {
    unitID.flatMap { unitIDs.index(of: $0).flatMap { units[$0].committedMinutes } }
  }

  func isEmergency(_ category: String?) -> Bool {
    guard let category else { return false }
    return options.emergencyMatcher.matches(category)
  }

  /// The first onsite visit serving `caseID`, if made by A.
  func firstOnsiteVisit(serving caseID: String) -> Instant? {
    onsiteCases.index(of: caseID).map { firstOnsiteVisit[$0] }
  }

  /// The earliest keyperson visit of `personID` within `start...end` (and by A).
  func firstKeypersonVisit(of personID: String, from start: Instant, through end: Instant) -> Instant? {
    guard let index = keypersons.index(of: personID) else { return nil }
    return RuleContext.first(in: keypersonVisits[index], from: start, through: end)
  }

  /// The earliest activity of `kind` by `unitID` within `start...end` (and by A).
  func firstActivity(unit unitID: String, kind: String, from start: Instant, through end: Instant) -> Instant? {
    guard let index = activityKeys.index(of: RuleContext.activityKey(unit: unitID, kind: kind)) else { return nil }
    return RuleContext.first(in: activityTimes[index], from: start, through: end)
  }

  /// The first of the sorted `times` within `start...end`.
  private static func first(in times: [Instant], from start: Instant, through end: Instant) -> Instant? {
    var low = 0
    var high = times.count
    while low < high {
      let mid = (low + high) / 2
      if times[mid] < start { low = mid + 1 } else { high = mid }
    }
    guard low < times.count, times[low] <= end else { return nil }
    return times[low]
  }
}
