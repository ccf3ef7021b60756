import Foundation
import Testing

@testable import PledgeKit

/// The rulebook's tests (SPEC 2, 3, §7), mirroring `Sources/PledgeKit/Rules/`.
@Suite enum Rules {}

/// The projection's tests, mirroring `Sources/PledgeKit/Projections/`: the fold, and the path
/// from ingested CSV text to obligations.
@Suite enum Projections {}

/// An instant of China Standard Time; the fields must name a real instant.
func cst(
  _ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0
) -> Instant {
  Instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!
}

/// A civil date; the fields must name a real day.
func civil(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
  CivilDate(year: year, month: month, day: day)!
}

/// Builds records as the facts ingest would record, folds them, and evaluates the rulebook:
/// the bench the rule-boundary tests stand on.
enum RuleBench {
  // MARK: Records as facts

  /// A 110 call. Only the values given become facts.
  static func call(
    _ id: String, received: Instant, answered: Instant? = nil, rings: Int? = nil,
    inquirySeconds: Int? = nil,
    category: String? = nil, unit: String? = nil, unitClass: UnitClass? = nil, zone: Zone? = nil,
    dispatched: Instant? = nil, departed: Instant? = nil, arrived: Instant? = nil,
    reported: Instant? = nil, operatorID: String? = nil, handler: String? = nil,
    cancelled: Bool? = nil
  ) -> [Event] {
    let facts: [(CallFact, EventValue?)] = [
      (.received, .instant(received)), (.answered, answered.map(EventValue.instant)),
      (.ringsCounted, rings.map(EventValue.integer)),
      (.inquiryTimed, inquirySeconds.map(EventValue.integer)),
      (.categorized, category.map(EventValue.text)), (.assigned, unit.map(EventValue.text)),
      (.classStated, unitClass.map(EventValue.unitClass)), (.located, zone.map(EventValue.zone)),
      (.dispatched, dispatched.map(EventValue.instant)),
      (.departed, departed.map(EventValue.instant)), (.arrived, arrived.map(EventValue.instant)),
      (.reported, reported.map(EventValue.instant)),
      (.takenBy, operatorID.map(EventValue.text)), (.handledBy, handler.map(EventValue.text)),
      (.cancelled, cancelled.map(EventValue.flag)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.call(fact), id, $0) } }
  }

  /// A window, key-person or on-site visit.
  static func visit(
    _ id: String, kind: VisitKind, started: Instant, ended: Instant? = nil, unit: String? = nil,
    staff: String? = nil, subject: String? = nil, caseID: String? = nil, matter: Matter? = nil,
    due: Instant? = nil
  ) -> [Event] {
    let facts: [(VisitFact, EventValue?)] = [
      (.started, .instant(started)), (.kindRecorded, .visitKind(kind)),
      (.ended, ended.map(EventValue.instant)), (.assigned, unit.map(EventValue.text)),
      (.staffed, staff.map(EventValue.text)), (.subjectRecorded, subject.map(EventValue.text)),
      (.linked, caseID.map(EventValue.text)), (.matterClassified, matter.map(EventValue.matter)),
      (.duePromised, due.map(EventValue.instant)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.visit(fact), id, $0) } }
  }

  /// A report or pledge-breach complaint.
  static func complaint(
    _ id: String, kind: ComplaintKind, received: Instant, unit: String? = nil,
    handler: String? = nil, inScope: Bool? = nil, serious: Bool? = nil, explained: Bool? = nil,
    onsite: Instant? = nil, notified: Instant? = nil, replied: Instant? = nil,
    closed: Instant? = nil, due: Instant? = nil, fine: Money? = nil
  ) -> [Event] {
    let facts: [(ComplaintFact, EventValue?)] = [
      (.received, .instant(received)), (.kindRecorded, .complaintKind(kind)),
      (.assigned, unit.map(EventValue.text)), (.handlerAssigned, handler.map(EventValue.text)),
      (.scopeAssessed, inScope.map(EventValue.flag)),
      (.severityAssessed, serious.map(EventValue.flag)),
      (.delayExplained, explained.map(EventValue.flag)),
      (.investigatedOnSite, onsite.map(EventValue.instant)),
      (.complainantNotified, notified.map(EventValue.instant)),
      (.replied, replied.map(EventValue.instant)), (.closed, closed.map(EventValue.instant)),
      (.duePromised, due.map(EventValue.instant)), (.fineDecided, fine.map(EventValue.money)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.complaint(fact), id, $0) } }
  }

  /// A unit of the linkage register.
  static func unit(_ id: String, unitClass: UnitClass? = nil, committedMinutes: Int? = nil)
    -> [Event]
  {
    let facts: [(UnitFact, EventValue?)] = [
      (.registered, EventValue.none), (.classified, unitClass.map(EventValue.unitClass)),
      (.arrivalCommitted, committedMinutes.map(EventValue.integer)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.unit(fact), id, $0) } }
  }

  /// A dispatch order: one unit sent to call `callID`.
  static func dispatch(
    _ id: String, call callID: String, dispatched: Instant, unit: String? = nil,
    unitClass: UnitClass? = nil, zone: Zone? = nil, departed: Instant? = nil,
    arrived: Instant? = nil, reported: Instant? = nil, handler: String? = nil,
    cancelled: Bool? = nil
  ) -> [Event] {
    let facts: [(DispatchFact, EventValue?)] = [
      (.linkedToCall, .text(callID)), (.dispatched, .instant(dispatched)),
      (.assigned, unit.map(EventValue.text)), (.classStated, unitClass.map(EventValue.unitClass)),
      (.located, zone.map(EventValue.zone)), (.departed, departed.map(EventValue.instant)),
      (.arrived, arrived.map(EventValue.instant)), (.reported, reported.map(EventValue.instant)),
      (.handledBy, handler.map(EventValue.text)), (.cancelled, cancelled.map(EventValue.flag)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.dispatch(fact), id, $0) } }
  }

  /// A recurring duty of the register.
  static func duty(
    _ id: String, unit: String, kind: String, every: Period, byDay: Int? = nil,
    clause: String? = nil, startsOn: CivilDate? = nil, endsOn: CivilDate? = nil
  ) -> [Event] {
    let facts: [(DutyFact, EventValue?)] = [
      (.assigned, .text(unit)), (.kindRecorded, .text(kind)), (.periodSet, .period(every)),
      (.dueDaySet, byDay.map(EventValue.integer)), (.clauseRecorded, clause.map(EventValue.text)),
      (.startsOn, startsOn.map(EventValue.date)), (.endsOn, endsOn.map(EventValue.date)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.duty(fact), id, $0) } }
  }

  /// An activity of the work ledger.
  static func activity(_ id: String, unit: String, kind: String, held: Instant) -> [Event] {
    [
      Event(.activity(.held), id, .instant(held)), Event(.activity(.kindRecorded), id, .text(kind)),
      Event(.activity(.assigned), id, .text(unit)),
    ]
  }

  /// A key person of the register.
  static func person(
    _ id: String, enrolled: CivilDate, released: CivilDate? = nil, unit: String? = nil,
    helper: String? = nil
  ) -> [Event] {
    let facts: [(PersonFact, EventValue?)] = [
      (.enrolled, .date(enrolled)), (.released, released.map(EventValue.date)),
      (.assignedToUnit, unit.map(EventValue.text)), (.helperAssigned, helper.map(EventValue.text)),
    ]
    return facts.compactMap { fact, value in value.map { Event(.person(fact), id, $0) } }
  }

  // MARK: Folding and evaluating

  /// The projection of `events`, folded in order as one batch.
  static func project(_ events: [Event]) -> Projection {
    var projection = Projection()
    for (i, event) in events.enumerated() {
      projection.apply(RecordedEvent(event: event, batch: 1, line: i + 2, isCorrection: false))
    }
    return projection
  }

  static func evaluation(
    _ events: [Event], asOf: Instant?, options: RuleOptions = RuleOptions()
  ) throws -> Evaluation {
    try Evaluation(projection: project(events), options: options, asOf: asOf)
  }

  /// Every obligation of `rule` counted at A, all quarters.
  static func obligations(
    _ rule: RuleID, in events: [Event], asOf: Instant?, options: RuleOptions = RuleOptions()
  ) throws -> [Obligation] {
    var found: [Obligation] = []
    try evaluation(events, asOf: asOf, options: options).forEachObligation(in: nil) {
      if $0.rule == rule { found.append($0) }
    }
    return found
  }

  /// The rules that give `recordID` (a record's id, or `PERSON@YYYY-MM`) an obligation at A.
  static func rules(
    of recordID: String, in events: [Event], asOf: Instant?, options: RuleOptions = RuleOptions()
  ) throws -> [RuleID] {
    var found: [RuleID] = []
    try evaluation(events, asOf: asOf, options: options).forEachObligation(in: nil) {
      if $0.recordID == recordID { found.append($0.rule) }
    }
    return found
  }

  /// The one obligation of `rule` for `recordID` at A; fails the test when there is none or
  /// more than one.
  static func obligation(
    _ rule: RuleID, of recordID: String, in events: [Event], asOf: Instant?,
    options: RuleOptions = RuleOptions(), sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Obligation {
    let found = try obligations(rule, in: events, asOf: asOf, options: options)
      .filter { $0.recordID == recordID }
    #expect(found.count == 1, "\(rule.rawValue) of \(recordID)", sourceLocation: sourceLocation)
    return try #require(found.first, sourceLocation: sourceLocation)
  }

  // MARK: Files

  /// A fresh temporary directory, removed when `body` returns.
  static func inTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "pledge-rules-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }

  /// Writes `text` to `directory/name` and ingests it as one batch of `source`.
  @discardableResult
  static func ingest(
    _ text: String, as source: Source, named name: String, in directory: String,
    session: IngestSession
  ) throws -> IngestSession.FileResult {
    let path = directory + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return try session.ingest(TextInput(path: path), as: source, ingestedAt: cst(2026, 4, 1, 8))
  }
}

extension Obligation {
  /// The obligation in one line, for comparing whole evaluations.
  var signature: String {
    [
      rule.rawValue, recordID, unitID, personID ?? "-", start.description,
      deadline?.description ?? "-", done?.description ?? "-", state.rawValue,
      lateSeconds.map { String($0) } ?? "-", lateDays.map { String($0) } ?? "-",
      compensation.description,
    ].joined(separator: "|")
  }
}
