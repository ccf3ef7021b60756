import Foundation
import Testing

@testable import PledgeKit

/// Ingests CSV text into a memory store.
struct IngestHarness {
  let store = MemoryEventStore()
  let session: IngestSession
  let dir: String

  init(dir: String) {
    self.dir = dir
    session = IngestSession(store: store)
  }

  @discardableResult
  func ingest(_ source: Source, _ name: String, _ text: String, encoding: TextEncoding? = nil) throws -> IngestSession.FileResult {
    let path = dir + "/" + name
    try writeFile(path, text)
    return try session.ingest(TextInput(path: path, encoding: encoding), as: source, ingestedAt: Instant(secondsSinceEpoch: 0))
  }

  var events: [RecordedEvent] {
    var all: [RecordedEvent] = []
    try! store.replay(through: nil, sources: nil) { all.append($0) }
    return all
  }
}

let callHeader = "call_id,received_at,answered_at,rings,unit_id,zone,dispatched_at,departed_at,arrived_at,cancelled\n"

@Suite struct IngesterTests {
  /// Each rejection reason of SPEC 1.1/1.4 quarantines the row and keeps the rest.
  @Test(arguments: [
    ("C9,2026-02-30 10:00,,,,,,,,", "received_at", "there is no day 2026-02-30"),
    (",2026-02-03 10:00,,,,,,,,", "call_id", "the key is missing"),
    ("NULL,2026-02-03 10:00,,,,,,,,", "call_id", "the key is missing"),
    ("C9,,,,,,,,,", "received_at", "a value is required"),
    ("C9,2026-02-03 10:00,,x,,,,,,", "rings", "expected a whole number"),
    ("C9,2026-02-03 10:00,,-1,,,,,,", "rings", "expected a whole number"),
    ("C9,2026-02-03 10:00,,,,moon,,,,", "zone", "expected one of urban (城区)"),
    ("C9,2026-02-03 10:00,,,,,,,,maybe", "cancelled", "expected yes/no"),
    ("C9,2026-02-03 10:00,2026-02-03 09:59,,,,,,,", "answered_at", "times run backwards"),
    ("C9,2026-02-03 10:00,,,,,2026-02-03 09:00,,,", "dispatched_at", "times run backwards"),
    ("C9,2026-02-03 10:00,,,,,2026-02-03 10:01,2026-02-03 10:00:59,,", "departed_at", "times run backwards"),
    ("C9,2026-02-03 10:00,,,,,2026-02-03 10:01,2026-02-03 10:02,2026-02-03 10:01:30,", "arrived_at", "before departed_at"),
    ("C9,2026-02-03 10:00,,,,,2026-02-03 10:01,,2026-02-03 10:00:30,", "arrived_at", "before dispatched_at"),
    ("C9,2026-02-03 10:00,,,,,,,,,extra", "", "expected 10 fields as in the header, found 11"),
    ("C9,2026-02-03 10:00,,,,,,,", "", "expected 10 fields as in the header, found 9"),
    ("\"C9\"x,2026-02-03 10:00,,,,,,,,", "", "text after a closing quote"),
  ] as [(String, String, String)])
  func rejectsTheRowAndKeepsTheRest(row: String, column: String, reason: String) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let text = callHeader + "C1,2026-02-03 09:00,,,,,,,,\n" + row + "\nC2,2026-02-03 11:00,,,,,,,,\n"
      let result = try harness.ingest(.calls, "calls.csv", text)
      #expect(result.counts.rowsRead == 3)
      #expect(result.counts.rowsAccepted == 2)
      #expect(result.rejections.count == 1)
      let rejection = try #require(result.rejections.first)
      #expect(rejection.line == 3)
      #expect(rejection.column == column)
      #expect(rejection.reason.contains(reason), "\(rejection.reason)")
      #expect(rejection.record == row)
      #expect(Set(harness.events.map(\.event.recordID)) == ["C1", "C2"])
    }
  }

  /// A row check with one side unknown is skipped (§7.28); each row is checked on its own (§7.29).
  @Test func checksSkipUnknownSidesAndLookAtTheRowAlone() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      try harness.ingest(.calls, "a.csv", callHeader + "C1,2026-02-03 10:00,,,,,2026-02-03 10:05,2026-02-03 10:06,,\n")
      // Arrival before the recorded departure, but this row knows no departure or dispatch.
      let result = try harness.ingest(.calls, "b.csv", callHeader + "C1,2026-02-03 10:00,,,,,,,2026-02-03 10:05:30,\n")
      #expect(result.rejections.isEmpty)
    }
  }

  @Test func aFileMissingARequiredColumnAppendsNothing() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      #expect {
        try harness.ingest(.calls, "calls.csv", "call_id,answered_at\nC1,2026-02-03 10:00\n")
      } throws: { error in
        guard let diagnostic = error as? Diagnostic else { return false }
        return diagnostic.message.contains("'received_at' (or 报警时间, 来电时间)") && diagnostic.line == 1
      }
      #expect(harness.store.batches.isEmpty)
    }
  }

  @Test func aQuotedFieldOpenAtTheEndRefusesTheWholeFile() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      #expect {
        try harness.ingest(.calls, "calls.csv", callHeader + "C1,2026-02-03 10:00,,,,,,,,\nC2,\"2026-02-03 10:00,,,,,,,,\n")
      } throws: { error in (error as? Diagnostic)?.line == 3 }
      #expect(harness.store.batches.isEmpty)
      // The session's state was not changed by the refused file.
      try harness.ingest(.calls, "ok.csv", callHeader + "C1,2026-02-03 10:00,,,,,,,,\n")
      #expect(harness.events.count == 1)
    }
  }

  @Test func reingestingTheSameBytesAppendsNothing() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let text = callHeader + "C1,2026-02-03 10:00,,2,U1,urban,,,,\n"
      let first = try harness.ingest(.calls, "a.csv", text)
      let again = try harness.ingest(.calls, "a-copy.csv", text)
      #expect(first.status == .ingested(batch: 1))
      #expect(again.status == .alreadyIngested(batch: 1))
      #expect(harness.store.batches.count == 1)
    }
  }

  /// An overlapping export appends only new facts; a different value appends a correction; an
  /// empty cell never erases; an unchanged re-export appends nothing.
  @Test func overlappingExportsCorrectionsAndUnchangedRows() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      try harness.ingest(.calls, "1.csv", callHeader + "C1,2026-02-03 10:00,,2,U1,urban,2026-02-03 10:01,,,\nC2,2026-02-03 11:00,,,,,,,,\n")
      #expect(harness.events.count == 6)
      // C1 gains its arrival, rings are left empty (not erased), C3 is new, C2 unchanged.
      let overlap = try harness.ingest(.calls, "2.csv", callHeader + "C1,2026-02-03 10:00,,,U1,urban,2026-02-03 10:01,,2026-02-03 10:05,\nC2,2026-02-03 11:00,,,,,,,,\nC3,2026-02-03 12:00,,,,,,,,\n")
      #expect(overlap.counts.newFacts == 2)
      #expect(overlap.counts.corrections == 0)
      #expect(overlap.counts.unchangedRows == 1)
      // A corrected arrival.
      let correction = try harness.ingest(.calls, "3.csv", callHeader + "C1,2026-02-03 10:00,,,U1,urban,2026-02-03 10:01,,2026-02-03 10:04:50,\n")
      #expect(correction.counts.corrections == 1)
      #expect(correction.counts.newFacts == 0)
      let last = try #require(harness.events.last)
      #expect(last.isCorrection)
      #expect(last.event == Event(.call(.arrived), "C1", .instant(Instant(year: 2026, month: 2, day: 3, hour: 10, minute: 4, second: 50)!)))
      // The same correction exported again (other bytes) appends nothing.
      let unchanged = try harness.ingest(.calls, "4.csv", callHeader + "C1, 2026-02-03 10:00 ,,,U1,urban,2026-02-03 10:01,,2026-02-03 10:04:50,\n")
      #expect(unchanged.counts.events == 0)
      #expect(unchanged.counts.unchangedRows == 1)
      let projection = try Projection.replaying(harness.store)
      #expect(projection.calls["C1"]?.rings == 2)
      #expect(projection.calls["C1"]?.arrivedAt == Instant(year: 2026, month: 2, day: 3, hour: 10, minute: 4, second: 50))
    }
  }

  /// Rows repeating a key in one file are successive observations, in file order (§7.29).
  @Test func repeatedKeysInOneFileAreSuccessiveObservations() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(.calls, "a.csv", callHeader + "C1,2026-02-03 10:00,,3,,,,,,\nC1,2026-02-03 10:00,,4,,,,,,\nC1,2026-02-03 10:00,,,,,,,,\n")
      #expect(result.counts.newFacts == 2)
      #expect(result.counts.corrections == 1)
      #expect(result.counts.unchangedRows == 1)
      #expect(try Projection.replaying(harness.store).calls["C1"]?.rings == 4)
    }
  }

  /// A key repeated after other rows (not the row before) is found again, not taken for a new
  /// record: its facts are compared with the recorded ones, as for adjacent repeats.
  @Test func aKeyRepeatedAfterOtherRowsIsTheSameRecord() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(
        .calls, "a.csv",
        callHeader + "C1,2026-02-03 10:00,,3,,,,,,\nC2,2026-02-03 10:01,,2,,,,,,\n"
          + "C1,2026-02-03 10:00,,4,,,,,,\nC2,2026-02-03 10:01,,2,,,,,,\n")
      #expect(result.counts.newFacts == 4)
      #expect(result.counts.corrections == 1)
      #expect(result.counts.unchangedRows == 1)
      let projection = try Projection.replaying(harness.store)
      #expect(projection.calls.count == 2)
      #expect(projection.calls["C1"]?.rings == 4)
    }
  }

  /// The GB18030 complaint export gives the same events as its UTF-8 twin.
  @Test func theGB18030FileGivesTheSameEventsAsItsUTF8Twin() throws {
    try withTemporaryDirectory { dir in
      func events(_ path: String) throws -> [Event] {
        let store = MemoryEventStore()
        _ = try IngestSession(store: store).ingest(TextInput(path: path), as: .complaints, ingestedAt: Instant(secondsSinceEpoch: 0))
        return try allEvents(store)
      }
      let gb = try TextInput(path: fixture("complaints-2026Q1-zh.csv"))
      #expect(gb.encoding == .gb18030)
      let fromGB = try events(fixture("complaints-2026Q1-zh.csv"))
      #expect(fromGB.count > 100)
      #expect(fromGB == (try events(fixture("encoding/complaints-2026Q1-zh-utf8.csv"))))
    }
  }

  /// Headers in Chinese, traditional characters, odd case and spacing; labels likewise.
  @Test func chineseAndTraditionalHeadersAndLabels() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let text = " 接警編號 ,報警時間,區域,處警單位類別,撤警,Extra\nC1,2026年2月3日 10:00,城區,一類,是,x\nC2,2026/2/3 10:00,Suburb,3,N,y\n"
      let result = try harness.ingest(.calls, "zh.csv", text)
      #expect(result.rejections.isEmpty)
      #expect(result.counts.unknownColumns == ["Extra"])
      let projection = try Projection.replaying(harness.store)
      #expect(projection.calls["C1"]?.zone == .urban)
      #expect(projection.calls["C1"]?.unitClass == .one)
      #expect(projection.calls["C1"]?.isCancelled == true)
      #expect(projection.calls["C2"]?.zone == .suburb)
      #expect(projection.calls["C2"]?.isCancelled == false)
    }
  }

  @Test func everySourceIngests() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      try harness.ingest(.units, "u.csv", "unit_id,name,class,kind,committed_minutes,parent_id\nU1,派出所,1,police,,\nU2,医院,二类,health,15,U1\nU3,,,,,\n")
      try harness.ingest(.keypersons, "k.csv", "person_id,category,unit_id,helper_id,enrolled_on,released_on\nP1,社区矫正,U1,H1,2026-01-15,2026年3月1日\n")
      try harness.ingest(.visits, "v.csv", "visit_id,kind,started_at,ended_at,unit_id,staff_id,subject_id,case_id,matter,due_at\nV1,窗口受理,2026-02-03 09:00,2026-02-03 09:20,U2,S1,,,一般事项,\nV2,keyperson,2026-02-04 09:00,,U1,H1,P1,,,\n")
      try harness.ingest(.complaints, "c.csv", "complaint_id,kind,received_at,in_scope,serious,fine_cny,summary\nT1,违诺投诉,2026-02-03 09:00,否,yes,1500.5,=cmd\n")
      let p = try Projection.replaying(harness.store)
      #expect(p.units.count == 3)
      #expect(p.units["U3"]?.isRegistered == true)
      #expect(p.units["U2"]?.committedMinutes == 15)
      #expect(p.units["U2"]?.unitClass == .two)
      #expect(p.persons["P1"]?.releasedOn == CivilDate(year: 2026, month: 3, day: 1))
      #expect(p.visits["V1"]?.matter == .general)
      #expect(p.visits["V2"]?.subjectID == "P1")
      #expect(p.complaints["T1"]?.kind == .pledge)
      #expect(p.complaints["T1"]?.inScope == false)
      #expect(p.complaints["T1"]?.fine == Money(fen: 150_050))
      #expect(p.complaints["T1"]?.summary == "=cmd")
    }
  }

  /// Two columns naming one field refuse the file: which value counts would be a guess.
  @Test(arguments: [
    ("call_id,received_at,received_at\nC1,2026-02-03 09:00,2026-02-03 10:00\n", 3,
     "columns 2 'received_at' and 3 'received_at' both hold received_at"),
    ("call_id,received_at,unit_id,报警时间\nC1,2026-02-03 09:00,U1,2026-02-03 10:00\n", 4,
     "columns 2 'received_at' and 4 '报警时间' both hold received_at"),
    ("接警编号,received_at, CALL_ID \nC1,2026-02-03 09:00,C2\n", 3,
     "columns 1 '接警编号' and 3 ' CALL_ID ' both hold call_id"),
  ] as [(String, Int, String)])
  func aFieldNamedByTwoColumnsRefusesTheFile(text: String, column: Int, message: String) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      #expect {
        try harness.ingest(.calls, "calls.csv", text)
      } throws: { error in
        guard let diagnostic = error as? Diagnostic else { return false }
        return diagnostic.line == 1 && diagnostic.column == column
          && diagnostic.message.hasPrefix(message + "; which one counts would be a guess")
      }
      #expect(harness.store.batches.isEmpty)
    }
  }

  /// A pathological header cannot make a huge batch record: at most 50 unknown columns are
  /// recorded, each shortened to 100 bytes, then how many more there were.
  @Test func unknownColumnsAreRecordedWithinBounds() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let extra = (0..<1000).map { "备注\($0)-" + String(repeating: "x", count: 300) }
      let text = "call_id,received_at," + extra.joined(separator: ",") + ",\"a\nb\"\n"
        + "C1,2026-02-03 09:00," + String(repeating: ",", count: 1000) + "\n"
      let result = try harness.ingest(.calls, "wide.csv", text)
      #expect(result.rejections.isEmpty)
      let recorded = result.counts.unknownColumns
      #expect(recorded.count == 51)
      for name in recorded.prefix(50) {
        #expect(name.utf8.count <= 100)
        #expect(name.hasSuffix("x…"))
      }
      #expect(recorded.first?.hasPrefix("备注0-xxx") == true)
      #expect(recorded.last == "… and 951 more")
      #expect(harness.store.batches.last?.counts.unknownColumns == recorded)
      // A short name is recorded as written, control characters escaped.
      let few = try harness.ingest(.calls, "few.csv", "call_id,received_at, Note ,\"a\nb\"\nC1,2026-02-03 09:00,,\n")
      #expect(few.counts.unknownColumns == [" Note ", "a\\nb"])
    }
  }

  /// committed_minutes is at most 43200 (30 days, decided here): a larger value rejects the
  /// register row instead of overflowing a deadline later.
  @Test(arguments: [
    ("0", true), ("43200", true), ("43201", false), ("999999999999999999", false),
  ])
  func committedMinutesAreBounded(value: String, isAccepted: Bool) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(.units, "u.csv", "unit_id,class,committed_minutes\nU1,2,\(value)\nU2,3,15\n")
      let units = try Projection.replaying(harness.store).units
      #expect(units["U2"]?.committedMinutes == 15)
      if isAccepted {
        #expect(result.rejections.isEmpty)
        #expect(units["U1"]?.committedMinutes == Int(value))
      } else {
        let rejection = try #require(result.rejections.first)
        #expect(rejection.column == "committed_minutes")
        #expect(rejection.columnNumber == 3)
        #expect(rejection.value == value)
        #expect(rejection.reason == "expected at most 43200 minutes (30 days)")
        #expect(units["U1"] == nil)
      }
    }
  }

  /// A dispatch's times are checked within the dispatch (SPEC 1.4), never against its call's:
  /// departure after the order, arrival after departure and order, the result after arrival.
  @Test(arguments: [
    ("D9,C1,2026-02-03 10:01,2026-02-03 10:00:59,,", "departed_at", "times run backwards"),
    ("D9,C1,2026-02-03 10:01,,2026-02-03 10:00:30,", "arrived_at", "before dispatched_at"),
    ("D9,C1,2026-02-03 10:01,2026-02-03 10:02,2026-02-03 10:01:30,", "arrived_at", "before departed_at"),
    ("D9,C1,2026-02-03 10:01,,2026-02-03 10:05,2026-02-03 10:04:59", "reported_at", "before arrived_at"),
    (",C1,2026-02-03 10:01,,,", "dispatch_id", "the key is missing"),
    ("D9,,2026-02-03 10:01,,,", "call_id", "a value is required"),
    ("D9,C1,,,,", "dispatched_at", "a value is required"),
  ] as [(String, String, String)])
  func rejectsADispatchWhoseOwnTimesRunBackwards(row: String, column: String, reason: String) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let header = "dispatch_id,call_id,dispatched_at,departed_at,arrived_at,reported_at\n"
      // D1's order is earlier than its call's received_at (10:00): that is no row check.
      let text = header + "D1,C1,2026-02-03 09:00,2026-02-03 09:01,,\n" + row + "\n"
      try harness.ingest(.calls, "calls.csv", callHeader + "C1,2026-02-03 10:00,,,,,,,,\n")
      let result = try harness.ingest(.dispatches, "dispatches.csv", text)
      #expect(result.counts.rowsAccepted == 1)
      let rejection = try #require(result.rejections.first)
      #expect(rejection.column == column)
      #expect(rejection.reason.contains(reason), "\(rejection.reason)")
      #expect(try Projection.replaying(harness.store).dispatches["D1"]?.departedAt == cst(2026, 2, 3, 9, 1))
    }
  }

  /// by_day is a day of the month, 1–31, and only for a duty owed every month (SPEC 1.3b,
  /// §7.39): 0 and 32 are rejected, and so is a by_day on a quarterly duty.
  @Test(arguments: [
    ("month", "1", nil), ("month", "31", nil), ("每月", "", nil),
    ("month", "0", "expected a day of the month, 1–31"),
    ("month", "32", "expected a day of the month, 1–31"),
    ("quarter", "10", "by_day goes only with every month"),
    ("half-month", "15", "by_day goes only with every month"),
  ] as [(String, String, String?)])
  func byDayIsADayOfAMonthlyDuty(every: String, byDay: String, reason: String?) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let text = "duty_id,unit_id,kind,every,by_day\nR1,U1,月报,\(every),\(byDay)\n"
      let result = try harness.ingest(.duties, "duties.csv", text)
      let duty = try Projection.replaying(harness.store).duties["R1"]
      guard let reason else {
        #expect(result.rejections.isEmpty)
        #expect(duty?.byDay == Int(byDay))
        return
      }
      let rejection = try #require(result.rejections.first)
      #expect(rejection.column == "by_day")
      #expect(rejection.value == byDay)
      #expect(rejection.reason.contains(reason), "\(rejection.reason)")
      #expect(duty == nil)
    }
  }
}
