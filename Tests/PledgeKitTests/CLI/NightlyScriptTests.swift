import Foundation
import Testing

@testable import PledgeKit

/// scripts/nightly.sh end to end on the fixtures: a first run with a refused file, a rerun,
/// a file dropped twice, a locked store and a damaged one.
@Suite(.serialized) struct NightlyScriptTests {
  func nightly(_ dir: String, today: String = "2026-04-20", settle: Int = 0) throws -> NightlyRun {
    try runNightly(dir, today: today, settle: settle)
  }

  func drop(_ dir: String, _ source: Source, _ name: String, from path: String? = nil) throws {
    let folder = dir + "/inbox/\(source)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: path ?? fixture(name), toPath: folder + "/" + name)
  }

  func files(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  @Test func aNightEndToEnd() throws {
    try withTemporaryDirectory { dir in
      for (source, name) in fixtureFiles { try drop(dir, source, name) }
      try writeFile(dir + "/bad.csv", "call_id,answered_at\nX1,2026-04-01 10:00\n")
      try drop(dir, .calls, "calls-zz-bad.csv", from: dir + "/bad.csv")

      // First night: everything ingested but the refused file; reports for 2026Q2 and, within
      // 45 days of its end, 2026Q1.
      let first = try nightly(dir)
      #expect(first.code == 10)
      #expect(first.err.split(separator: "\n").count == 1)
      #expect(first.err.hasPrefix("pledge nightly: 18 ingested (14 with 19 rejected rows"))
      #expect(first.err.contains("1 refused"))
      #expect(files(dir + "/inbox/calls").isEmpty)
      #expect(files(dir + "/inbox/archive/calls/2026-04-20").count == 7)
      #expect(files(dir + "/inbox/failed/calls/2026-04-20") == ["calls-zz-bad.csv", "calls-zz-bad.csv.error"])
      #expect(try readText(dir + "/inbox/failed/calls/2026-04-20/calls-zz-bad.csv.error").contains("no column 'received_at'"))
      for kind in ReportKind.allCases {
        let name = "\(kind.rawValue)-2026Q1.csv"
        #expect(try readBytes(dir + "/outbox/" + name) == (try readBytes(fixture("expected/" + name))), "\(name)")
      }
      #expect(files(dir + "/outbox").contains("dashboard-2026Q2.html"))
      #expect(!files(dir + "/outbox").contains { $0.hasPrefix(".staging") })
      let batches = try FileEventStore(readingFrom: dir + "/store").batches.count

      // A rerun ingests nothing; a file dropped again is recognised and only archived.
      #expect(try nightly(dir).code == 0)
      try drop(dir, .units, "units-again.csv", from: fixture("units.csv"))
      let again = try nightly(dir)
      #expect(again.code == 0)
      #expect(again.err.contains("0 ingested, 1 already in the store"))
      #expect(try FileEventStore(readingFrom: dir + "/store").batches.count == batches)
      // The same name archived again the same day is kept beside the first, not over it.
      try drop(dir, .units, "units.csv")
      #expect(try nightly(dir).code == 0)
      #expect(files(dir + "/inbox/archive/units/2026-04-20") == ["units-again.csv", "units.csv", "units.csv.2"])

      // A file still being written (changed within --settle seconds) waits for the next run.
      try drop(dir, .units, "units-uploading.csv", from: fixture("units.csv"))
      let settling = try nightly(dir, settle: 3600)
      #expect(settling.code == 0)
      #expect(settling.err.contains("1 still changing (left for the next run)"))
      #expect(files(dir + "/inbox/units") == ["units-uploading.csv"])
      #expect(try nightly(dir).code == 0)
      #expect(files(dir + "/inbox/units").isEmpty)

      // Later in the quarter only the current quarter is reported.
      try FileManager.default.removeItem(atPath: dir + "/outbox")
      #expect(try nightly(dir, today: "2026-05-20").code == 0)
      #expect(!files(dir + "/outbox").contains("penalties-2026Q1.csv"))
      #expect(files(dir + "/outbox").contains("penalties-2026Q2.csv"))

      // A locked store: nothing is done and the new file waits in the inbox.
      try writeFile(dir + "/late.csv", "call_id,received_at\nJJ20260415001,2026-04-15 10:00\n")
      try drop(dir, .calls, "calls-2026-04-15.csv", from: dir + "/late.csv")
      do {
        let holder = try FileEventStore(writingTo: dir + "/store")
        let locked = try nightly(dir)
        #expect(locked.code == 11)
        #expect(locked.err.contains("locked by another writer"))
        #expect(files(dir + "/inbox/calls") == ["calls-2026-04-15.csv"])
        _ = holder
      }
      // Once the writer is gone, the next night takes the file; the script holds no lock after.
      #expect(try nightly(dir).code == 0)
      #expect(files(dir + "/inbox/calls").isEmpty)
      _ = try FileEventStore(writingTo: dir + "/store")

      // A damaged store stops the night with its own exit code; the export stays in the inbox.
      let log = dir + "/store/events.log"
      var bytes = try readBytes(log)
      bytes[bytes.count / 2] ^= 0xFF
      try writeFile(log, bytes: bytes)
      try drop(dir, .calls, "calls-2026-04-16.csv", from: dir + "/late.csv")
      let damaged = try nightly(dir)
      #expect(damaged.code == 12)
      #expect(damaged.err.contains("damaged"))
      #expect(damaged.err.split(separator: "\n").count == 1)
      #expect(files(dir + "/inbox/calls") == ["calls-2026-04-16.csv"])
      #expect(files(dir + "/inbox/failed/calls/2026-04-20") == ["calls-zz-bad.csv", "calls-zz-bad.csv.error"])

      // Reports on a damaged store (nothing to ingest) also stop with 12, not 13.
      try FileManager.default.removeItem(atPath: dir + "/inbox/calls/calls-2026-04-16.csv")
      let unreadable = try nightly(dir)
      #expect(unreadable.code == 12)
      #expect(unreadable.err.contains("does not verify"))
    }
  }

  /// Rejected rows reach the cron mail: counted in the summary line, with an exit code of
  /// their own (14), below a refused file's.
  @Test func rejectedRowsMakeTheNightExitFourteen() throws {
    try withTemporaryDirectory { dir in
      try drop(dir, .units, "units.csv")
      try writeFile(dir + "/c.csv", "call_id,received_at\nC1,2026-03-02 10:00\nC2,2026-02-30 10:00\nC3,x\n")
      try drop(dir, .calls, "calls-2026-03.csv", from: dir + "/c.csv")
      let night = try nightly(dir, today: "2026-03-03")
      #expect(night.code == 14)
      #expect(night.err.contains("1 with 2 rejected rows"), "\(night.err)")
      // Nothing new: the next night is clean.
      #expect(try nightly(dir, today: "2026-03-03").code == 0)
    }
  }

  /// The calendar's cliff (SPEC 2.1): weeks before it, the summary line warns (exit code
  /// unchanged); past it, a quarter whose deadlines need the next year fails with 13 while the
  /// disclosure report is still written; dropping the new year's calendar into the inbox
  /// fixes the next night with no other step.
  @Test func theCalendarsEndIsAnnouncedAndFixedByOneFile() throws {
    try withTemporaryDirectory { dir in
      try writeFile(
        dir + "/c1.csv",
        "complaint_id,kind,received_at,closed_at,fine_cny\nTS-1,report,2026-11-02 10:00,2026-11-03 09:00,500\n")
      try drop(dir, .complaints, "complaints-1.csv", from: dir + "/c1.csv")
      // The business time reaches 12-20 with a call (minute rules need no calendar).
      try writeFile(dir + "/calls.csv", "call_id,received_at,rings\nJJ1,2026-12-20 10:00,2\n")
      try drop(dir, .calls, "calls-1.csv", from: dir + "/calls.csv")
      let warned = try nightly(dir, today: "2026-12-21")
      #expect(warned.code == 0, "\(warned.err)")
      #expect(warned.err.contains("warning: the working-day calendar ends on 2026-12-31"), "\(warned.err)")
      #expect(warned.err.contains("pledge ingest calendar 2027.csv"))
      #expect(warned.err.split(separator: "\n").count == 1)

      // A pledge complaint of 12-28: 10 working days run into 2027.
      try writeFile(dir + "/c2.csv", "complaint_id,kind,received_at\nTS-3,pledge,2026-12-28 10:00\n")
      try drop(dir, .complaints, "complaints-2.csv", from: dir + "/c2.csv")
      try FileManager.default.removeItem(atPath: dir + "/outbox")
      let failed = try nightly(dir, today: "2026-12-29")
      #expect(failed.code == 13, "\(failed.err)")
      #expect(failed.err.contains("reports 2026Q4 failed"))
      #expect(failed.err.contains("1 obligation of 2026Q4 needs the working-day calendar of 2027"))
      #expect(files(dir + "/outbox").contains("disclosure-2026Q4.csv"))
      #expect(!files(dir + "/outbox").contains("compliance-2026Q4.csv"))

      try writeFile(dir + "/2027.csv", "date,kind,name\n2027-01-01,off,元旦\n")
      try drop(dir, .calendar, "2027.csv", from: dir + "/2027.csv")
      let fixed = try nightly(dir, today: "2026-12-29")
      #expect(fixed.code == 0, "\(fixed.err)")
      #expect(!fixed.err.contains("warning"))
      #expect(files(dir + "/outbox").contains("compliance-2026Q4.csv"))
    }
  }
}
