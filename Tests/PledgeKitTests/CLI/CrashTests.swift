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

  /// `kill -9` from outside at arbitrary moments of a large ingest.
  @Test func killedFromOutsideAtRandomMoments() throws {
    try withTemporaryDirectory { dir in
      let file = dir + "/calls.csv"
      try writeFile(file, CrashTests.largeCallLog(rows: 20_000))
      let start = Date()
      let (expected, _) = try cleanEvents(dir, file: file)
      let duration = Date().timeIntervalSince(start)
      var random = SeededRandom(seed: 7)
      for attempt in 0..<4 {
        let store = dir + "/killed-\(attempt)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pledgeBinary)
        process.arguments = ["ingest", "calls", file, "--store", store]
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(Double.random(in: 0.2...1.0, using: &random) * duration * 1_000_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try checkRecovered(store, file: file, expected: expected, context: "attempt \(attempt)")
      }
    }
  }
}
