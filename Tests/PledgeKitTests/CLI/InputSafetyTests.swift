import Foundation
import Testing

@testable import PledgeKit

/// Hostile inputs end in a one-line error or a quarantined row, never in a trap or a store
/// that can no longer be read.
@Suite struct InputSafetyTests {
  static let units = "unit_id,class,committed_minutes\nU1,2,999999999999999999\nU2,2,15\n"
  static let calls = "call_id,received_at,unit_id,dispatched_at\nC1,2026-03-05 10:00,U1,2026-03-05 10:01\n"

  /// An 18-digit committed_minutes used to be accepted and then trap every report of a class-2
  /// call of that unit ("arithmetic overflow", exit 132). Now the register row is rejected.
  @Test func anAbsurdCommittedMinutesIsRejectedAndReportsRun() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/units.csv", Self.units)
      try writeFile(dir + "/calls.csv", Self.calls)
      let store = ["--store", dir + "/s"]
      let units = try runBinary(["ingest", "units", dir + "/units.csv"] + store)
      #expect(units.code == ExitCode.rowsRejected.rawValue, "\(units.err)")
      #expect(units.err.contains("column 'committed_minutes': expected at most 43200 minutes (30 days)"))
      #expect(try runBinary(["ingest", "calls", dir + "/calls.csv"] + store).code == 0)
      let report = try runBinary(["report", "all", "--quarter", "2026Q1", "--dir", dir] + store)
      #expect(report.code == 0, "\(report.err)")
      #expect(try runBinary(["show", "case", "C1"] + store).code == 0)
    }
  }

  /// A store that already holds such a value (recorded before the row check existed) still
  /// reports: the deadline is the end of time, and the obligation stays open.
  @Test func aStoreHoldingAnAbsurdCommittedMinutesStillReports() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/s"
      do {
        var draft = BatchDraft(
          provenance: BatchProvenance(
            source: .units, fileName: "units.csv", sha256: "old-units", ingestedAt: cst(2026, 3, 1)))
        for (kind, value) in [
          (EventKind.unit(.registered), EventValue.none), (.unit(.classified), .unitClass(.two)),
          (.unit(.arrivalCommitted), .integer(999_999_999_999_999_999)),
        ] {
          draft.append(Event(kind, "U1", value), line: 2, isCorrection: false)
          draft.counts.newFacts += 1
        }
        _ = try FileEventStore(writingTo: path).append(draft)
      }
      try writeFile(dir + "/calls.csv", Self.calls)
      #expect(runPledge(["ingest", "calls", dir + "/calls.csv", "--store", path]).code == .success)
      let store = ["--store", path, "--quarter", "2026Q1"]
      for kind in ["compliance", "penalties", "people", "ranking"] {
        let result = runPledge(["report", kind] + store)
        #expect(result.code == .success, "\(kind): \(result.err)")
      }
      let compliance = runPledge(["report", "compliance"] + store).out
      #expect(compliance.contains("2026Q1,U1,call.arrive.committed,1,0,0,1,0,"), "\(compliance)")
      let dashboard = runPledge(["report", "dashboard", "--out", dir + "/d.html"] + store)
      #expect(dashboard.code == .success, "\(dashboard.err)")
      #expect(runPledge(["show", "case", "C1", "--store", path]).code == .success)
      #expect(runPledge(["show", "unit", "U1", "--store", path]).code == .success)
    }
  }

  /// A cell bigger than an event frame can hold used to be written into the log, and no
  /// command could read the store after it. Now its row is quarantined and the store is sound.
  @Test func aCellTooBigForTheLogIsQuarantined() throws {
    try withTemporaryDirectory { dir in
      let huge = String(repeating: "x", count: 17 << 20)
      try writeFile(
        dir + "/calls.csv",
        "call_id,received_at,category\nC1,2026-03-05 10:00,\(huge)\nC2,2026-03-05 11:00,求助\n")
      let store = ["--store", dir + "/s"]
      let ingest = runPledge(["ingest", "calls", dir + "/calls.csv"] + store)
      #expect(ingest.code == .rowsRejected)
      #expect(ingest.err.contains(":2:3: error: column 'category': the cell holds 17825792 bytes"))
      #expect(ingest.err.split(separator: "\n").allSatisfy { $0.utf8.count < 400 })
      #expect(runPledge(["verify"] + store).code == .success)
      let status = runPledge(["status"] + store)
      #expect(status.code == .success, "\(status.err)")
      #expect(runPledge(["history", "C2"] + store).out.contains("求助"))
    }
  }
}
