import Foundation
import Testing

@testable import PledgeKit

/// scripts/nightly.sh end to end on the fixtures: a first run with a refused file, a rerun,
/// a file dropped twice, a locked store and a damaged one.
@Suite(.serialized) struct NightlyScriptTests {
  struct Run {
    let code: Int32
    let err: String
  }

  func nightly(_ dir: String, today: String = "2026-04-20", settle: Int = 0) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      repositoryRoot + "/scripts/nightly.sh", "--inbox", dir + "/inbox", "--outbox", dir + "/outbox",
      "--store", dir + "/store", "--pledge", pledgeBinary, "--settle", String(settle),
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["PLEDGE_TODAY"] = today
    process.environment = environment
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return Run(code: process.terminationStatus, err: text)
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
      #expect(first.err.hasPrefix("pledge nightly: 11 ingested (9 with rejected rows"))
      #expect(first.err.contains("1 refused"))
      #expect(files(dir + "/inbox/calls").isEmpty)
      #expect(files(dir + "/inbox/archive/calls/2026-04-20").count == 5)
      #expect(files(dir + "/inbox/failed/calls/2026-04-20") == ["calls-zz-bad.csv", "calls-zz-bad.csv.error"])
      #expect(try readText(dir + "/inbox/failed/calls/2026-04-20/calls-zz-bad.csv.error").contains("no column 'received_at'"))
      for kind in ReportKind.allCases {
        let name = "\(kind.rawValue)-2026Q1.csv"
        #expect(try readText(dir + "/outbox/" + name) == (try readText(fixture("expected/" + name))), "\(name)")
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
}
