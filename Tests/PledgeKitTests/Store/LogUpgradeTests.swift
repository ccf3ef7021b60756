import Foundation
import Testing

@testable import PledgeKit

/// A writer that opens a version-1 log upgrades it to version 2 before appending: a copy with
/// the new header and every frame unchanged, the last batch sealed, renamed into place.
@Suite struct LogUpgradeTests {
  static let versionOne: [UInt8] = try! readBytes(
    CrashSafetyTests.versionOneDirectory + "/events.log")

  /// The store in `dir` holding a copy of the version-1 log kept in the repository.
  func versionOneStore(_ dir: String, bytes: [UInt8] = LogUpgradeTests.versionOne) throws {
    try writeFile(dir + "/events.log", bytes: bytes)
  }


  /// The seal the version-1 batch `range` of `bytes` gets.
  func seal(_ bytes: [UInt8], _ batch: Int, _ range: Range<Int>) -> [UInt8] {
    let commit = lastFrameStart(bytes, range)
    return LogFormat.seal(
      batch: batch, commitEnd: range.upperBound,
      commitPayload: Array(bytes[(commit + LogFormat.frameHeaderSize)..<range.upperBound]))
  }

  @Test func aWriterUpgradesAVersionOneLog() throws {
    try withTemporaryDirectory { dir in
      let v1 = LogUpgradeTests.versionOne
      try versionOneStore(dir)
      let before = try FileEventStore(readingFrom: dir).batches
      #expect(before.count == 2)
      #expect(try readBytes(dir + "/events.log") == v1, "readers never upgrade")
      do {
        let writer = try FileEventStore(writingTo: dir)
        #expect(
          writer.recoveryNote?.contains("upgraded the event log from format version 1 to 2") == true
        )
        #expect(writer.batches == before, "the same batches at the same offsets")
        let log = try readBytes(dir + "/events.log")
        #expect(Array(log[0..<LogFormat.headerSize]) == LogFormat.header(version: 2))
        #expect(log[LogFormat.headerSize..<v1.count] == v1[LogFormat.headerSize...])
        #expect(Array(log[v1.count...]) == seal(v1, 2, before[1].byteRange))
        #expect(!FileManager.default.fileExists(atPath: dir + "/events.log.new"))
        #expect(try writer.append(sampleDraft(3)).number == 3)
      }
      let verification = try FileEventStore.verify(directory: dir)
      #expect(verification.isClean && verification.batches == 3 && verification.events == 90)
      #expect(try allEvents(try FileEventStore(readingFrom: dir)).count == 90)
      #expect(try FileEventStore(writingTo: dir).recoveryNote == nil)
    }
  }

  /// The latest business time of an upgraded log (ingest's calendar warning) is the one a
  /// replay finds: its version-1 batches, which did not record it, are read; later batches
  /// give theirs.
  @Test func anUpgradedLogKnowsItsLatestBusinessTime() throws {
    try withTemporaryDirectory { dir in
      try versionOneStore(dir)
      let writer = try FileEventStore(writingTo: dir)
      #expect(!writer.batches[0].counts.recordsBusinessTimes)
      let replayed = try #require(try Projection.replaying(writer).latestBusinessTime)
      #expect(try writer.latestBusinessTime() == replayed)
      _ = try writer.append(sampleDraft(3))
      #expect(writer.batches[2].counts.recordsBusinessTimes)
      #expect(try writer.latestBusinessTime() == Projection.replaying(writer).latestBusinessTime)
    }
  }

  /// In the upgraded log, too, every flipped byte is damage: the version-1 batches are
  /// followed by valid frames, the last one by its seal.
  @Test func anUpgradedLogFindsEveryFlippedByte() throws {
    try withTemporaryDirectory { dir in
      try FileManager.default.createDirectory(
        atPath: dir + "/original", withIntermediateDirectories: true)
      try versionOneStore(dir + "/original")
      do { _ = try FileEventStore(writingTo: dir + "/original").append(sampleDraft(3, count: 8)) }
      let bytes = try readBytes(dir + "/original/events.log")
      for offset in 0..<bytes.count {
        let store = dir + "/flip"
        try? FileManager.default.removeItem(atPath: store)
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        var damaged = bytes
        damaged[offset] ^= 0x5A
        try writeFile(store + "/events.log", bytes: damaged)
        #expect(!(try FileEventStore.verify(directory: store).isClean), "flip at \(offset)")
        #expect(throws: Diagnostic.self, "flip at \(offset)") {
          try FileEventStore(writingTo: store)
        }
      }
    }
  }

  /// A crash during the upgrade, before the rename, leaves the version-1 log as it was and a
  /// stray copy: readers ignore the copy, the next writer upgrades afresh.
  @Test func anInterruptedUpgradeIsDoneAgain() throws {
    try withTemporaryDirectory { dir in
      try versionOneStore(dir)
      try writeFile(dir + "/events.log.new", bytes: Array(LogFormat.header()) + [0xA5, 0xF7, 1])
      #expect(try FileEventStore(readingFrom: dir).batches.count == 2)
      #expect(try FileEventStore.verify(directory: dir).isClean)
      do { _ = try FileEventStore(writingTo: dir).append(sampleDraft(3)) }
      #expect(!FileManager.default.fileExists(atPath: dir + "/events.log.new"))
      #expect(try FileEventStore.verify(directory: dir).batches == 3)
    }
  }

  /// An unfinished version-1 batch is discarded by version-1 rules first; then the log is
  /// upgraded with the batch before it sealed.
  @Test func aTornVersionOneTailIsDiscardedBeforeTheUpgrade() throws {
    try withTemporaryDirectory { dir in
      let v1 = LogUpgradeTests.versionOne
      let batches = try FileEventStore(readingFrom: CrashSafetyTests.versionOneDirectory).batches
      try versionOneStore(dir, bytes: Array(v1[0..<(v1.count - 5)]))
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.recoveryNote?.contains("discarded an unfinished batch") == true)
      #expect(writer.recoveryNote?.contains("upgraded the event log") == true)
      #expect(writer.batches == [batches[0]])
      let end = batches[0].byteRange.upperBound
      #expect(
        try readBytes(dir + "/events.log") == LogFormat.header() + v1[LogFormat.headerSize..<end]
          + seal(v1, 1, batches[0].byteRange))
    }
  }

  /// A damaged version-1 log is refused as it is: not upgraded, not changed.
  @Test func aDamagedVersionOneLogIsNotUpgraded() throws {
    try withTemporaryDirectory { dir in
      var damaged = LogUpgradeTests.versionOne
      damaged[40] ^= 0x5A
      try versionOneStore(dir, bytes: damaged)
      #expect(throws: Diagnostic.self) { try FileEventStore(writingTo: dir) }
      #expect(try readBytes(dir + "/events.log") == damaged)
      #expect(!FileManager.default.fileExists(atPath: dir + "/events.log.new"))
    }
  }

  /// Version-1 rules are kept for a version-1 log until a writer upgrades it: there, a commit
  /// that does not check out at the end is an unfinished batch (which is why writers upgrade).
  @Test func aVersionOneLogIsReadByVersionOneRules() throws {
    try withTemporaryDirectory { dir in
      var log = LogUpgradeTests.versionOne
      log[log.count - 3] ^= 0x5A
      try versionOneStore(dir, bytes: log)
      let verification = try FileEventStore.verify(directory: dir)
      #expect(
        verification.isClean && verification.batches == 1 && verification.unfinishedTailBytes > 0)
    }
  }
}
