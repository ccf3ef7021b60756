import Foundation
import Testing

@testable import PledgeKit

/// SPEC 6, "Nothing silent": a user never gets a report of zeros, or loses rows, without a
/// word (issue "Nothing silent").
@Suite(.serialized) struct NothingSilentTests {
  /// A CAD-like export: calls with a unit but no class, no zone, no rings; the units are not
  /// registered. Every call rule goes silent for want of a value, and the report says so.
  static let callsWithoutClass = """
    call_id,received_at,unit_id,dispatched_at,departed_at,arrived_at,category
    C1,2025-11-03 10:00,P-01,2025-11-03 10:01,2025-11-03 10:02,2025-11-03 10:09,火警
    C2,2025-11-03 11:00,P-01,2025-11-03 11:01,2025-11-03 11:02,2025-11-03 11:09,求助
    C3,2025-11-03 12:00,,2025-11-03 12:01,2025-11-03 12:02,2025-11-03 12:09,

    """

  @Test func aReportOfZerosSaysWhy() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/c.csv", Self.callsWithoutClass)
      #expect(runPledge(["ingest", "calls", dir + "/c.csv"] + store).code == .success)
      let report = runPledge(["report", "compliance", "--quarter", "2025Q4"] + store)
      #expect(report.code == .success)
      let warnings = report.err.split(separator: "\n").map(String.init)
      #expect(
        warnings.contains(
          "warning: call.depart: none of 3 dispatches in 2025Q4 applies: unit class not known (3); see pledge columns calls"))
      #expect(warnings.contains("warning: call.answer: none of 3 calls in 2025Q4 applies: rings not known (3); see pledge columns calls"))
      // Known values that keep a rule away (no emergency category) are not warned about; an
      // unknown category among them is.
      #expect(
        warnings.contains(
          "warning: emergency.ready: none of 3 dispatches in 2025Q4 applies: category not known (1),"
            + " category is not an emergency category (2); see pledge columns calls"))
      // A unit register with classes: the warnings about the class go.
      try writeFile(dir + "/u.csv", "unit_id,class\nP-01,1\n")
      _ = runPledge(["ingest", "units", dir + "/u.csv"] + store)
      let after = runPledge(["report", "compliance", "--quarter", "2025Q4"] + store)
      #expect(!after.err.contains("call.depart:"))
      #expect(after.out.contains("2025Q4,P-01,call.depart,2,"))

      // pledge show case: every rule of its source that does not apply, with the first reason.
      let show = runPledge(["show", "case", "C3"] + store)
      #expect(
        show.out.contains(
          "  call.depart: does not apply: unit class not known (no unit_class and no unit_id in the record)\n"))
      #expect(show.out.contains("  call.answer: does not apply: rings not known (no rings in the record)\n"))
      let json = runPledge(["show", "case", "C1", "--format", "json"] + store)
      #expect(
        json.out.contains(
          "\"rule\":\"emergency.ready\",\"reason\":\"category is not an emergency category\",\"detail\":\"the call's category is '火警'\""))
    }
  }

  /// Rows repeating a key with other values are merged, counted and explained.
  /// Records of `dispatches` go silent the same way and say so, pointing at their own columns;
  /// a quarter whose categories are all known and none an emergency warns of nothing.
  @Test func silentDispatchRecordsSayWhy() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/c.csv", "call_id,received_at,category\nC1,2025-11-03 10:00,求助\nC2,2025-11-03 11:00,火警\n")
      try writeFile(
        dir + "/d.csv",
        "dispatch_id,call_id,dispatched_at,unit_id,departed_at\nD1,C1,2025-11-03 10:01,FD-09,2025-11-03 10:02\n"
          + "D2,C2,2025-11-03 11:01,FD-09,2025-11-03 11:02\nD3,C2,2025-11-03 11:01,FD-10,2025-11-03 11:03\n")
      #expect(runPledge(["ingest", "calls", dir + "/c.csv"] + store).code == .success)
      #expect(runPledge(["ingest", "dispatches", dir + "/d.csv"] + store).code == .success)
      let report = runPledge(["report", "compliance", "--quarter", "2025Q4"] + store)
      #expect(report.code == .success, "\(report.err)")
      #expect(
        report.err.contains(
          "warning: call.depart: none of 3 dispatches in 2025Q4 applies: unit class not known (3); see pledge columns dispatches"),
        "\(report.err)")
      #expect(!report.err.contains("emergency."), "\(report.err)")
      let show = runPledge(["show", "case", "D3"] + store)
      #expect(
        show.out.contains(
          "  call.depart: does not apply: unit class not known (no unit_class in the record; unit FD-10 is not in the units register)\n"),
        "\(show.out)")
    }
  }

  @Test func repeatedKeysAreCountedAndExplained() throws {
    try withTemporaryDirectory { dir in
      try writeFile(
        dir + "/per-unit.csv",
        "call_id,received_at,unit_id\nC1,2026-03-02 10:00,POLICE\nC1,2026-03-02 10:00,AMBULANCE\nC1,2026-03-02 10:00,FIRE\nC2,2026-03-02 11:00,POLICE\nC2,2026-03-02 11:00,POLICE\n")
      let result = runPledge(["ingest", "calls", dir + "/per-unit.csv", "--store", dir + "/s", "--summary", "json"])
      #expect(result.code == .success)
      #expect(result.out.contains("\"repeated_keys\":2"), "\(result.out)")
      #expect(
        result.err.contains(
          "note: 2 rows repeat the key of an earlier row of the file with other values and were merged into it"
            + " as corrections (later rows win). If the export has one row per responding unit, ingest it as"
            + " dispatches"))
    }
  }

  /// A file whose rows are all rejected is refused; a header-only file appends nothing.
  @Test func aFileOfRejectedRowsIsRefusedAndAnEmptyOneSaysSo() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/bad.csv", "call_id,received_at\nC1,2026-02-30 10:00\nC2,yesterday\n")
      let bad = runPledge(["ingest", "calls", dir + "/bad.csv", "--rejects", dir + "/rejects.csv"] + store)
      #expect(bad.code == .failure)
      #expect(bad.err.contains("bad.csv: error: none of its 2 rows was accepted"), "\(bad.err)")
      #expect(bad.err.contains("bad.csv:2:2: error: column 'received_at': there is no day 2026-02-30"))
      #expect(try readText(dir + "/rejects.csv").split(separator: "\n").count == 3)
      #expect(try FileEventStore(readingFrom: dir + "/s").batches.isEmpty)
      #expect(!FileManager.default.fileExists(atPath: dir + "/s/quarantine.csv"))

      try writeFile(dir + "/empty.csv", "call_id,received_at\n")
      let empty = runPledge(["ingest", "calls", dir + "/empty.csv"] + store)
      #expect(empty.code == .success)
      #expect(empty.err.contains("empty.csv: the file has a header and no rows; nothing appended"))
      #expect(try FileEventStore(readingFrom: dir + "/s").batches.isEmpty)
    }
  }

  /// `report all --dir` creates the directory, and finds out it cannot write there before it
  /// evaluates anything.
  @Test func reportAllPreparesItsDirectoryFirst() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/c.csv", "call_id,received_at,rings\nC1,2026-03-02 10:00,2\n")
      _ = runPledge(["ingest", "calls", dir + "/c.csv"] + store)
      let nested = runPledge(["report", "all", "--quarter", "2026Q1", "--dir", dir + "/a/b/c"] + store)
      #expect(nested.code == .success)
      #expect(FileManager.default.fileExists(atPath: dir + "/a/b/c/obligations-2026Q1.csv"))
      try writeFile(dir + "/plain-file", "x")
      let blocked = runPledge(["report", "all", "--quarter", "2026Q1", "--dir", dir + "/plain-file/reports", "--store", dir + "/none"])
      #expect(blocked.code == .failure)
      // The directory is refused before the (missing) store is even opened.
      #expect(blocked.err.contains("cannot create the report directory"), "\(blocked.err)")
    }
  }

  /// Every rule that reads a call, dispatch, visit or complaint can say why it does not apply
  /// to one: its reasons stand beside its subjects in the same order (they are matched by
  /// position), so a new subject without a reason, or two swapped, fails here.
  @Test func everyRuleThatCanGoSilentHasItsReasons() {
    func kind(_ subject: RuleSubject) -> String? {
      switch subject {
      case .call: "call"
      case .dispatch: "dispatch"
      case .visit: "visit"
      case .complaint: "complaint"
      case .person, .duty: nil  // register rows: never silent for want of a value
      }
    }
    func kind(_ reason: ReasonSubject) -> String {
      switch reason {
      case .call: "call"
      case .dispatch: "dispatch"
      case .visit: "visit"
      case .complaint: "complaint"
      }
    }
    for rule in Rulebook.rules {
      let reasons = (Rulebook.reasons[rule.id] ?? []).map(kind)
      #expect(reasons == rule.subjects.compactMap(kind), "\(rule.id)")
      #expect(reasons == rule.subjects.prefix(reasons.count).map { kind($0) ?? "register" }, "\(rule.id)")
    }
  }
}
