/// The current state of everything the log records: every call, visit, complaint, unit and
/// key person, folded from the events in order.
///
/// `apply` is a pure fold step: no I/O, no clock, no validation; the same events in the same
/// order always give the same state.
public struct Projection: Sendable {
  public var calls = RecordTable<CallRecord>()
  public var visits = RecordTable<VisitRecord>()
  public var complaints = RecordTable<ComplaintRecord>()
  public var units = RecordTable<UnitRecord>()
  public var persons = RecordTable<PersonRecord>()
  /// The latest business time of any fact, superseded values included (SPEC §7.1): the
  /// default evaluation instant A.
  public private(set) var latestBusinessTime: Instant?
  /// The last batch folded in.
  public private(set) var batch = 0
  public private(set) var eventCount = 0

  public init() {}

  public mutating func apply(_ recorded: RecordedEvent) {
    let event = recorded.event
    batch = recorded.batch
    eventCount += 1
    let id = event.recordID
    let value = event.value
    switch event.kind {
    case .call(let fact): calls.update(id) { $0[fact: fact] = value }
    case .visit(let fact): visits.update(id) { $0[fact: fact] = value }
    case .complaint(let fact): complaints.update(id) { $0[fact: fact] = value }
    case .unit(let fact): units.update(id) { $0[fact: fact] = value }
    case .person(let fact): persons.update(id) { $0[fact: fact] = value }
    }
    if event.kind.isBusinessTime, let time = value.timeOrdinal,
      latestBusinessTime.map({ time > $0 }) ?? true
    {
      latestBusinessTime = time
    }
  }

  /// The projection of a whole store, or of its batches 1…N.
  public static func replaying(_ store: any EventStore, through batch: Int? = nil) throws -> Projection {
    var projection = Projection()
    try store.replay(through: batch, sources: nil) { projection.apply($0) }
    return projection
  }
}
