import Foundation
import Glibc
import Testing

@testable import PledgeKit

/// A draft of one batch whose events carry the given texts (as call categories), one per record.
func textDraft(_ number: Int, texts: [String], before: Int = 0) -> BatchDraft {
  var draft = BatchDraft(
    provenance: BatchProvenance(
      source: .calls, fileName: "calls-\(number).csv", sha256: "sha-\(number)",
      ingestedAt: Instant(year: 2026, month: 4, day: 1)!))
  // Small events first, so that the large ones meet a block already partly filled.
  for i in 0..<before {
    draft.append(Event(.call(.categorized), "S\(number)-\(i)", .text("求助")), line: 2 + i, isCorrection: false)
    draft.counts.newFacts += 1
  }
  for (i, text) in texts.enumerated() {
    draft.append(Event(.call(.categorized), "C\(number)-\(i)", .text(text)), line: 2 + before + i, isCorrection: false)
    draft.counts.newFacts += 1
  }
  return draft
}

/// A text of `count` bytes that repeats no earlier one (`seed` makes it distinct).
func bulkyText(_ count: Int, seed: Int) -> String {
  let unit = "seed \(seed) "
  return String(String(repeating: unit, count: count / unit.utf8.count + 1).utf8.prefix(count))!
}

/// H1: no frame longer than the log's limit is ever written.
@Suite struct FrameLengthTests {
  /// One value longer than a frame holds is refused before a byte is written; the store stays
  /// sound and writable.
  @Test func anOverlongValueIsRefusedWithNothingAppended() throws {
    try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      _ = try store.append(sampleDraft(1))
      let size = FileEventStore.size(of: dir + "/events.log")
      let huge = textDraft(2, texts: [bulkyText(LogFormat.maximumPayload + 1_000, seed: 1)], before: 3)
      #expect {
        try store.append(huge)
      } throws: { error in
        guard let diagnostic = error as? Diagnostic else { return false }
        return diagnostic.exitCode == .failure && diagnostic.file == "calls-2.csv"
          && diagnostic.line == 5 && diagnostic.message.contains("more than the event log holds")
          && !diagnostic.description.contains("\n")
      }
      #expect(FileEventStore.size(of: dir + "/events.log") == size)
      #expect(store.batches.count == 1)
      #expect(try FileEventStore.verify(directory: dir).isClean)
      #expect(try store.append(sampleDraft(3)).number == 2)
      #expect(try FileEventStore.verify(directory: dir).isClean)
      #expect(try allEvents(try FileEventStore(readingFrom: dir)).count == 80)
    }
  }

  @Test func theMemoryStoreRefusesTheSameBatch() throws {
    let store = MemoryEventStore()
    #expect(throws: Diagnostic.self) {
      try store.append(textDraft(1, texts: [bulkyText(LogFormat.maximumPayload + 1, seed: 2)]))
    }
    #expect(store.batches.isEmpty)
  }

  /// A value that fits a frame on its own, but not after what the block already holds, starts
  /// a block of its own.
  @Test func aBlockIsClosedBeforeItOutgrowsAFrame() throws {
    try withTemporaryDirectory { dir in
      let big = bulkyText(LogFormat.maximumPayload - 2_000, seed: 3)
      let draft = textDraft(1, texts: [big, "after"], before: 1_000)
      for block in draft.sealedCopy().blocks { #expect(block.count <= LogFormat.maximumPayload) }
      do {
        let store = try FileEventStore(writingTo: dir)
        _ = try store.append(draft)
      }
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.batches.count == 1)
      #expect(try FileEventStore.verify(directory: dir).isClean)
      let events = try allEvents(writer)
      #expect(events.count == 1_002)
      #expect(events[1_000] == Event(.call(.categorized), "C1-0", .text(big)))
      #expect(events[1_001] == Event(.call(.categorized), "C1-1", .text("after")))
    }
  }

  /// Many medium values, more than a frame holds together, are split into several frames and
  /// replay as written.
  @Test func manyMediumValuesSpanSeveralFrames() throws {
    try withTemporaryDirectory { dir in
      let texts = (0..<40).map { bulkyText(500_000, seed: $0) }
      let draft = textDraft(1, texts: texts)
      let blocks = draft.sealedCopy().blocks
      #expect(blocks.count >= 2)
      #expect(blocks.allSatisfy { $0.count <= LogFormat.maximumPayload })
      do { _ = try FileEventStore(writingTo: dir).append(draft) }
      #expect(try FileEventStore.verify(directory: dir).isClean)
      let events = try allEvents(try FileEventStore(writingTo: dir))
      #expect(events.map(\.value) == texts.map { EventValue.text($0) })
    }
  }
}

/// H2: an append that fails part-way leaves the store as it was.
@Suite struct FailedAppendTests {
  static let rejectedRow = Array("calls-2.csv,3,received_at,x,not a time,\"C9,x\"\n".utf8)

  /// Batch 1 (with or without rejected rows of its own), then batch 2 with rejected rows
  /// appended under `faults`: the append fails, and the store is exactly as after batch 1.
  func checkUndone(_ faults: AppendFaults, firstRejects: Bool, context: String) throws {
    try withTemporaryDirectory { dir in
      do {
        let store = try FileEventStore(writingTo: dir)
        var first = sampleDraft(1, count: 30)
        if firstRejects { first.quarantineRows = Array("calls-1.csv,2,,,short row,C1\n".utf8) }
        _ = try store.append(first)
        let log = try readBytes(dir + "/events.log")
        let quarantine = firstRejects ? try readBytes(dir + "/quarantine.csv") : nil
        var second = sampleDraft(2, count: 3_000)
        second.quarantineRows = FailedAppendTests.rejectedRow
        store.faults = faults
        #expect("\(context)") {
          try store.append(second)
        } throws: { error in
          guard let failure = error as? StoreFailure else { return false }
          return failure.isUndone && failure.description.contains("the store is as it was")
            && failure.diagnostic.exitCode == .failure && !failure.description.contains("\n")
        }
        #expect(try readBytes(dir + "/events.log") == log, "\(context)")
        if let quarantine {
          #expect(try readBytes(dir + "/quarantine.csv") == quarantine, "\(context)")
        } else {
          #expect(!FileManager.default.fileExists(atPath: dir + "/quarantine.csv"), "\(context)")
        }
        #expect(try FileEventStore.verify(directory: dir).isClean, "\(context)")
        #expect(try FileEventStore(readingFrom: dir).batches.count == 1, "\(context)")
        // The same store object appends again.
        store.faults = AppendFaults()
        #expect(try store.append(second).number == 2, "\(context)")
        let rows = try readText(dir + "/quarantine.csv")
        #expect(rows.components(separatedBy: "calls-2.csv").count == 2, "\(context)")
      }
      // A later writer finds nothing to recover.
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.recoveryNote == nil, "\(context)")
      #expect(writer.batches.count == 2, "\(context)")
      #expect(try allEvents(writer).count == 3_030, "\(context)")
    }
  }

  @Test(arguments: [0, 1, 12, 100, 5_000])
  func aWriteFailingPartWayIsUndone(after bytes: Int) throws {
    var faults = AppendFaults()
    faults.failAfterBytes = bytes
    try checkUndone(faults, firstRejects: true, context: "write fails after \(bytes) bytes")
  }

  @Test(arguments: [AppendFaults.Step.eventsSync, .quarantineSync, .commitSync, .seal, .sealSync])
  func aFailedStepIsUndone(step: AppendFaults.Step) throws {
    var faults = AppendFaults()
    faults.failing = [step]
    try checkUndone(faults, firstRejects: true, context: "\(step) fails")
    try checkUndone(faults, firstRejects: false, context: "\(step) fails, no quarantine before")
  }

  /// The commit frame itself cannot be written (after the quarantine rows were).
  @Test func aFailedCommitWriteIsUndone() throws {
    let draft = sampleDraft(2, count: 3_000).sealedCopy()
    let begin = LogFormat.encode(
      LogFormat.Begin(number: 2, provenance: draft.provenance, quarantineOffset: 0))
    let beforeCommit = draft.blocks.reduce(LogFormat.frameHeaderSize + begin.count) {
      $0 + LogFormat.frameHeaderSize + $1.count
    }
    var faults = AppendFaults()
    faults.failAfterBytes = beforeCommit + 5
    try checkUndone(faults, firstRejects: true, context: "commit write fails")
    try checkUndone(faults, firstRejects: false, context: "commit write fails, no quarantine before")
  }

  /// The seal cannot be written whole (after the commit was flushed): the batch goes, as for
  /// any other failed step, since its ingest does not report it stored.
  @Test func aFailedSealWriteIsUndone() throws {
    // The log and quarantine file after batch 1, as `checkUndone` writes them.
    let (firstBatchEnd, quarantineSize) = try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      var first = sampleDraft(1, count: 30)
      first.quarantineRows = Array("calls-1.csv,2,,,short row,C1\n".utf8)
      _ = try store.append(first)
      return (FileEventStore.size(of: dir + "/events.log"), FileEventStore.size(of: dir + "/quarantine.csv"))
    }
    let draft = sampleDraft(2, count: 3_000).sealedCopy()
    let begin = LogFormat.encode(
      LogFormat.Begin(number: 2, provenance: draft.provenance, quarantineOffset: quarantineSize))
    let commit = LogFormat.encode(
      LogFormat.Commit(
        number: 2, beginOffset: firstBatchEnd, blockCount: draft.blocks.count,
        eventCount: draft.counts.events, counts: draft.counts))
    let beforeSeal = draft.blocks.reduce(2 * LogFormat.frameHeaderSize + begin.count + commit.count) {
      $0 + LogFormat.frameHeaderSize + $1.count
    }
    let seal = LogFormat.seal(batch: 2, commitEnd: firstBatchEnd + beforeSeal, commitPayload: commit)
    var faults = AppendFaults()
    faults.failAfterBytes = beforeSeal + 5
    try checkUndone(faults, firstRejects: true, context: "seal write fails")
    // The byte count is right: the batch with its seal is exactly as long as that.
    try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      var first = sampleDraft(1, count: 30)
      first.quarantineRows = Array("calls-1.csv,2,,,short row,C1\n".utf8)
      _ = try store.append(first)
      var second = sampleDraft(2, count: 3_000)
      second.quarantineRows = FailedAppendTests.rejectedRow
      store.faults.failAfterBytes = beforeSeal + seal.count
      _ = try store.append(second)
      #expect(FileEventStore.size(of: dir + "/events.log") == firstBatchEnd + beforeSeal + seal.count)
    }
  }

  /// When cutting the failed batch off fails too, this store object appends nothing more, and
  /// the next writer recovers.
  @Test func aFailedUndoStopsFurtherAppends() throws {
    try withTemporaryDirectory { dir in
      do {
        let store = try FileEventStore(writingTo: dir)
        _ = try store.append(sampleDraft(1, count: 30))
        var second = sampleDraft(2, count: 30)
        second.quarantineRows = FailedAppendTests.rejectedRow
        store.faults.failing = [.eventsSync, .undo]
        #expect {
          try store.append(second)
        } throws: { error in
          guard let failure = error as? StoreFailure else { return false }
          return !failure.isUndone && failure.description.contains("the next ingest discards")
        }
        store.faults = AppendFaults()
        let size = FileEventStore.size(of: dir + "/events.log")
        #expect {
          try store.append(sampleDraft(3))
        } throws: { error in
          (error as? StoreFailure)?.description.contains("not written to") == true
        }
        #expect(FileEventStore.size(of: dir + "/events.log") == size)
      }
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.recoveryNote != nil)
      #expect(writer.batches.count == 1)
      #expect(try writer.append(sampleDraft(3)).number == 2)
      #expect(try FileEventStore.verify(directory: dir).isClean)
    }
  }

  /// The commit was flushed but its seal could not be written or flushed, and the undo failed
  /// too: the message says the batch may be in the store after all — and it is: the next
  /// writer keeps it (sealing it when the seal is missing).
  @Test(arguments: [AppendFaults.Step.seal, .sealSync])
  func aFailedUndoAfterTheCommitKeepsTheBatch(step: AppendFaults.Step) throws {
    try withTemporaryDirectory { dir in
      do {
        let store = try FileEventStore(writingTo: dir)
        store.faults.failing = [step, .undo]
        #expect {
          try store.append(sampleDraft(1))
        } throws: { error in
          (error as? StoreFailure)?.description.contains("may be in the store after all") == true
        }
      }
      let writer = try FileEventStore(writingTo: dir)
      #expect((writer.recoveryNote?.contains("sealed it") ?? false) == (step == .seal))
      #expect(writer.batches.count == 1)
      #expect(try writer.append(sampleDraft(2)).number == 2)
      #expect(try FileEventStore.verify(directory: dir).isClean)
    }
  }

  /// The commit reached the file but its flush failed, and so did the undo: the batch may be
  /// in the store after all, and the message says so.
  @Test func aFailedUndoAfterTheCommitSaysTheBatchMayBeThere() throws {
    try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      store.faults.failing = [.commitSync, .undo]
      #expect {
        try store.append(sampleDraft(1))
      } throws: { error in
        (error as? StoreFailure)?.description.contains("may be in the store after all") == true
      }
    }
  }
}

/// M2: a store whose creation was interrupted needs no manual step.
@Suite struct StoreCreationTests {
  /// A log cut short inside its header (as a crash while creating the store could leave it,
  /// before logs were created by rename) reads as an empty store and is started afresh by the
  /// next writer.
  @Test(arguments: [0, 1, 8, 12, 15])
  func aLogCutShortInItsHeaderIsStartedAfresh(length: Int) throws {
    for bytes in [Array(LogFormat.header().prefix(length)), [UInt8](repeating: 0, count: length)] {
      try withTemporaryDirectory { dir in
        try writeFile(dir + "/lock", "")
        try writeFile(dir + "/events.log", bytes: bytes)
        #expect(try FileEventStore(readingFrom: dir).batches.isEmpty)
        #expect(try FileEventStore.verify(directory: dir).isClean)
        #expect(runPledge(["status", "--store", dir]).code == .success)
        do {
          let writer = try FileEventStore(writingTo: dir)
          #expect(writer.recoveryNote != nil)
          #expect(try writer.append(sampleDraft(1)).number == 1)
        }
        #expect(try FileEventStore.verify(directory: dir).batches == 1)
        #expect(try FileEventStore(writingTo: dir).recoveryNote == nil)
      }
    }
  }

  /// A short file that is not the start of a log is not taken for one.
  @Test func aShortFileOfOtherBytesIsStillRefused() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/events.log", "not a log")
      #expect(throws: Diagnostic.self) { try FileEventStore(writingTo: dir) }
      #expect(throws: Diagnostic.self) { try FileEventStore(readingFrom: dir) }
      #expect(try readText(dir + "/events.log") == "not a log")
    }
  }

  /// A store directory whose log was never renamed into place (a crash while creating it)
  /// reads as empty; the next writer creates the log.
  @Test func aStoreWithoutItsLogYetReadsAsEmpty() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/lock", "")
      try writeFile(dir + "/events.log.new", bytes: Array(LogFormat.header().prefix(5)))
      #expect(try FileEventStore(readingFrom: dir).batches.isEmpty)
      #expect(try FileEventStore.verify(directory: dir).isClean)
      do { _ = try FileEventStore(writingTo: dir).append(sampleDraft(1)) }
      #expect(!FileManager.default.fileExists(atPath: dir + "/events.log.new"))
      #expect(try FileEventStore(readingFrom: dir).batches.count == 1)
      // Without a store directory at all, readers still say there is no store.
      #expect(throws: Diagnostic.self) { try FileEventStore(readingFrom: dir + "/none") }
    }
  }

  /// A new store's log holds its whole header from the moment it exists.
  @Test func aNewLogIsCreatedWhole() throws {
    try withTemporaryDirectory { dir in
      _ = try FileEventStore(writingTo: dir + "/store")
      #expect(try readBytes(dir + "/store/events.log") == LogFormat.header())
      #expect(!FileManager.default.fileExists(atPath: dir + "/store/events.log.new"))
    }
  }
}
