/// The current state of everything the log records: every call, dispatch, visit, complaint,
/// activity, unit, key person, duty and calendar date, folded from the events in order.
///
/// `apply` is a pure fold step: no I/O, no clock, no validation; the same events in the same
/// order always give the same state.
public struct Projection: Sendable {
  public var calls = RecordTable<CallRecord>()
  public var visits = RecordTable<VisitRecord>()
  public var complaints = RecordTable<ComplaintRecord>()
  public var units = RecordTable<UnitRecord>()
  public var persons = RecordTable<PersonRecord>()
  public var dispatches = RecordTable<DispatchRecord>()
  public var activities = RecordTable<ActivityRecord>()
  public var duties = RecordTable<DutyRecord>()
  public var calendarDays = RecordTable<CalendarDayRecord>()
  /// The latest business time of any fact, superseded values included (SPEC §7.1): the
  /// default evaluation instant A.
  public private(set) var latestBusinessTime: Instant?
  /// The earliest business time of any fact (the first period owed by a duty without a
  /// start, when nothing else bounds it).
  public private(set) var earliestBusinessTime: Instant?
  /// The last batch folded in.
  public private(set) var batch = 0
  public private(set) var eventCount = 0
  /// For each source read from a snapshot of the cache, the batch that snapshot was folded
  /// through (the batches after it were replayed from the log). Sources not listed were
  /// folded from the log alone.
  public internal(set) var snapshotBatches: [Source: Int] = [:]

  public init() {}

  public mutating func apply(_ recorded: RecordedEvent) {
    let event = recorded.event
    let id = event.recordID
    let value = event.value
    switch event.kind {
    case .call(let fact): calls.update(id) { $0[fact: fact] = value }
    case .visit(let fact): visits.update(id) { $0[fact: fact] = value }
    case .complaint(let fact): complaints.update(id) { $0[fact: fact] = value }
    case .unit(let fact): units.update(id) { $0[fact: fact] = value }
    case .person(let fact): persons.update(id) { $0[fact: fact] = value }
    case .dispatch(let fact): dispatches.update(id) { $0[fact: fact] = value }
    case .activity(let fact): activities.update(id) { $0[fact: fact] = value }
    case .duty(let fact): duties.update(id) { $0[fact: fact] = value }
    case .calendarDay(let fact): calendarDays.update(id) { $0[fact: fact] = value }
    }
    let time = event.kind.isBusinessTime ? value.timeOrdinal : nil
    account(batch: recorded.batch, events: 1, earliestBusinessTime: time, latestBusinessTime: time)
  }

  /// Counts folded events: the batch they came from and the latest business time among them.
  /// (Ingest folds a row's facts into its record directly and accounts for them here.)
  mutating func account(
    batch: Int, events: Int, earliestBusinessTime earliest: Instant?, latestBusinessTime time: Instant?
  ) {
    if let earliest, earliestBusinessTime.map({ earliest < $0 }) ?? true { earliestBusinessTime = earliest }
    self.batch = batch
    eventCount += events
    if let time, latestBusinessTime.map({ time > $0 }) ?? true { latestBusinessTime = time }
  }

  /// Folds in a projection of the events that came after this one's: every value it recorded
  /// replaces this one's, records new to it are added in its order. The result is what a
  /// single fold over both stretches of events gives.
  mutating func merge(_ later: Projection) {
    calls.merge(later.calls)
    visits.merge(later.visits)
    complaints.merge(later.complaints)
    units.merge(later.units)
    persons.merge(later.persons)
    dispatches.merge(later.dispatches)
    activities.merge(later.activities)
    duties.merge(later.duties)
    calendarDays.merge(later.calendarDays)
    if later.eventCount > 0 {
      account(
        batch: later.batch, events: later.eventCount, earliestBusinessTime: later.earliestBusinessTime,
        latestBusinessTime: later.latestBusinessTime)
    }
  }

  /// Takes over the records of one source from a projection of that source alone.
  mutating func absorb(_ part: Projection, source: Source) {
    switch source {
    case .calls: calls = part.calls
    case .visits: visits = part.visits
    case .complaints: complaints = part.complaints
    case .units: units = part.units
    case .keypersons: persons = part.persons
    case .dispatches: dispatches = part.dispatches
    case .activities: activities = part.activities
    case .duties: duties = part.duties
    case .calendar: calendarDays = part.calendarDays
    }
    if let batch = part.snapshotBatches[source] { snapshotBatches[source] = batch }
    account(
      batch: batch, events: part.eventCount, earliestBusinessTime: part.earliestBusinessTime,
      latestBusinessTime: part.latestBusinessTime)
  }

  /// Records that the projection stands for the store's batches 1…`number`.
  mutating func setBatch(_ number: Int) { batch = number }

  /// The projection of a whole store, or of its batches 1…N (from the store's cache when it
  /// has one).
  public static func replaying(
    _ store: any EventStore, through batch: Int? = nil, materializing: Materialization = .everything
  ) throws -> Projection {
    if let file = store as? FileEventStore {
      return try file.projection(through: batch, materializing: materializing)
    }
    var projection = Projection()
    projection.reserveCapacity(for: store.batches.prefix(batch ?? store.batches.count))
    try store.fold(through: batch, sources: nil, into: &projection)
    projection.setBatch(batch ?? store.batches.count)
    return projection
  }

  /// Makes room for the records `batches` can hold (their accepted rows bound the records), so
  /// a replay never grows its tables.
  public mutating func reserveCapacity<S: Sequence<BatchInfo>>(for batches: S) {
    var rows = [Int](repeating: 0, count: Source.allCases.count)
    for batch in batches { rows[Int(batch.provenance.source.rawValue)] += batch.counts.rowsAccepted }
    calls.reserveCapacity(calls.count + rows[Int(Source.calls.rawValue)])
    visits.reserveCapacity(visits.count + rows[Int(Source.visits.rawValue)])
    complaints.reserveCapacity(complaints.count + rows[Int(Source.complaints.rawValue)])
    units.reserveCapacity(units.count + rows[Int(Source.units.rawValue)])
    persons.reserveCapacity(persons.count + rows[Int(Source.keypersons.rawValue)])
    dispatches.reserveCapacity(dispatches.count + rows[Int(Source.dispatches.rawValue)])
    activities.reserveCapacity(activities.count + rows[Int(Source.activities.rawValue)])
    duties.reserveCapacity(duties.count + rows[Int(Source.duties.rawValue)])
    calendarDays.reserveCapacity(calendarDays.count + rows[Int(Source.calendar.rawValue)])
  }
}
