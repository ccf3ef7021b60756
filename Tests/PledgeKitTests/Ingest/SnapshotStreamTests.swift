import Foundation
import Testing

@testable import PledgeKit

/// The first export of a source streams its snapshot while it is read (SnapshotStream): the
/// body is the one ingest would encode afterwards, byte for byte; a row changing a record
/// already written drops the stream and ingest encodes the snapshot afterwards instead; either
/// way the next report reads the snapshot, and deleting the cache changes no report.
@Suite(.serialized) struct SnapshotStreamTests {
  /// 12,000 calls (six chunks of rows, so records are handed to the writer's thread while
  /// the file is read), then `extra` rows.
  static func callExport(extra: [String] = []) -> String {
    let header = "call_id,received_at,answered_at,rings,category,unit_id,unit_class,zone,operator_id"
    return ([header] + (0..<12_000).map { call($0) } + extra).joined(separator: "\n") + "\n"
  }

  /// Call `i`, about ten minutes after the one before from 2026-01-01 on (`category` given,
  /// or one of three, one of them longer than the 15 bytes a snapshot writes in place).
  static func call(_ i: Int, category: String? = nil) -> String {
    // From 2026-01-01 00:00 (`Instant` writes its civil time, which the export gives as China time).
    let received = Instant(secondsSinceEpoch: 1_767_225_600 + Int64(i) * 617)
    let answered = Instant(secondsSinceEpoch: received.secondsSinceEpoch + Int64(i % 29))
    let category = category ?? ["噪音扰民", "交通事故", "求助 — a longer category than fifteen bytes"][i % 3]
    return "JJ\(100_000 + i),\(received),\(answered),\(1 + i % 5),\(category),DW\(i % 40),\(1 + i % 3),"
      + "\(i % 2 == 0 ? "urban" : "rural"),OP\(i % 17)"
  }

  /// Ingests `csv` into a new store, with the stream allowed from the first record; returns
  /// the store and the cache trace of the ingest.
  static func ingest(_ csv: String, in dir: String, streaming: Bool) throws -> (store: String, trace: String) {
    let store = dir + "/store-\(streaming)"
    try writeFile(dir + "/calls.csv", csv)
    let result = try runBinary(
      ["ingest", "calls", dir + "/calls.csv", "--store", store],
      environment: [
        "PLEDGE_CACHE_TRACE": "1", "PLEDGE_SNAPSHOT_AFTER_EVENTS": "0",
        "PLEDGE_SNAPSHOT_STREAM_AFTER_RECORDS": streaming ? "0" : "999999999",
      ])
    #expect(result.code == 0, "\(result.err)")
    return (store, result.err)
  }

  /// The body of a snapshot file (its length is in the trailer).
  static func body(_ path: String) throws -> ArraySlice<UInt8> {
    let bytes = try readBytes(path)
    let length = bytes[(bytes.count - 16)..<(bytes.count - 8)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    return bytes[16..<(16 + length)]
  }

  /// The compliance and obligations reports of 2026Q1: read from the cache (nothing replayed),
  /// then without it, byte for byte the same.
  static func expectReportsFromTheSnapshot(_ store: String) throws -> [[UInt8]] {
    var warm: [[UInt8]] = []
    for kind in ["compliance", "obligations"] {
      let result = try runBinaryBytes(
        ["report", kind, "--quarter", "2026Q1", "--store", store], environment: ["PLEDGE_CACHE_TRACE": "1"])
      #expect(result.code == 0, "\(result.err)")
      #expect(result.err.contains("cache: calls: loaded the snapshot of batch 1, replayed 0 events past it"), "\(result.err)")
      warm.append(result.out)
    }
    try FileManager.default.removeItem(atPath: store + "/cache")
    for (kind, expected) in zip(["compliance", "obligations"], warm) {
      let result = try runBinaryBytes(["report", kind, "--quarter", "2026Q1", "--store", store])
      #expect(result.out == expected, "\(kind): deleting the cache changed the report")
    }
    return warm
  }

  @Test func aFirstExportStreamsTheSnapshotItWouldOtherwiseEncodeAfterwards() throws {
    try withTemporaryDirectory { dir in
      let csv = Self.callExport()
      let streamed = try Self.ingest(csv, in: dir, streaming: true)
      #expect(streamed.trace.contains("cache: calls: snapshot of batch 1 written by ingest while reading"), "\(streamed.trace)")
      let encoded = try Self.ingest(csv, in: dir, streaming: false)
      #expect(encoded.trace.contains("cache: calls: snapshot of batch 1 written by ingest\n"), "\(encoded.trace)")
      let streamedBody = try Self.body(streamed.store + "/cache/calls.snapshot")
      #expect(streamedBody.count > 12_000 * 20)
      #expect(streamedBody == (try Self.body(encoded.store + "/cache/calls.snapshot")))
      // Nothing is left aside in the cache.
      #expect(try FileManager.default.contentsOfDirectory(atPath: streamed.store + "/cache") == ["calls.snapshot"])
      let fromStream = try Self.expectReportsFromTheSnapshot(streamed.store)
      #expect(fromStream == (try Self.expectReportsFromTheSnapshot(encoded.store)))
    }
  }

  @Test func aRowRepeatingAKeyCloseByKeepsTheStream() throws {
    try withTemporaryDirectory { dir in
      // Call 9,000 again at the end, with its category changed: two chunks of rows later, so
      // its record has not been handed over yet.
      let csv = Self.callExport(extra: [Self.call(9_000, category: "治安案件")])
      let streamed = try Self.ingest(csv, in: dir, streaming: true)
      #expect(streamed.trace.contains("written by ingest while reading"), "\(streamed.trace)")
      let fromCache = try FileEventStore(readingFrom: streamed.store).projection()
      #expect(fromCache.snapshotBatches[.calls] == 1)
      #expect(fromCache.calls["JJ109000"]?.category == "治安案件")
      _ = try Self.expectReportsFromTheSnapshot(streamed.store)
    }
  }

  @Test func aRowChangingARecordAlreadyWrittenDropsTheStream() throws {
    try withTemporaryDirectory { dir in
      // The first call again, thousands of rows later, with its category changed: its record
      // was written to the stream, so the snapshot is encoded from the table afterwards.
      let csv = Self.callExport(extra: [Self.call(0, category: "治安案件")])
      let streamed = try Self.ingest(csv, in: dir, streaming: true)
      #expect(streamed.trace.contains("cache: calls: snapshot of batch 1 written by ingest\n"), "\(streamed.trace)")
      #expect(!streamed.trace.contains("while reading"), "\(streamed.trace)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: streamed.store + "/cache") == ["calls.snapshot"])
      // The snapshot holds the correction.
      let fromCache = try FileEventStore(readingFrom: streamed.store).projection()
      #expect(fromCache.snapshotBatches[.calls] == 1)
      #expect(fromCache.calls["JJ100000"]?.category == "治安案件")
      #expect(fromCache.calls["JJ100001"]?.category == "交通事故")
      _ = try Self.expectReportsFromTheSnapshot(streamed.store)
    }
  }

  @Test func aSnapshotLeftAsideByAKilledCommandIsRemoved() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      try FileManager.default.createDirectory(atPath: store + "/cache", withIntermediateDirectories: true)
      // No process has pid 2^22 + 1 (above Linux's pid_max); pid 1 always runs. A file of a
      // process not running goes only once it is an hour old.
      try writeFile(store + "/cache/calls.snapshot.tmp-4194305", "left by a killed ingest")
      try writeFile(store + "/cache/visits.snapshot.tmp-1", "another process's, still running")
      try writeFile(store + "/cache/units.snapshot.tmp-4194306", "being written elsewhere, maybe")
      let old = Date(timeIntervalSinceNow: -7200)
      for name in ["calls.snapshot.tmp-4194305", "visits.snapshot.tmp-1"] {
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: store + "/cache/" + name)
      }
      _ = try Self.ingest(Self.callExport(), in: dir, streaming: true)
      let cached = try FileManager.default.contentsOfDirectory(atPath: dir + "/store-true/cache")
      #expect(cached == ["calls.snapshot"])
      try writeFile(dir + "/calls.csv", Self.callExport())
      let result = try runBinary(
        ["ingest", "calls", dir + "/calls.csv", "--store", store], environment: ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "0"])
      #expect(result.code == 0, "\(result.err)")
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: store + "/cache").sorted()
          == ["calls.snapshot", "units.snapshot.tmp-4194306", "visits.snapshot.tmp-1"])
    }
  }
}

@Suite struct IdleThreadTests {
  @Test func itRunsWhenWokenAndStopsBetweenSteps() throws {
    let woken = LockedCount()
    let thread = try #require(IdleThread { thread in
      while !thread.isStopping {
        thread.waitForWork()
        if !thread.isStopping { woken.add() }
      }
    })
    for _ in 0..<3 { thread.wakeUp() }
    // The machine's other cores are idle enough in a test for the thread to run.
    for _ in 0..<500 where woken.value < 3 { usleep(2_000) }
    #expect(woken.value == 3)
    thread.stop()
    thread.stop()  // a second stop is nothing
    #expect(woken.value == 3)
  }

  @Test func stopEndsABodyThatIsBusy() throws {
    let steps = LockedCount()
    let thread = try #require(IdleThread { thread in
      while !thread.isStopping { steps.add() }
    })
    for _ in 0..<500 where steps.value == 0 { usleep(2_000) }
    thread.stop()
    let after = steps.value
    usleep(10_000)
    #expect(after > 0)
    #expect(steps.value == after)
  }
}

private final class LockedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
