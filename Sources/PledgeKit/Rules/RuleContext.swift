/// What a rule may consult besides the record itself: the evaluation instant A, the options,
/// the units register, and the visits that serve other records. A class: it is handed to every
/// rule of every record, by reference.
final class RuleContext: @unchecked Sendable {
  let asOf: Instant
  let options: RuleOptions
  private let calendar: WorkCalendar
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

  init(projection: Projection, options: RuleOptions, asOf: Instant) {
    self.asOf = asOf
    self.options = options
    calendar = options.calendar
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
    var onsiteCases = StringIndex()
    var firstOnsite: [Instant] = []
    var keypersons = StringIndex()
    var keyperson: [[Instant]] = []
    for visit in projection.visits.records {
      guard let started = visit.startedAt, started <= asOf else { continue }
      switch visit.kind {
      case .onsite?:
        if let caseID = visit.caseID {
          let (index, isNew) = onsiteCases.insert(caseID)
          if isNew {
            firstOnsite.append(started)
          } else if started < firstOnsite[index] {
            firstOnsite[index] = started
          }
        }
      case .keyperson?:
        if let subject = visit.subjectID {
          let (index, isNew) = keypersons.insert(subject)
          if isNew { keyperson.append([]) }
          keyperson[index].append(started)
        }
      case .window?, nil:
        break
      }
    }
    for i in keyperson.indices { keyperson[i].sort() }
    self.onsiteCases = onsiteCases
    firstOnsiteVisit = firstOnsite
    self.keypersons = keypersons
    keypersonVisits = keyperson
  }

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

  /// The call's unit class: the row's own, else the register's (SPEC §7.13).
  func unitClass(of call: borrowing CallRecord) -> UnitClass? {
    call.unitClass ?? call.unitID.flatMap { unitIDs.index(of: $0).flatMap { units[$0].unitClass } }
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
    let visits = keypersonVisits[index]
    var low = 0
    var high = visits.count
    while low < high {
      let mid = (low + high) / 2
      if visits[mid] < start { low = mid + 1 } else { high = mid }
    }
    guard low < visits.count, visits[low] <= end else { return nil }
    return visits[low]
  }
}

/// What the call rules consult about one call besides the call itself, worked out once per
/// call (several rules ask the same): its unit's class and committed minutes, and whether
/// its category is an emergency.
struct CallFacts {
  /// Not retained: the context outlives every evaluation, and a retain per call would bounce
  /// its reference count between the cores evaluating.
  unowned(unsafe) let context: RuleContext
  /// The row's class, else the register's (SPEC §7.13).
  let unitClass: UnitClass?
  /// From the register only (SPEC §7.13).
  let committedMinutes: Int?
  let isEmergency: Bool

  init(_ call: borrowing CallRecord, _ context: RuleContext) {
    self.init(call, Unmanaged.passUnretained(context))
  }

  /// The same, reading the context without retaining it (once per call on every core).
  init(_ call: borrowing CallRecord, _ context: Unmanaged<RuleContext>) {
    (unitClass, committedMinutes, isEmergency) = context._withUnsafeGuaranteedRef { context in
      (context.unitClass(of: call), context.committedMinutes(of: call.unitID), context.isEmergency(call.category))
    }
    self.context = context.takeUnretainedValue()
  }

  @inline(__always)
  func known(_ time: Instant?) -> Instant? { context.known(time) }
}
