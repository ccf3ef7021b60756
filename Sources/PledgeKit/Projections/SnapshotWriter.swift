/// Writes a snapshot file record by record: the body goes straight to the file (runs copied
/// from an older snapshot without passing through memory), the index sections follow.
///
/// Texts are numbered by their bytes (`StringIndex`), never with `Dictionary<String, _>`,
/// which would take a decomposed `é` for a composed one and give the cache another text's
/// bytes; it is also several times faster.
struct SnapshotWriter<R: Record> {
  private let facts = Array(R.FactKind.allCases)
  /// The snapshot's text table: each longer text once, by number.
  private var texts = StringIndex()
  private let file: StreamingFile
  /// Records not yet handed to the file.
  private let pending = BlockBuffer(capacity: SnapshotWriter.flushAt + 4096)
  private var bodyLength = 0
  private var offsets: [UInt64] = []
  private var starts: [Int64] = []
  private var indexWritten = false

  private static var flushAt: Int { 1 << 20 }

  /// Not written: the older snapshot's text table lists a text twice, so its records' text
  /// numbers could not be kept (no snapshot Pledge writes does).
  struct RepeatedText: Error {}

  /// Starts from a snapshot's texts (their numbers stay valid for copied records).
  init(path: String, texts existing: [String], expectedRecords: Int) throws {
    for text in existing where !texts.insert(text).isNew { throw RepeatedText() }
    file = try StreamingFile(path: path)
    offsets.reserveCapacity(expectedRecords + 1024)
    starts.reserveCapacity(2 * expectedRecords + 2048)
    var header = ByteWriter()
    header.raw(Snapshot.magic)
    header.byte(UInt8(Snapshot.version & 0xFF))
    header.byte(UInt8(Snapshot.version >> 8))
    header.raw([0, 0, 0, 0, 0, 0])
    try file.writeHeader(header.bytes)
  }

  mutating func add(_ value: R) throws {
    offsets.append(UInt64(bodyLength + pending.count))
    let (first, second) = value.selectionTimes
    starts.append(first?.secondsSinceEpoch ?? .min)
    starts.append(second?.secondsSinceEpoch ?? .min)
    Snapshot.encode(value, facts: facts, into: pending, texts: &texts)
    if pending.count >= SnapshotWriter.flushAt { try flushPending() }
  }

  private mutating func flushPending() throws {
    guard pending.count > 0 else { return }
    try file.append(pending.contents)
    bodyLength += pending.count
    pending.removeAll()
  }

  /// The records of a body encoded beforehand (`SnapshotBody`) after those written, with its
  /// text table, which continues this writer's (`texts`).
  mutating func add(_ encoded: SnapshotBody) throws {
    precondition(
      encoded.texts.count >= texts.count && zip(texts.keys, encoded.texts).allSatisfy { sameBytes($0, $1) },
      "an encoded body continues the writer's text table")
    for text in encoded.texts.dropFirst(texts.count) { _ = texts.insert(text) }
    try flushPending()
    let shift = UInt64(bodyLength)
    offsets.append(contentsOf: encoded.offsets.lazy.map { $0 + shift })
    starts.append(contentsOf: encoded.starts)
    for part in encoded.parts {
      try file.append(part.contents)
      bodyLength += part.count
    }
  }

  /// How many records were added (written or copied) so far.
  var recordCount: Int { offsets.count }

  /// The text table so far (a body encoded to follow continues it).
  var textTable: StringIndex { texts }

  /// Records as another snapshot (with the same text numbers) has them, bytes and all.
  mutating func copy(_ old: SnapshotFile, records: Range<Int>) throws {
    guard !records.isEmpty else { return }
    try flushPending()
    let first = Int(old.offsets[records.lowerBound])
    let end = records.upperBound < old.count ? Int(old.offsets[records.upperBound]) : old.body.count
    let shift = Int64(bodyLength) - Int64(first)
    for index in records { offsets.append(UInt64(Int64(old.offsets[index]) + shift)) }
    starts.append(contentsOf: old.starts[(2 * records.lowerBound)..<(2 * records.upperBound)])
    try file.append(UnsafeRawBufferPointer(rebasing: old.body[first..<end]))
    bodyLength += end - first
  }

  /// Writes the index sections and the trailer, and puts the file in place.
  mutating func finish(meta: Snapshot.Meta, slots: [UInt64]) throws {
    try writeIndex(slots: slots)
    try finish(meta: meta)
  }

  /// Writes what follows the body up to the meta: the text table and the key index (which do
  /// not depend on the batch the snapshot is of). No record is added after it.
  mutating func writeIndex(slots: [UInt64]) throws {
    precondition(!indexWritten, "the index of a snapshot is written once")
    indexWritten = true
    try flushPending()
    let padding = [UInt8](repeating: 0, count: (8 - bodyLength % 8) % 8)
    try padding.withUnsafeBytes { try file.append($0) }
    var w = ByteWriter(capacity: 4096)
    var textSection = ByteWriter()
    textSection.varint(texts.count)
    for text in texts.keys { textSection.string(text) }
    Snapshot.section(textSection.bytes, into: &w)
    w.fixed64(UInt64(offsets.count))
    w.fixed64(UInt64(slots.count))
    try w.bytes.withUnsafeBytes { try file.append($0) }
    try slots.withUnsafeBytes { try file.append($0) }
    try offsets.withUnsafeBytes { try file.append($0) }
    try starts.withUnsafeBytes { try file.append($0) }
  }

  /// Writes the meta and the trailer after `writeIndex`, and puts the file in place.
  mutating func finish(meta: Snapshot.Meta) throws {
    precondition(indexWritten, "a snapshot's index comes before its meta")
    var m = ByteWriter()
    m.byte(meta.source.rawValue)
    m.varint(meta.batch)
    m.string(meta.logDigest)
    m.varint(meta.eventCount)
    m.signed(meta.latestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    m.signed(meta.earliestBusinessTime?.secondsSinceEpoch ?? Int64.min)
    var w = ByteWriter()
    Snapshot.section(m.bytes, into: &w)
    w.fixed64(UInt64(bodyLength))
    w.fixed64(0)
    try w.bytes.withUnsafeBytes { try file.append($0) }
    try file.finish()
  }
}

/// How a snapshot's encoder finds the number of a longer text in the snapshot's table.
protocol SnapshotTextNumbers {
  /// The number of `text` in the table (a text of more than 15 bytes).
  mutating func number(of text: String) -> Int
}

extension StringIndex: SnapshotTextNumbers {
  /// The text's number, entering it in the table when new.
  mutating func number(of text: String) -> Int { insert(text).index }
}

extension Snapshot {
  /// How many bytes a record's presence bits take: a bit per fact of its type, little-endian.
  @inline(__always)
  static func presenceBytes(_ factCount: Int) -> Int { (factCount + 7) / 8 }

  /// One record as a snapshot's body holds it: its id, a bit per fact with a value (fixed
  /// width, `presenceBytes`), then the values, a text of at most 15 bytes in place (`0`, then
  /// the string) and a longer one as `n + 1` for text n of the table. Written straight into
  /// `body` through a cursor, after making room for the most a record can take.
  @inline(__always)
  static func encode<R: Record, Texts: SnapshotTextNumbers>(
    _ record: R, facts: [R.FactKind], into body: BlockBuffer, texts: inout Texts
  ) {
    let presence = presenceBytes(facts.count)
    var id = record.id
    // The id, the presence bits, and for each fact a value of at most 10 bytes or a text in
    // place (a 0, its length and at most 15 bytes).
    body.reserve(10 + id.utf8.count + presence + 17 * facts.count)
    var w = BlockBuffer.Cursor(body.end)
    id.withUTF8 { id in
      w.varint(UInt64(id.count))
      w.bytes(UnsafeRawBufferPointer(id))
    }
    let bits = w.position
    w.skip(presence)
    var present: UInt64 = 0
    for (bit, fact) in facts.enumerated() {
      guard let value = record[fact: fact] else { continue }
      present |= 1 << UInt64(bit)
      if case .text(var text) = value {
        if isWrittenInPlace(text) {
          w.byte(0)
          text.withUTF8 { text in
            w.varint(UInt64(text.count))
            w.bytes(UnsafeRawBufferPointer(text))
          }
        } else {
          w.varint(UInt64(texts.number(of: text) + 1))
        }
      } else {
        SnapshotValue.write(value, into: &w)
      }
    }
    for i in 0..<presence {
      bits.storeBytes(of: UInt8(truncatingIfNeeded: present >> UInt64(8 * i)), toByteOffset: i, as: UInt8.self)
    }
    body.advance(to: w.position)
  }
}
