import Foundation
import Glibc
import Testing

@testable import PledgeKit

/// A batch of `count` call facts, with texts that repeat (categories) and that do not (ids).
func sampleDraft(_ number: Int, count: Int = 40, source: Source = .calls, sha: String? = nil) -> BatchDraft {
  var draft = BatchDraft(
    provenance: BatchProvenance(
      source: source, fileName: "calls-\(number).csv", sha256: sha ?? "sha-\(number)",
      ingestedAt: Instant(year: 2026, month: 4, day: 1)!))
  let base = Instant(year: 2026, month: 2, day: 14, hour: 9)!
  for i in 0..<count {
    let id = "C\(number)-\(i / 4)"
    let kind: EventKind = [.call(.received), .call(.categorized), .call(.dispatched), .call(.cancelled)][i % 4]
    let value: EventValue
    switch i % 4 {
    case 0: value = .instant(base.adding(seconds: Int64(i * 37)))
    case 1: value = .text(i % 8 == 1 ? "突发事件" : "求助")
    case 2: value = .instant(base.adding(seconds: Int64(i * 37 + 60)))
    default: value = .flag(i % 3 == 0)
    }
    draft.append(Event(kind, id, value), line: 2 + i / 4, isCorrection: i % 9 == 0)
    draft.counts.newFacts += 1
  }
  return draft
}

/// The contract both stores keep.
func checkContract(_ store: any EventStore) throws {
  #expect(store.batches.isEmpty)
  let first = try store.append(sampleDraft(1))
  let second = try store.append(sampleDraft(2, count: 10, source: .visits))
  let third = try store.append(sampleDraft(3, count: 0))
  #expect([first.number, second.number, third.number] == [1, 2, 3] as [Int])
  #expect(store.batches.map(\.eventCount) == [40, 10, 0] as [Int])
  #expect(store.batch(withSHA256: "sha-2")?.number == 2)
  #expect(store.batch(withSHA256: "nope") == nil)

  var seen: [RecordedEvent] = []
  try store.replay(through: nil, sources: nil) { seen.append($0) }
  #expect(seen.count == 50)
  #expect(seen.map(\.batch) == [Int](repeating: 1, count: 40) + [Int](repeating: 2, count: 10))
  let expected = sampleDraftEvents(1, count: 40)
  #expect(seen.prefix(40).map(\.event) == expected.map(\.event))
  #expect(seen.prefix(40).map(\.line) == expected.map(\.line))
  #expect(seen.prefix(40).map(\.isCorrection) == expected.map(\.isCorrection))
  #expect(try allEvents(store, through: 1).count == 40)
  var visits = 0
  try store.replay(through: nil, sources: [.visits]) { _ in visits += 1 }
  #expect(visits == 10)
}

func sampleDraftEvents(_ number: Int, count: Int) -> [RecordedEvent] {
  let store = MemoryEventStore()
  _ = try! store.append(sampleDraft(number, count: count))
  var events: [RecordedEvent] = []
  try! store.replay(through: nil, sources: nil) { events.append($0) }
  return events
}

@Suite struct EventStoreContractTests {
  @Test func memoryStoreKeepsTheContract() throws {
    try checkContract(MemoryEventStore())
  }

  @Test func fileStoreKeepsTheContract() throws {
    try withTemporaryDirectory { dir in
      try checkContract(try FileEventStore(writingTo: dir + "/store"))
    }
  }

  /// A batch of many blocks is framed and written in parts at once: the log reads back as the
  /// same events in the same order, and checks out whole.
  @Test func aBatchWrittenInPartsReadsBackInOrder() throws {
    try withTemporaryDirectory { dir in
      let draft = sampleDraft(7, count: 60_000)
      #expect(draft.sealedCopy().blocks.count >= 4)
      let expected = sampleDraftEvents(7, count: 60_000)
      do {
        let store = try FileEventStore(writingTo: dir)
        _ = try store.append(sampleDraft(1))
        _ = try store.append(draft)
        _ = try store.append(sampleDraft(2))
      }
      let reader = try FileEventStore(readingFrom: dir)
      var seen: [RecordedEvent] = []
      try reader.replay(through: 2, sources: nil) { if $0.batch == 2 { seen.append($0) } }
      #expect(seen.map(\.event) == expected.map(\.event))
      #expect(seen.map(\.line) == expected.map(\.line))
      #expect(try allEvents(reader).count == 60_080)
      let report = try FileEventStore.verify(directory: dir)
      #expect(report.isClean)
      #expect(report.unfinishedTailBytes == 0)
      #expect(report.batches == 3)
    }
  }

  /// A writer checks the events frames of a long log on every core, each a share of the
  /// frames: damage in any share refuses the store and names the first damaged frame, as
  /// verify does.
  @Test func writersFindDamageInEveryShareOfTheFrames() throws {
    try withTemporaryDirectory { dir in
      do {
        let store = try FileEventStore(writingTo: dir + "/original")
        for batch in 1...3 { _ = try store.append(sampleDraft(batch, count: 60_000)) }
      }
      let bytes = try readBytes(dir + "/original/events.log")
      let reader = try FileEventStore(readingFrom: dir + "/original")
      // The payload offsets of the events frames, from the frame headers.
      var eventsFrames: [(offset: Int, batch: Int)] = []
      for batch in reader.batches {
        var offset = batch.byteRange.lowerBound
        while offset < batch.byteRange.upperBound {
          let header = try #require(LogFormat.FrameHeader(Array(bytes[offset..<offset + LogFormat.frameHeaderSize])))
          if header.frameType == .events { eventsFrames.append((offset, batch.number)) }
          offset += LogFormat.frameHeaderSize + header.length
        }
      }
      #expect(eventsFrames.count >= 16)
      let early = eventsFrames[2]
      let late = eventsFrames[eventsFrames.count - 2]
      for damagedFrames in [[late], [early, late]] {
        let store = dir + "/damaged"
        try? FileManager.default.removeItem(atPath: store)
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        var damaged = bytes
        for frame in damagedFrames { damaged[frame.offset + LogFormat.frameHeaderSize + 100] ^= 0x20 }
        try writeFile(store + "/events.log", bytes: damaged)
        let first = damagedFrames[0]
        let verification = try FileEventStore.verify(directory: store)
        #expect(verification.damage?.offset == first.offset)
        #expect(verification.damage?.batch == first.batch)
        let error = try #require(throws: Diagnostic.self) { try FileEventStore(writingTo: store) }
        #expect(error.message.contains("damaged at byte \(first.offset) (batch \(first.batch))"))
        #expect(FileEventStore.size(of: store + "/events.log") == bytes.count)
      }
      #expect(try FileEventStore(writingTo: dir + "/original").batches.count == 3)
    }
  }

  @Test func fileStoreReopensWithTheSameBatches() throws {
    try withTemporaryDirectory { dir in
      do {
        let store = try FileEventStore(writingTo: dir)
        _ = try store.append(sampleDraft(1))
        _ = try store.append(sampleDraft(2))
      }
      let reader = try FileEventStore(readingFrom: dir)
      #expect(reader.batches.map(\.number) == [1, 2] as [Int])
      #expect(reader.batches[1].provenance.fileName == "calls-2.csv")
      #expect(try allEvents(reader).count == 80)
    }
  }

  @Test func readingAMissingStoreIsAClearError() throws {
    try withTemporaryDirectory { dir in
      #expect(throws: Diagnostic.self) { try FileEventStore(readingFrom: dir + "/none") }
    }
  }
}

@Suite struct EventCodecTests {
  /// encode then decode gives the same events, for random events of every kind and value type.
  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func roundTripsRandomEvents(seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    var draft = BatchDraft(
      provenance: BatchProvenance(source: .calls, fileName: "f", sha256: "s", ingestedAt: Instant(secondsSinceEpoch: 0)))
    var expected: [RecordedEvent] = []
    var line = 2
    for _ in 0..<5000 {
      let kind = EventKind.all.randomElement(using: &random)!
      let value = randomValue(of: kind.valueType, using: &random)
      let id = Bool.random(using: &random) ? "R\(Int.random(in: 0..<50, using: &random))" : "记录-\(Int.random(in: 0..<3, using: &random))"
      line += Int.random(in: -3...20, using: &random)
      let correction = Bool.random(using: &random)
      draft.append(Event(kind, id, value), line: line, isCorrection: correction)
      expected.append(RecordedEvent(event: Event(kind, id, value), batch: 1, line: line, isCorrection: correction))
    }
    let store = MemoryEventStore()
    _ = try store.append(draft)
    var decoded: [RecordedEvent] = []
    try store.replay(through: nil, sources: nil) { decoded.append($0) }
    #expect(decoded.count == expected.count, "seed \(seed)")
    #expect(decoded.map(\.event) == expected.map(\.event), "seed \(seed)")
    #expect(decoded.map(\.line) == expected.map(\.line), "seed \(seed)")
    #expect(decoded.map(\.isCorrection) == expected.map(\.isCorrection), "seed \(seed)")
  }

  func randomValue(of type: ValueType, using random: inout SeededRandom) -> EventValue {
    switch type {
    case .none: return .none
    case .instant: return .instant(Instant(secondsSinceEpoch: Int64.random(in: -1_000_000_000...4_000_000_000, using: &random)))
    case .date: return .date(CivilDate(dayNumber: Int.random(in: -30_000...60_000, using: &random)))
    case .integer: return .integer(Int.random(in: 0...1_000_000_000, using: &random))
    case .text: return .text(["", "a", "突发公共卫生事件", "x,y\n\"z\"", String(repeating: "长", count: 300)].randomElement(using: &random)!)
    case .flag: return .flag(Bool.random(using: &random))
    case .money: return .money(Money(fen: Int64.random(in: 0...99_999_999_999, using: &random)))
    case .unitClass: return .unitClass(UnitClass.allCases.randomElement(using: &random)!)
    case .zone: return .zone(Zone.allCases.randomElement(using: &random)!)
    case .visitKind: return .visitKind(VisitKind.allCases.randomElement(using: &random)!)
    case .matter: return .matter(Matter.allCases.randomElement(using: &random)!)
    case .complaintKind: return .complaintKind(ComplaintKind.allCases.randomElement(using: &random)!)
    case .period: return .period(Period.allCases.randomElement(using: &random)!)
    case .dayKind: return .dayKind(DayKind.allCases.randomElement(using: &random)!)
    }
  }

  @Test func callEventsTakeFarLessThanFortyBytesEach() throws {
    try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      _ = try store.append(sampleDraft(1, count: 20_000))
      let size = FileEventStore.size(of: dir + "/events.log")
      #expect(size < 20_000 * 10)
    }
  }
}

@Suite struct CrashSafetyTests {
  /// Builds a store of two committed batches and returns the log bytes and where batch 2 starts.
  func twoBatchLog(_ dir: String, secondCount: Int = 30) throws -> (bytes: [UInt8], secondBatch: Range<Int>) {
    let store = try FileEventStore(writingTo: dir)
    _ = try store.append(sampleDraft(1, count: 30))
    var second = sampleDraft(2, count: secondCount)
    second.quarantineRows = Array("f,3,c,v,r,rec\n".utf8)
    let info = try store.append(second)
    return (try readBytes(dir + "/events.log"), info.byteRange)
  }

  /// Cutting the log at every byte inside its last batch leaves a store holding exactly the
  /// committed batches, and the next append works.
  @Test func truncationAtEveryByteOfTheLastBatchIsRecovered() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second) = try twoBatchLog(dir + "/original")
      let quarantine = try readBytes(dir + "/original/quarantine.csv")
      let firstEvents = try allEvents(try FileEventStore(readingFrom: dir + "/original"), through: 1)
      // Rejected rows reach quarantine.csv only after the batch's begin frame is on disk.
      let beginLength = Int(bytes[second.lowerBound + 4]) | Int(bytes[second.lowerBound + 5]) << 8
      let beginEnd = second.lowerBound + LogFormat.frameHeaderSize + beginLength
      for cut in second.lowerBound..<second.upperBound {
        let store = dir + "/cut"
        try? FileManager.default.removeItem(atPath: store)
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        try writeFile(store + "/events.log", bytes: Array(bytes[0..<cut]))
        if cut >= beginEnd { try writeFile(store + "/quarantine.csv", bytes: quarantine) }
        let reader = try FileEventStore(readingFrom: store)
        #expect(reader.batches.count == 1, "cut at \(cut)")
        #expect(reader.tailDamage == nil, "cut at \(cut)")
        #expect(try allEvents(reader) == firstEvents, "cut at \(cut)")
        let verification = try FileEventStore.verify(directory: store)
        #expect(verification.isClean, "cut at \(cut)")
        let writer = try FileEventStore(writingTo: store)
        #expect(writer.recoveryNote != nil || cut == second.lowerBound, "cut at \(cut)")
        #expect(FileEventStore.size(of: store + "/events.log") == second.lowerBound, "cut at \(cut)")
        // The rows the unfinished batch put in quarantine are gone with it.
        #expect(!FileManager.default.fileExists(atPath: store + "/quarantine.csv"), "cut at \(cut)")
        let appended = try writer.append(sampleDraft(9, count: 5))
        #expect(appended.number == 2, "cut at \(cut)")
        #expect(try allEvents(writer).count == firstEvents.count + 5, "cut at \(cut)")
      }
    }
  }

  /// Flipping any one byte of the log — the header, either batch, the last commit and its
  /// seal included — is found by verify (exit 1), and writers refuse the store and leave it
  /// as it is: no committed batch is ever taken for an unfinished one and discarded. (The
  /// second batch with events, and without: begin, commit and seal only.)
  @Test(arguments: [30, 0])
  func flippingAnyByteOfACommittedBatchIsDamage(secondCount: Int) throws {
    try withTemporaryDirectory { dir in
      let (bytes, _) = try twoBatchLog(dir + "/original", secondCount: secondCount)
      for offset in 0..<bytes.count {
        let store = dir + "/flip"
        try? FileManager.default.removeItem(atPath: store)
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        var damaged = bytes
        damaged[offset] ^= 0x5A
        try writeFile(store + "/events.log", bytes: damaged)
        let verification = try FileEventStore.verify(directory: store)
        #expect(!verification.isClean, "flip at \(offset)")
        #expect(verification.unsealedBatch == nil, "flip at \(offset)")
        #expect(runPledge(["verify", "--store", store]).code == .failure, "flip at \(offset)")
        #expect(throws: Diagnostic.self, "flip at \(offset)") { try FileEventStore(writingTo: store) }
        #expect(try readBytes(store + "/events.log") == damaged, "flip at \(offset)")
        // Readers never take it for sound: they find the damage when they open the log, or
        // (inside an events frame) when they replay it.
        if let reader = try? FileEventStore(readingFrom: store) {
          #expect(reader.tailDamage != nil || (try? allEvents(reader)) == nil, "flip at \(offset)")
        }
      }
    }
  }

  @Test func verifyNamesTheOffsetAndBatchOfTheDamage() throws {
    try withTemporaryDirectory { dir in
      let (bytes, second) = try twoBatchLog(dir)
      var damaged = bytes
      let offset = second.lowerBound + 40
      damaged[offset] ^= 1
      try writeFile(dir + "/events.log", bytes: damaged)
      let damage = try #require(try FileEventStore.verify(directory: dir).damage)
      #expect(damage.batch == 2)
      #expect(damage.offset <= offset && damage.offset >= second.lowerBound)
      let result = runPledge(["verify", "--store", dir])
      #expect(result.code == .failure)
      #expect(result.err.contains("byte \(damage.offset)"))
      #expect(result.err.contains("batch 2"))
    }
  }

  @Test func aZeroFilledTailIsAnUnfinishedWrite() throws {
    try withTemporaryDirectory { dir in
      let (bytes, _) = try twoBatchLog(dir)
      try writeFile(dir + "/events.log", bytes: bytes + [UInt8](repeating: 0, count: 100))
      #expect(try FileEventStore.verify(directory: dir).isClean)
      let writer = try FileEventStore(writingTo: dir)
      #expect(writer.recoveryNote != nil)
      #expect(writer.batches.count == 2)
    }
  }

  @Test func aNewerFormatVersionIsRefused() throws {
    try withTemporaryDirectory { dir in
      let (bytes, _) = try twoBatchLog(dir)
      let newer = LogFormat.currentVersion + 1
      let header = LogFormat.header(version: newer)
      try writeFile(dir + "/events.log", bytes: header + bytes.dropFirst(LogFormat.headerSize))
      #expect {
        try FileEventStore(readingFrom: dir)
      } throws: { error in
        (error as? Diagnostic)?.message.contains("newer Pledge") == true
      }
      #expect { try FileEventStore(writingTo: dir) } throws: { error in
        (error as? Diagnostic)?.message.contains("version \(newer)") == true
      }
    }
  }

  static let versionOneDirectory = repositoryRoot + "/Tests/PledgeKitTests/Store/store-v1"

  /// Writes a log of the current format version to `store-vN` beside `store-v1` — and fails,
  /// so that the change shows in review. Run with RECORD_STORE=1 only when adding a fixture
  /// for a new format version (exclude the folder in Package.swift), never to "fix" a reader.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["RECORD_STORE"] == "1"))
  func recordCurrentVersionLog() throws {
    let directory = repositoryRoot + "/Tests/PledgeKitTests/Store/store-v\(LogFormat.currentVersion)"
    try? FileManager.default.removeItem(atPath: directory)
    let store = try FileEventStore(writingTo: directory)
    _ = try store.append(sampleDraft(1))
    _ = try store.append(sampleDraft(2, count: 10, source: .visits))
    _ = try store.append(Self.calendarDraft)
    try? FileManager.default.removeItem(atPath: directory + "/lock")
    Issue.record("recorded \(directory); unset RECORD_STORE and commit it")
  }

  /// A log written by format version 1, kept in the repository: every later reader must read it.
  /// A batch of the calendar source, whose kinds are written behind the version-2 escape.
  static var calendarDraft: BatchDraft {
    var draft = BatchDraft(
      provenance: BatchProvenance(
        source: .calendar, fileName: "2027.csv", sha256: "sha-2027", ingestedAt: Instant(year: 2026, month: 12, day: 1)!))
    draft.append(Event(.calendarDay(.arranged), "2027-01-01", .dayKind(.off)), line: 2, isCorrection: false)
    draft.append(Event(.calendarDay(.named), "2027-01-01", .text("元旦")), line: 2, isCorrection: false)
    draft.append(Event(.calendarDay(.arranged), "2027-02-07", .dayKind(.work)), line: 3, isCorrection: false)
    draft.counts.rowsRead = 2
    draft.counts.rowsAccepted = 2
    draft.counts.newFacts = 3
    return draft
  }

  /// A log written by format version 2, kept in the repository: a seal after every commit, a
  /// calendar batch behind the escape byte, the commit's business-time range.
  @Test func readsTheVersionTwoLogKeptInTheRepository() throws {
    let directory = repositoryRoot + "/Tests/PledgeKitTests/Store/store-v2"
    let store = try FileEventStore(readingFrom: directory)
    #expect(store.batches.count == 3)
    #expect(store.batches[2].provenance.source == .calendar)
    #expect(store.batches[0].counts.recordsBusinessTimes)
    let events = try allEvents(store)
    #expect(events.count == 53)
    #expect(events.last == Event(.calendarDay(.arranged), "2027-02-07", .dayKind(.work)))
    #expect(try FileEventStore.verify(directory: directory).isClean)
  }

  @Test func readsTheVersionOneLogKeptInTheRepository() throws {
    let directory = CrashSafetyTests.versionOneDirectory
    let store = try FileEventStore(readingFrom: directory)
    #expect(store.batches.count == 2)
    #expect(store.batches[0].provenance.fileName == "calls-1.csv")
    let events = try allEvents(store)
    #expect(events.count == 50)
    #expect(events.first == Event(.call(.received), "C1-0", .instant(Instant(year: 2026, month: 2, day: 14, hour: 9)!)))
    #expect(try FileEventStore.verify(directory: directory).isClean)
  }
}

@Suite struct LockTests {
  @Test func aSecondWriterFailsAtOnceNamingTheHolder() throws {
    try withTemporaryDirectory { dir in
      let first = try FileEventStore(writingTo: dir)
      #expect { try FileEventStore(writingTo: dir) } throws: { error in
        guard let diagnostic = error as? Diagnostic else { return false }
        return diagnostic.exitCode == .locked && diagnostic.message.contains("process \(getpid())")
      }
      // Readers never block.
      _ = try first.append(sampleDraft(1))
      #expect(try FileEventStore(readingFrom: dir).batches.count == 1)
    }
  }

  @Test func theLockIsReleasedWithTheWriter() throws {
    try withTemporaryDirectory { dir in
      do { _ = try FileEventStore(writingTo: dir) }
      _ = try FileEventStore(writingTo: dir)
    }
  }
}

/// Event blocks copy short ids and texts as overlapping words: every length round-trips.
@Suite struct EventBlockLengthTests {
  @Test func idsAndTextsOfEveryLengthRoundTrip() throws {
    var encoder = EventBlockEncoder()
    var written: [Event] = []
    // ASCII and multibyte text, lengths 0…40 bytes and a long one, each its own record.
    let pieces = (0...40).map { String(repeating: "x", count: $0) } + (1...12).map { String(repeating: "案", count: $0) }
      + [String(repeating: "长", count: 400)]
    for (i, piece) in pieces.enumerated() {
      let id = piece.isEmpty ? "r" : "\(i % 10)" + piece
      let events = [
        Event(.complaint(.summarized), id, .text(piece)),
        Event(.complaint(.received), id, .instant(cst(2026, 1, 1 + i % 28, i % 24))),
        Event(.complaint(.summarized), id, .text(piece + "!")),
      ]
      for event in events { encoder.append(event, line: i + 2, isCorrection: i % 3 == 0) }
      written += events
    }
    let bytes = encoder.bytes
    var read: [Event] = []
    try bytes.withUnsafeBytes { try EventBlockDecoder.decode($0, batch: 1) { read.append($0.event) } }
    #expect(read == written)
  }
}
