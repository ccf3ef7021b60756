import Foundation
import Testing

@testable import PledgeKit

/// A snapshot's body is the same bytes however it is written: record by record, encoded on
/// every core (SnapshotBody), or record by record and then the rest on every core, continuing
/// the writer's text table (what a snapshot stream does when its thread fell behind).
@Suite struct SnapshotBodyTests {
  /// Calls with short texts (written in place) and longer ones (numbered in the text table),
  /// some repeated, some first met late in the table.
  static let records: [CallRecord] = (0..<50_000).map { i in
    var call = CallRecord(id: "JJ\(100_000 + i)")
    call.receivedAt = Instant(secondsSinceEpoch: 1_767_225_600 + Int64(i) * 61)
    call.rings = i % 7 == 0 ? nil : i % 5
    call.category = ["噪音扰民", "a category longer than fifteen bytes", "another long category \(i / 10_000)"][i % 3]
    call.unitID = i % 11 == 0 ? nil : "DW\(i % 40)"
    call.operatorID = "an operator with a long name \(i % 3 == 0 ? i : 0)"
    return call
  }

  static func written(_ path: String, _ write: (inout SnapshotWriter<CallRecord>) throws -> Void) throws -> [UInt8] {
    var writer = try SnapshotWriter<CallRecord>(path: path, texts: [], expectedRecords: records.count)
    try write(&writer)
    let meta = Snapshot.Meta(
      source: .calls, batch: 1, logDigest: "d", eventCount: 1, earliestBusinessTime: nil, latestBusinessTime: nil)
    try writer.finish(meta: meta, slots: [UInt64](repeating: 0, count: 16))
    return try readBytes(path)
  }

  @Test func aBodyIsTheSameBytesHoweverItIsWritten() throws {
    try withTemporaryDirectory { dir in
      let one = try Self.written(dir + "/one") { writer in
        for record in Self.records { try writer.add(record) }
      }
      let whole = try Self.written(dir + "/whole") { writer in
        try writer.add(SnapshotBody(Self.records[...]))
      }
      #expect(whole == one)
      for split in [0, 1, 17_000, 49_999, 50_000] {
        let continued = try Self.written(dir + "/continued-\(split)") { writer in
          for record in Self.records[..<split] { try writer.add(record) }
          try writer.add(SnapshotBody(Self.records[split...], continuing: writer.textTable))
        }
        #expect(continued == one, "split at \(split)")
      }
      // The long texts were numbered: the table is not empty.
      #expect(SnapshotBody(Self.records[...]).texts.count > 3)
    }
  }
}
