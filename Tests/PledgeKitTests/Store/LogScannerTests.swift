import Foundation
import Glibc
import Testing

@testable import PledgeKit

/// L: what follows the last committed batch is a torn tail unless a valid commit frame follows
/// the fault, and then it is damage.
@Suite struct LogScannerTests {
  /// A store of two committed batches (the second with a rejected row): the log's bytes, the
  /// byte range of batch 2 and where its commit frame starts.
  func twoBatches(_ dir: String) throws -> (bytes: [UInt8], second: Range<Int>, commit: Int) {
    let store = try FileEventStore(writingTo: dir)
    _ = try store.append(sampleDraft(1, count: 30))
    var draft = sampleDraft(2, count: 3_000)
    draft.quarantineRows = Array("f,3,c,v,r,rec\n".utf8)
    let info = try store.append(draft)
    let bytes = try readBytes(dir + "/events.log")
    return (bytes, info.byteRange, lastFrameStart(bytes, info.byteRange))
  }


  /// Writes `bytes` as the log of a fresh store and checks that the store holds batch 1 only,
  /// with `tail` bytes after it that the next writer discards.
  func checkTorn(_ bytes: [UInt8], committed: Int, context: String) throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/events.log", bytes: bytes)
      let reader = try FileEventStore(readingFrom: dir)
      #expect(reader.batches.count == 1, "\(context)")
      #expect(reader.tailDamage == nil, "\(context)")
      let verification = try FileEventStore.verify(directory: dir)
      #expect(verification.isClean, "\(context)")
      #expect(verification.unfinishedTailBytes == bytes.count - committed, "\(context)")
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.recoveryNote != nil, "\(context)")
      #expect(FileEventStore.size(of: dir + "/events.log") == committed, "\(context)")
      #expect(try writer.append(sampleDraft(3)).number == 2, "\(context)")
      #expect(try FileEventStore.verify(directory: dir).isClean, "\(context)")
    }
  }

  /// Writes `bytes` as the log of a fresh store and checks that it is damage at `offset`:
  /// verify says so, writers refuse and change nothing, readers keep batch 1.
  func checkDamaged(_ bytes: [UInt8], at offset: Int, context: String) throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/events.log", bytes: bytes)
      let damage = try FileEventStore.verify(directory: dir).damage
      #expect(damage?.offset == offset, "\(context)")
      #expect(throws: Diagnostic.self, "\(context)") { try FileEventStore(writingTo: dir) }
      #expect(try readBytes(dir + "/events.log") == bytes, "\(context)")
      let reader = try FileEventStore(readingFrom: dir)
      #expect(reader.batches.count == 1, "\(context)")
      #expect(reader.tailDamage?.offset == offset, "\(context)")
    }
  }

  /// A power cut before the flush: the unfinished batch's first pages read as zeros, later
  /// ones as written, and its commit never came.
  @Test func zeroFilledPagesBeforeWrittenOnesAreATornTail() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second, commit) = try twoBatches(dir)
      for zeros in [1, 12, 100, 4096 - second.lowerBound % 4096] {
        var log = Array(bytes[0..<commit])
        for i in second.lowerBound..<second.lowerBound + zeros { log[i] = 0 }
        try checkTorn(log, committed: second.lowerBound, context: "\(zeros) zeros")
      }
    }
  }

  /// Bytes that are no frame at all, with no commit after them.
  @Test(arguments: [1, 11, 12, 100, 5_000] as [Int])
  func aGarbageTailIsATornTail(length: Int) throws {
    try withTemporaryDirectory { dir in
      let (bytes, second, _) = try twoBatches(dir)
      var random = SeededRandom(seed: UInt64(length))
      let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
      let start = second.lowerBound
      try checkTorn(Array(bytes[0..<start]) + garbage, committed: start, context: "\(length) bytes")
      // What a failed append used to leave: the end of a longer batch after a shorter one.
      try checkTorn(
        Array(bytes[0..<start]) + Array(bytes[(start + 700)..<(second.upperBound - 40)]),
        committed: start, context: "the middle of a batch")
    }
  }

  /// A commit frame that reads as zeros (a power cut before its flush, so no seal was
  /// written after it): the batch never completed.
  @Test func aZeroFilledCommitIsATornTail() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second, commit) = try twoBatches(dir)
      var log = Array(bytes[0..<second.upperBound])
      for i in commit..<second.upperBound { log[i] = 0 }
      try checkTorn(log, committed: second.lowerBound, context: "zeroed commit")
    }
  }

  /// Garbage followed by a complete batch is damage, never a tail to discard.
  @Test func garbageFollowedByACompleteBatchIsDamage() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second, _) = try twoBatches(dir)
      let start = second.lowerBound
      var random = SeededRandom(seed: 11)
      let garbage = (0..<100).map { _ in UInt8.random(in: 0...255, using: &random) }
      try checkDamaged(
        Array(bytes[0..<start]) + garbage + Array(bytes[start...]), at: start, context: "inserted")
      var overwritten = bytes
      overwritten.replaceSubrange(start..<start + 100, with: garbage)
      try checkDamaged(overwritten, at: start, context: "overwritten")
      var zeroed = bytes
      for i in start..<start + 100 { zeroed[i] = 0 }
      try checkDamaged(zeroed, at: start, context: "zeroed")
    }
  }
}
