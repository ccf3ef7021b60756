import Testing

@testable import PledgeKit

/// An events block keeps the exact bytes of every id and text: strings that Swift's `==` holds
/// equal (canonically equivalent) but whose UTF-8 differs are two ids, two texts.
@Suite struct EventBlockBytesTests {
  /// Pairs equal under `==` but not byte for byte: `é` composed and decomposed, and a CJK
  /// compatibility ideograph and the unified ideograph it stands for.
  static let equivalentPairs: [(String, String)] = [
    ("caf\u{E9}", "cafe\u{301}"),
    ("\u{F900}", "\u{8C48}"),
  ]

  /// Texts longer than the inline limit (looked up in the block's string table) and short ones.
  static func texts(_ pair: (String, String)) -> [(String, String)] {
    let long = String(repeating: "x", count: EventBlockEncoder.inlineTextLimit + 1)
    return [pair, (long + pair.0, long + pair.1)]
  }

  func decode(_ bytes: [UInt8]) throws -> [Event] {
    var events: [Event] = []
    try bytes.withUnsafeBytes {
      try EventBlockDecoder.decode($0, batch: 1) { events.append($0.event) }
    }
    return events
  }

  @Test func equivalentPairsAreEqualStringsWithOtherBytes() {
    for (a, b) in EventBlockBytesTests.equivalentPairs {
      #expect(a == b)
      #expect(Array(a.utf8) != Array(b.utf8))
    }
  }

  /// The second id of a pair, right after the first, is a record of its own (not "the same
  /// record as before"), each read back with its own bytes.
  @Test(arguments: 0..<2)
  func equivalentIDsAreTwoRecords(pair: Int) throws {
    let (a, b) = EventBlockBytesTests.equivalentPairs[pair]
    var encoder = EventBlockEncoder()
    let written = [
      Event(.complaint(.channelRecorded), a, .text("hotline")),
      Event(.complaint(.channelRecorded), b, .text("hotline")),
      Event(.complaint(.handlerAssigned), b, .text("H1")),
      Event(.complaint(.handlerAssigned), a, .text("H2")),
    ]
    for (i, event) in written.enumerated() {
      encoder.append(event, line: 2 + i, isCorrection: false)
    }
    let read = try decode(encoder.bytes)
    #expect(read.map { Array($0.recordID.utf8) } == written.map { Array($0.recordID.utf8) })
  }

  /// The second text of a pair is written out, not taken for the first one's number, short
  /// (inline) and long (string table) alike.
  @Test(arguments: 0..<2)
  func equivalentTextsKeepTheirBytes(pair: Int) throws {
    var encoder = EventBlockEncoder()
    var written: [Event] = []
    for (a, b) in EventBlockBytesTests.texts(EventBlockBytesTests.equivalentPairs[pair]) {
      for (i, text) in [a, b, a, b].enumerated() {
        written.append(Event(.complaint(.summarized), "R\(written.count)-\(i)", .text(text)))
      }
    }
    for (i, event) in written.enumerated() {
      encoder.append(event, line: 2 + i, isCorrection: false)
    }
    let read = try decode(encoder.bytes)
    #expect(read.map(\.textBytes) == written.map(\.textBytes))
  }

  /// Through the file store: ids and texts of both pairs come back with their bytes.
  @Test func equivalentIDsAndTextsRoundTripThroughTheLog() throws {
    try withTemporaryDirectory { dir in
      var draft = BatchDraft(
        provenance: BatchProvenance(
          source: .complaints, fileName: "c.csv", sha256: "sha",
          ingestedAt: Instant(secondsSinceEpoch: 0)))
      var written: [Event] = []
      for pair in EventBlockBytesTests.equivalentPairs {
        for (a, b) in EventBlockBytesTests.texts(pair) {
          written += [
            Event(.complaint(.summarized), a, .text(a)),
            Event(.complaint(.summarized), b, .text(b)),
          ]
        }
      }
      for (i, event) in written.enumerated() {
        draft.append(event, line: 2 + i, isCorrection: false)
      }
      draft.counts.newFacts = written.count
      do { _ = try FileEventStore(writingTo: dir).append(draft) }
      let read = try allEvents(try FileEventStore(readingFrom: dir))
      #expect(read.map { Array($0.recordID.utf8) } == written.map { Array($0.recordID.utf8) })
      #expect(read.map(\.textBytes) == written.map(\.textBytes))
    }
  }
}

extension Event {
  /// The UTF-8 bytes of a text value (nil for other values).
  fileprivate var textBytes: [UInt8]? {
    if case .text(let text) = value { return Array(text.utf8) }
    return nil
  }
}
