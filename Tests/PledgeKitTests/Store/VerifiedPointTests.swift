import Foundation
import Testing

@testable import PledgeKit

/// A writer checks the events frames appended since its verified point (`STORE/verified`) and
/// a share of the older ones in turn ($PLEDGE_SCRUB_BYTES, 64 MiB by default: all of a small
/// log), not the whole log at every open; a point that does not match the log is ignored.
@Suite struct VerifiedPointTests {
  @Test func aWriterChecksWhatWasAppendedSinceItsPointAndScrubsTheRest() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      try writeFile(dir + "/calls.csv", CrashTests.largeCallLog(rows: 3_000))
      try writeFile(dir + "/u2.csv", "unit_id\nU2\n")
      try writeFile(dir + "/u3.csv", "unit_id\nU3\n")
      #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
      #expect(try runBinary(["ingest", "calls", dir + "/calls.csv", "--store", store]).code == 0)
      // The next writer checks the calls batch and records that batches 1…2 are sound.
      #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
      let batches = try FileEventStore(readingFrom: store).batches
      let point = try #require(VerifiedPoint.load(directory: store, matching: batches))
      #expect(point.batches == 2)
      #expect(VerifiedPoint.load(directory: store, matching: Array(batches.prefix(1))) == nil)
      // One byte of the calls batch's events changes after it was verified.
      let log = store + "/events.log"
      var bytes = try readBytes(log)
      let calls = batches[1].byteRange
      bytes[(calls.lowerBound + calls.upperBound) / 2] ^= 0x10
      try writeFile(log, bytes: bytes)
      // With no scrub, a writer trusts its point for the old batch: the change goes unseen
      // until a scrub, a replay or 'pledge verify' reads it.
      let trusting = try runBinary(["ingest", "units", dir + "/u2.csv", "--store", store], environment: ["PLEDGE_SCRUB_BYTES": "0"])
      #expect(trusting.code == 0, "\(trusting.err)")
      #expect(try runBinary(["verify", "--store", store]).code == 1)
      // The default scrub covers this small log at every open: the next writer refuses.
      let scrubbing = try runBinary(["ingest", "units", dir + "/u3.csv", "--store", store])
      #expect(scrubbing.code == 1)
      #expect(scrubbing.err.contains("the event log is damaged at byte"), "\(scrubbing.err)")
      // Without a point, even with no scrub, the whole log is checked.
      try FileManager.default.removeItem(atPath: store + "/" + VerifiedPoint.fileName)
      let full = try runBinary(["ingest", "units", dir + "/u3.csv", "--store", store], environment: ["PLEDGE_SCRUB_BYTES": "0"])
      #expect(full.code == 1)
      #expect(full.err.contains("checksum mismatch"), "\(full.err)")
    }
  }

  /// The scrub goes round the older frames a budget at a time and starts again at the front.
  @Test func theScrubGoesRoundTheLog() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      for i in 0..<4 {
        try writeFile(dir + "/c\(i).csv", CrashTests.largeCallLog(rows: 2_000 + i))
        #expect(try runBinary(["ingest", "calls", dir + "/c\(i).csv", "--store", store]).code == 0)
      }
      let fd = open(store + "/events.log", O_RDONLY)
      defer { close(fd) }
      let scanner = LogScanner(fd: fd)
      var seen: Set<Int> = []
      var wrapped = false
      var previous = 0
      for _ in 0..<64 {
        let (index, point) = try scanner.writerIndex(pointIn: store, scrubBudget: 20_000)
        let next = try #require(point)
        #expect(index.batches.count == 4)
        #expect(next.batches == 4)
        if next.scrubFrom < previous { wrapped = true }
        previous = next.scrubFrom
        seen.insert(next.scrubFrom)
        next.save(directory: store)
        if wrapped, seen.count >= 2 { break }
      }
      #expect(wrapped && seen.count >= 2, "\(seen)")
    }
  }
}
