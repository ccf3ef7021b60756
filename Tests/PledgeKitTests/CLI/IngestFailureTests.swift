import Foundation
import Glibc
import Testing

@testable import PledgeKit

/// `pledge ingest` of several files when writing to the store itself fails: the failed batch
/// is removed again, the files after it are not attempted, and the store stays sound.
@Suite(.serialized) struct IngestFailureTests {
  /// Runs the real `pledge` with a file size limit of `bytes` (rounded down to 512-byte
  /// blocks) and SIGXFSZ ignored, so that a write past the limit fails with EFBIG ("File too
  /// large") as on a full disk.
  func runLimited(bytes: Int, _ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
    let script = "trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\""
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script, "sh", String(bytes / 512), pledgeBinary] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
  }

  @Test func aFileTooLargeStopsTheIngestAndLeavesTheStoreSound() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      let big = dir + "/bigA.csv"
      let small = dir + "/smallB.csv"
      let smallC = dir + "/smallC.csv"
      try writeFile(big, CrashTests.largeCallLog(rows: 6_000))
      try writeFile(small, callHeader + "S1,2026-02-10 10:00:00,,,,,,,,\n")
      try writeFile(smallC, callHeader + "S2,2026-02-10 11:00:00,,,,,,,,\n")
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      #expect(try runBinary(["ingest", "units", dir + "/u.csv", "--store", store]).code == 0)
      let before = try readBytes(store + "/events.log")

      let failed = try runLimited(
        bytes: before.count + 20_000, ["ingest", "calls", big, small, smallC, "--store", store])
      #expect(failed.code == 1, "\(failed.err)")
      #expect(failed.err.contains("File too large"), "\(failed.err)")
      #expect(failed.err.contains("nothing of \(big) was appended and the store is as it was"), "\(failed.err)")
      #expect(failed.err.contains("(not attempted: \(small), \(smallC))"), "\(failed.err)")
      #expect(failed.err.split(separator: "\n").count == 1, "\(failed.err)")
      #expect(try readBytes(store + "/events.log") == before)
      #expect(try runBinary(["verify", "--store", store]).code == 0)

      // Nothing to recover: the next ingest appends right after batch 1.
      let again = try runBinary(["ingest", "calls", small, big, "--store", store])
      #expect(again.code == 0, "\(again.err)")
      #expect(!again.err.contains("recovered"), "\(again.err)")
      let reader = try FileEventStore(readingFrom: store)
      #expect(reader.batches.map(\.provenance.fileName) == [dir + "/u.csv", small, big])
      #expect(reader.batches[2].byteRange.count > 20_000)
      #expect(try runBinary(["verify", "--store", store]).code == 0)
    }
  }

  /// The commit's flush fails after the batch's rejected rows reached quarantine.csv: they go
  /// with the batch.
  @Test func aFailedBatchTakesItsRejectedRowsWithIt() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      let bad = dir + "/bad.csv"
      let good = dir + "/good.csv"
      try writeFile(bad, callHeader + "C1,2026-02-10 10:00:00,,,,,,,,\nC2,2026-02-30 10:00,,,,,,,,\n")
      try writeFile(good, callHeader + "C3,2026-02-11 10:00:00,,,,,,,,\n")
      let failed = try runBinary(
        ["ingest", "calls", bad, good, "--store", store, "--summary", "json"],
        environment: ["PLEDGE_TEST_FAIL_AT": "commit-sync"])
      #expect(failed.code == 1, "\(failed.err)")
      #expect(failed.err.contains("cannot flush to disk"), "\(failed.err)")
      #expect(failed.err.contains("(not attempted: \(good))"), "\(failed.err)")
      #expect(failed.out.contains("\"status\":\"failed\""), "\(failed.out)")
      #expect(failed.out.contains("\"file\":\"\(good)\",\"source\":\"calls\",\"status\":\"not_attempted\""), "\(failed.out)")
      #expect(!FileManager.default.fileExists(atPath: store + "/quarantine.csv"))
      #expect(try FileEventStore(readingFrom: store).batches.isEmpty)
      #expect(try runBinary(["verify", "--store", store]).code == 0)

      let again = try runBinary(["ingest", "calls", bad, good, "--store", store])
      #expect(again.code == 3, "\(again.err)")
      let quarantine = try readText(store + "/quarantine.csv")
      #expect(quarantine.components(separatedBy: "2026-02-30").count == 4, "\(quarantine)")  // value, reason and record, once
      #expect(try FileEventStore(readingFrom: store).batches.count == 2)
    }
  }

  /// A file refused for its content (not a store failure) does not stop the others.
  @Test func aRefusedFileDoesNotStopTheOthers() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      try writeFile(dir + "/refused.csv", "call_id\nC1\n")
      try writeFile(dir + "/good.csv", callHeader + "C3,2026-02-11 10:00:00,,,,,,,,\n")
      let result = try runBinary(["ingest", "calls", dir + "/refused.csv", dir + "/good.csv", "--store", store])
      #expect(result.code == 1)
      #expect(!result.err.contains("not attempted"))
      #expect(try FileEventStore(readingFrom: store).batches.count == 1)
    }
  }
}
