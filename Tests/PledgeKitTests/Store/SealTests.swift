import Foundation
import Testing

@testable import PledgeKit

/// Version 2 seals every commit: what follows a commit is its seal, a seal cut off by a crash
/// (the batch stands and is sealed by the next writer), or damage.
@Suite struct SealTests {
  static let seal = LogFormat.seal(batch: 7, commitEnd: 123_456, commitChecksum: 0xDEAD_BEEF)

  func state(_ following: [UInt8], rest: Int? = nil, zero: Bool? = nil, begin: Bool = false)
    -> LogFormat.SealState
  {
    LogFormat.sealState(
      seal: SealTests.seal, following: following, restLength: rest ?? following.count,
      restIsZero: zero ?? following.allSatisfy { $0 == 0 }, beginFollows: begin)
  }

  @Test func theRules() {
    let seal = SealTests.seal
    let n = seal.count
    // Whole, and whole with the next batch after it.
    #expect(state(seal) == .sealed)
    #expect(state(seal, rest: n + 500, zero: false) == .sealed)
    // Nothing, the start of it, zeros: a write cut off, the batch stands.
    #expect(state([]) == .unsealed(written: 0))
    for k in 1..<n { #expect(state(Array(seal.prefix(k))) == .unsealed(written: k)) }
    #expect(state([UInt8](repeating: 0, count: n)) == .unsealed(written: n))
    #expect(
      state([UInt8](repeating: 0, count: n), rest: 4096, zero: true) == .unsealed(written: 4096))
    // Its length with two or more bytes zero or stale: torn across pages, not one changed byte.
    var torn = seal
    torn[n - 1] = 0
    torn[n - 2] = 0
    #expect(state(torn) == .unsealed(written: n))
    // A batch written under version 1, followed directly by the next one.
    #expect(
      state(Array(seal.prefix(3)) + [1, 2], rest: 900, zero: false, begin: true)
        == .unsealedVersionOne)
    // Anything longer than the seal that is not the seal: damage.
    var bad = seal
    bad[0] ^= 0x5A
    #expect(state(bad, rest: n + 500, zero: false) == .damaged)
    #expect(state(torn, rest: n + 1, zero: false) == .damaged)
  }

  /// Changing any one byte of a seal to any other value is damage, never a seal cut off.
  @Test func everyChangeOfOneSealByteIsDamage() {
    for position in SealTests.seal.indices {
      for change in 1...255 as ClosedRange<UInt8> {
        var bytes = SealTests.seal
        bytes[position] ^= change
        #expect(state(bytes) == .damaged, "byte \(position) ^ \(change)")
      }
    }
  }

  /// A store of two batches: the log's bytes, batch 2's range (begin to commit) and the range
  /// of its seal (to the end of the log).
  func twoBatches(_ dir: String) throws -> (bytes: [UInt8], second: Range<Int>, seal: Range<Int>) {
    let store = try FileEventStore(writingTo: dir)
    _ = try store.append(sampleDraft(1, count: 30))
    let info = try store.append(sampleDraft(2, count: 30))
    let bytes = try readBytes(dir + "/events.log")
    return (bytes, info.byteRange, info.byteRange.upperBound..<bytes.count)
  }

  /// `log` holds batch 2 whole with its seal missing or unfinished: readers and verify see
  /// both batches, and the next writer seals batch 2, which gives back `original` exactly.
  func checkUnsealed(_ log: [UInt8], original: [UInt8], context: String) throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/events.log", bytes: log)
      let reader = try FileEventStore(readingFrom: dir)
      #expect(reader.batches.count == 2, "\(context)")
      #expect(reader.tailDamage == nil, "\(context)")
      #expect(try allEvents(reader).count == 60, "\(context)")
      let verification = try FileEventStore.verify(directory: dir)
      #expect(verification.isClean, "\(context)")
      #expect(verification.unsealedBatch == 2, "\(context)")
      #expect(verification.unfinishedTailBytes == 0, "\(context)")
      let verify = runPledge(["verify", "--store", dir])
      #expect(verify.code == .success, "\(context)")
      #expect(
        verify.out.contains("batch 2 is stored whole but not yet sealed"),
        "\(context): \(verify.out)")
      let writer = try FileEventStore(writingTo: dir)
      #expect(
        writer.recoveryNote?.contains("batch 2 (calls-2.csv) was stored whole") == true,
        "\(context)")
      #expect(writer.batches.count == 2, "\(context)")
      #expect(try readBytes(dir + "/events.log") == original, "\(context)")
      #expect(try writer.append(sampleDraft(3)).number == 3, "\(context)")
      let after = try FileEventStore.verify(directory: dir)
      #expect(after.isClean && after.unsealedBatch == nil && after.batches == 3, "\(context)")
    }
  }

  /// A crash between the commit's flush and the seal's, at every byte of the seal.
  @Test func aSealCutOffAtAnyByteKeepsTheBatch() throws {
    try withTemporaryDirectory { dir in
      let (bytes, _, seal) = try twoBatches(dir)
      for cut in seal.lowerBound..<seal.upperBound {
        try checkUnsealed(Array(bytes[0..<cut]), original: bytes, context: "cut at \(cut)")
      }
    }
  }

  /// A power cut that kept the log's new length but not (all of) the seal's bytes: zeros in
  /// place of all of it, of its end, or of its start (a seal across two pages, of which only
  /// the second reached the disk). Where that leaves exactly one byte of the seal wrong, it is
  /// damage, as a changed byte would be.
  @Test func aZeroFilledSealKeepsTheBatch() throws {
    try withTemporaryDirectory { dir in
      let (bytes, _, seal) = try twoBatches(dir)
      let n = seal.count
      var zeroings: [(String, Range<Int>)] = [("all", seal)]
      for k in [1, 2, n / 2, n - 2, n - 1] {
        zeroings.append(("from byte \(k)", (seal.lowerBound + k)..<seal.upperBound))
        zeroings.append(("before byte \(k)", seal.lowerBound..<(seal.lowerBound + k)))
      }
      for (context, range) in zeroings {
        var log = bytes
        for i in range { log[i] = 0 }
        let wrong = range.filter { bytes[$0] != 0 }.count
        if wrong >= 2 {
          try checkUnsealed(log, original: bytes, context: "zeros \(context)")
        } else if wrong == 1 {
          try withTemporaryDirectory { store in
            try writeFile(store + "/events.log", bytes: log)
            #expect(
              try FileEventStore.verify(directory: store).damage?.offset == seal.lowerBound,
              "zeros \(context)")
          }
        }
      }
    }
  }

  /// The case: one flipped byte in the last commit, whose seal is intact, is damage
  /// at that commit — not an interrupted ingest whose batch the next writer discards.
  @Test func aFlippedLastCommitIsDamage() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second, _) = try twoBatches(dir + "/original")
      var commit = second.lowerBound
      while case let next = commit + LogFormat.frameHeaderSize + Int(bytes[commit + 4]) | Int(
        bytes[commit + 5]) << 8,
        next < second.upperBound
      {
        commit = next
      }
      var damaged = bytes
      damaged[second.upperBound - 3] ^= 0x01
      try writeFile(dir + "/events.log", bytes: damaged)
      let damage = try #require(try FileEventStore.verify(directory: dir).damage)
      #expect(damage.offset == commit)
      #expect(damage.batch == 2)
      let error = try #require(throws: Diagnostic.self) { try FileEventStore(writingTo: dir) }
      #expect(error.message.contains("damaged at byte \(commit) (batch 2)"))
      #expect(try readBytes(dir + "/events.log") == damaged)
    }
  }
}
