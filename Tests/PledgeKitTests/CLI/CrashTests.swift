import Foundation
import Glibc
import Testing

@testable import PledgeKit

/// A real `pledge ingest`, killed with SIGKILL in the middle of appending a large batch:
/// afterwards `pledge verify` is clean and a re-ingest gives exactly the events of a clean run.
@Suite(.serialized) struct CrashTests {
  static func largeCallLog(rows: Int) -> String {
    var text = callHeader
    text.reserveCapacity(rows * 120)
    for i in 0..<rows {
      let minute = i % 50
      text += "JJ\(100_000 + i),2026-02-\(10 + i % 9) 10:\(minute < 10 ? "0" : "")\(minute):00,,\(i % 6),U\(i % 40),urban,"
        + "2026-02-\(10 + i % 9) 11:00:00,2026-02-\(10 + i % 9) 11:01:0\(i % 10),2026-02-\(10 + i % 9) 11:0\(2 + i % 7):30,\(i % 17 == 0 ? "yes" : "")\n"
    }
    return text
  }

  func cleanEvents(_ dir: String, file: String) throws -> (events: [Event], batchBytes: Int) {
    let store = dir + "/clean"
    let result = try runBinary(["ingest", "calls", file, "--store", store])
    #expect(result.code == 0, "\(result.err)")
    let reader = try FileEventStore(readingFrom: store)
    return (try allEvents(reader), reader.batches[0].byteRange.count)
  }

  func checkRecovered(_ store: String, file: String, expected: [Event], batches: Int = 1, context: String) throws {
    let verify = try runBinary(["verify", "--store", store])
    #expect(verify.code == 0, "\(context): \(verify.out) \(verify.err)")
    let again = try runBinary(["ingest", "calls", file, "--store", store])
    #expect(again.code == 0, "\(context): \(again.err)")
    let reader = try FileEventStore(readingFrom: store)
    #expect(reader.batches.count == batches, "\(context)")
    var events: [Event] = []
    try reader.replay(through: nil, sources: [.calls]) { events.append($0.event) }
    #expect(events == expected, "\(context)")
    #expect(try runBinary(["verify", "--store", store]).code == 0, "\(context)")
  }

  /// Killed after exactly N bytes of the batch, for N across the whole batch.
  @Test func killedAtChosenBytesOfTheBatch() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/calls.csv"
      try writeFile(file, CrashTests.largeCallLog(rows: 6_000))
      let (expected, batchBytes) = try cleanEvents(dir, file: file)
      #expect(batchBytes > 50_000)
      let points = [1, 11, 12, 13, 60, 5_000, batchBytes / 2, batchBytes - 40, batchBytes - 1]
      for point in points {
        let store = dir + "/killed-\(point)"
        // A first small batch, so the crash happens after committed data.
        try writeFile(dir + "/u.csv", "unit_id\nU1\n")
        #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
        let committed = FileEventStore.size(of: store + "/events.log")
        let killed = try runBinary(["ingest", "calls", file, "--store", store], environment: ["PLEDGE_TEST_KILL_AFTER_BYTES": String(point)])
        #expect(killed.code != 0, "kill at \(point)")
        let size = FileEventStore.size(of: store + "/events.log")
        #expect(size == committed + point, "kill at \(point)")
        try checkRecovered(store, file: file, expected: expected, batches: 2, context: "kill at \(point)")
      }
    }
  }

  /// Killed after the commit is flushed, before its seal is (or before all of it is): the
  /// batch is stored whole, so readers see it, verify passes, and the next ingest seals it and
  /// keeps it — ingesting the file again appends nothing.
  @Test func killedBetweenTheCommitAndItsSeal() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/calls.csv"
      try writeFile(file, CrashTests.largeCallLog(rows: 2_000))
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      func storeWithUnits(_ name: String) throws -> String {
        let store = dir + "/" + name
        #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
        return store
      }
      // Where the calls batch's commit and seal end, from a run that was not stopped.
      let reference = try storeWithUnits("reference")
      #expect(try runBinary(["ingest", "calls", file, "--store", reference]).code == 0)
      let referenceReader = try FileEventStore(readingFrom: reference)
      let expected = try allEvents(referenceReader)
      let batchBytes = referenceReader.batches[1].byteRange.count
      let sealBytes =
        FileEventStore.size(of: reference + "/events.log") - referenceReader.batches[1].byteRange.upperBound
      #expect(sealBytes > 12)
      let cases: [(name: String, environment: [String: String], sealed: Bool)] = [
        ("before-the-seal", ["PLEDGE_TEST_KILL_AT": "seal"], false),
        ("one-byte-of-the-seal", ["PLEDGE_TEST_KILL_AFTER_BYTES": String(batchBytes + 1)], false),
        ("all-but-one-byte", ["PLEDGE_TEST_KILL_AFTER_BYTES": String(batchBytes + sealBytes - 1)], false),
        ("before-the-seal-sync", ["PLEDGE_TEST_KILL_AT": "seal-sync"], true),
      ]
      for (name, environment, sealed) in cases {
        let store = try storeWithUnits(name)
        let killed = try runBinary(["ingest", "calls", file, "--store", store], environment: environment)
        #expect(killed.code != 0, "\(name)")
        #expect(!killed.out.contains("\"status\":\"ok\""), "\(name)")
        let reader = try FileEventStore(readingFrom: store)
        #expect(reader.batches.count == 2, "\(name)")
        #expect(try allEvents(reader) == expected, "\(name)")
        let verify = try runBinary(["verify", "--store", store])
        #expect(verify.code == 0, "\(name): \(verify.err)")
        #expect(verify.out.contains("not yet sealed") != sealed, "\(name): \(verify.out)")
        let again = try runBinary(["ingest", "calls", file, "--store", store])
        #expect(again.code == 0, "\(name): \(again.err)")
        #expect(again.err.contains("sealed it, it stays in the store") != sealed, "\(name): \(again.err)")
        // As long as the run that was not stopped (their bytes differ in the ingest time).
        #expect(
          FileEventStore.size(of: store + "/events.log") == FileEventStore.size(of: reference + "/events.log"),
          "\(name)")
        #expect(try FileEventStore(readingFrom: store).batches.count == 2, "\(name)")
        let clean = try runBinary(["verify", "--store", store])
        #expect(clean.code == 0 && !clean.out.contains("sealed"), "\(name): \(clean.out)")
      }
    }
  }

  /// An ingest killed while its snapshot streams (the first export of calls, far enough into
  /// the file for the writer's thread to have started): part-way through the batch, or after
  /// its commit before the seal. No snapshot is put in place for a batch that is not whole;
  /// verify is clean; ingesting the file again gives the events of a clean run, and the
  /// reports read from whatever snapshot there is are those computed without one.
  @Test func killedWhileItsSnapshotStreams() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/calls.csv"
      try writeFile(file, CrashTests.largeCallLog(rows: 12_000))
      let streaming = [
        "PLEDGE_SNAPSHOT_AFTER_EVENTS": "0", "PLEDGE_SNAPSHOT_STREAM_AFTER_RECORDS": "0", "PLEDGE_CACHE_TRACE": "1",
      ]
      let clean = try runBinary(["ingest", "calls", file, "--store", dir + "/clean"], environment: streaming)
      #expect(clean.err.contains("written by ingest while reading"), "\(clean.err)")
      let reader = try FileEventStore(readingFrom: dir + "/clean")
      let expected = try allEvents(reader)
      let batchBytes = reader.batches[0].byteRange.count
      for (name, kill) in [("half", ["PLEDGE_TEST_KILL_AFTER_BYTES": String(batchBytes / 2)]), ("seal", ["PLEDGE_TEST_KILL_AT": "seal"])] {
        let store = dir + "/" + name
        try writeFile(dir + "/u.csv", "unit_id\nU1\n")
        #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
        let killed = try runBinary(["ingest", "calls", file, "--store", store], environment: streaming.merging(kill) { $1 })
        #expect(killed.code != 0, "\(name)")
        // The stream's file may lie aside, never in place.
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: store + "/cache")) ?? []
        #expect(!cached.contains("calls.snapshot"), "\(name): \(cached)")
        try checkRecovered(store, file: file, expected: expected, batches: 2, context: name)
        var reports: [[UInt8]] = []
        for useCache in [true, false] {
          if !useCache { try? FileManager.default.removeItem(atPath: store + "/cache") }
          let report = try runBinaryBytes(["report", "compliance", "--quarter", "2026Q1", "--store", store])
          #expect(report.code == 0, "\(name): \(report.err)")
          reports.append(report.out)
        }
        #expect(reports[0] == reports[1], "\(name): the cache changed the report")
      }
    }
  }

  /// A calendar batch (its events written behind the escape byte of log format 2) killed
  /// part-way, or after its commit but before its seal: verify is clean, the year counts only
  /// once the batch is whole, and ingesting the file again finishes the job.
  @Test func aCalendarIngestKilledPartWay() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/2027.csv"
      var text = "date,kind,name\n"
      for day in 1...31 { text += "2027-01-\(day < 10 ? "0" : "")\(day),\(day % 7 == 0 ? "work" : "off"),测试\n" }
      try writeFile(file, text)
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      func store(_ name: String) throws -> String {
        let store = dir + "/" + name
        #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
        return store
      }
      let reference = try store("reference")
      #expect(try runBinary(["ingest", "calendar", file, "--store", reference]).code == 0)
      let referenceReader = try FileEventStore(readingFrom: reference)
      let expected = try allEvents(referenceReader)
      let batchBytes = referenceReader.batches[1].byteRange.count
      let cases: [(name: String, environment: [String: String], stands: Bool)] = [
        ("first-byte", ["PLEDGE_TEST_KILL_AFTER_BYTES": "1"], false),
        ("half", ["PLEDGE_TEST_KILL_AFTER_BYTES": String(batchBytes / 2)], false),
        ("all-but-one-byte", ["PLEDGE_TEST_KILL_AFTER_BYTES": String(batchBytes - 1)], false),
        ("before-the-seal", ["PLEDGE_TEST_KILL_AT": "seal"], true),
      ]
      for (name, environment, stands) in cases {
        let store = try store(name)
        let killed = try runBinary(["ingest", "calendar", file, "--store", store], environment: environment)
        #expect(killed.code != 0, "\(name)")
        let verify = try runBinary(["verify", "--store", store])
        #expect(verify.code == 0, "\(name): \(verify.out) \(verify.err)")
        let status = try runBinary(["status", "--store", store])
        #expect(status.out.contains("2027 from the store") == stands, "\(name): \(status.out)")
        let again = try runBinary(["ingest", "calendar", file, "--store", store])
        #expect(again.code == 0, "\(name): \(again.err)")
        #expect(again.err.contains("already ingested") == stands, "\(name): \(again.err)")
        let reader = try FileEventStore(readingFrom: store)
        #expect(reader.batches.count == 2, "\(name)")
        #expect(try allEvents(reader) == expected, "\(name)")
        #expect(try runBinary(["status", "--store", store]).out.contains("2027 from the store"), "\(name)")
      }
    }
  }

  /// `kill -9` from outside at random moments while a large batch is being written. Only kills
  /// that landed inside the batch count — the process was killed by the signal, a reader sees
  /// no batch yet, and the log holds bytes of it past its header — and enough of them must
  /// land: a kill that came after the ingest finished, or before it wrote anything, proves
  /// nothing about recovery. Every store, whatever the kill hit, must recover.
  @Test func killedFromOutsideAtRandomMoments() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/calls.csv"
      try writeFile(file, CrashTests.largeCallLog(rows: 20_000))
      let (expected, batchBytes) = try cleanEvents(dir, file: file)
      let seed = testSeed(default: 7)
      var random = SeededRandom(seed: seed)
      let required = 5
      var landed = 0
      var attempts = 0
      while landed < required, attempts < 30 {
        attempts += 1
        let store = dir + "/killed-\(attempts)"
        let log = store + "/events.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pledgeBinary)
        process.arguments = ["ingest", "calls", file, "--store", store]
        process.standardError = FileHandle.nullDevice
        // A random point of the batch: the kill comes once the log has grown past it.
        let point = LogFormat.headerSize + Int.random(in: 1..<batchBytes, using: &random)
        try process.run()
        while process.isRunning, FileEventStore.size(of: log) < point { usleep(20) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killedBySignal = process.terminationReason == .uncaughtSignal
        let size = FileEventStore.size(of: log)
        let committed = (try? FileEventStore(readingFrom: store))?.batches.count ?? 0
        if killedBySignal, committed == 0, size > LogFormat.headerSize { landed += 1 }
        try checkRecovered(store, file: file, expected: expected, context: "seed \(seed), attempt \(attempts)")
      }
      #expect(landed >= required, "seed \(seed): only \(landed) of \(attempts) kills landed inside the batch")
    }
  }
}
