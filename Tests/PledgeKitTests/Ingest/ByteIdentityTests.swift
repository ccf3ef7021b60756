import Testing

@testable import PledgeKit

/// Keys and every other text are compared byte for byte (SPEC 6): two ids that differ in any
/// byte are two records, and a value that differs only in Unicode normalisation is a
/// different value whose bytes are kept.
@Suite struct ByteIdentityTests {
  /// `é` composed and decomposed; the CJK compatibility ideograph U+F900 and its unified twin.
  static let pairs: [(String, String)] = [("caf\u{E9}", "cafe\u{301}"), ("\u{F900}", "\u{8C48}")]

  @Test(arguments: pairs)
  func canonicallyEquivalentIdsInOneFileAreTwoRecords(_ a: String, _ b: String) throws {
    #expect(a == b)  // Swift's String calls them equal: Pledge must not.
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(
        .calls, "c.csv", "call_id,received_at,rings\n\(a),2026-03-05 10:00,2\n\(b),2026-03-05 11:00,5\n")
      #expect(result.counts.rowsAccepted == 2)
      #expect(result.counts.corrections == 0)
      #expect(result.counts.repeatedKeys == 0)
      var projection = Projection()
      try harness.store.fold(through: nil, sources: nil, into: &projection)
      #expect(projection.calls.count == 2)
      #expect(projection.calls.records.map { Array($0.id.utf8) } == [Array(a.utf8), Array(b.utf8)])
      #expect(projection.calls[b]?.rings == 5)
      #expect(projection.calls[a]?.rings == 2)
    }
  }

  @Test(arguments: pairs)
  func canonicallyEquivalentIdsAcrossBatchesAreTwoRecords(_ a: String, _ b: String) throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/1.csv", "call_id,received_at,rings,category\n\(a),2026-03-05 10:00,2,\(a)\n")
      try writeFile(dir + "/2.csv", "call_id,received_at,rings,category\n\(b),2026-03-05 11:00,5,x\n\(a),2026-03-05 10:00,2,\(b)\n")
      #expect(runPledge(["ingest", "calls", dir + "/1.csv", "--store", store]).code == .success)
      let second = runPledge(["ingest", "calls", dir + "/2.csv", "--store", store, "--summary", "json"])
      // b is a new record; a's category changes from a's bytes to b's: a correction.
      #expect(second.out.contains("\"corrections\":1"), "\(second.out)")
      let events = runPledge(["events", "--store", store]).outBytes
      let text = String(decoding: events, as: UTF8.self)
      #expect(text.split(separator: "\n").count == 7)  // 3 + 3 new facts, 1 correction
      // The bytes of both spellings are in the stream, as ingested.
      #expect(events.contains(subsequence: Array("\"record\":\"\(b)\"".utf8)))
      #expect(events.contains(subsequence: Array("\"value\":\"\(b)\",\"correction\":true".utf8)))
      let report = runPledge(["report", "obligations", "--quarter", "2026Q1", "--store", store]).outBytes
      #expect(report.contains(subsequence: Array(",\(a),".utf8)))
      #expect(report.contains(subsequence: Array(",\(b),".utf8)))
    }
  }

  /// Two units whose ids differ only in normalisation are two rows of compliance.
  @Test func reportsKeepCanonicallyEquivalentUnitsApart() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      let (a, b) = Self.pairs[0]
      try writeFile(dir + "/c.csv", "call_id,received_at,rings,unit_id\nC1,2026-03-05 10:00,2,\(a)\nC2,2026-03-05 11:00,5,\(b)\n")
      _ = runPledge(["ingest", "calls", dir + "/c.csv", "--store", store])
      let compliance = runPledge(["report", "compliance", "--quarter", "2026Q1", "--store", store])
      #expect(compliance.code == .success, "\(compliance.err)")
      let rows = compliance.outBytes.split(separator: UInt8(ascii: "\n")).filter { $0.starts(with: Array("2026Q1,caf".utf8)) }
      #expect(rows.count == 2)
      let ranking = runPledge(["report", "ranking", "--quarter", "2026Q1", "--store", store])
      #expect(ranking.out.split(separator: "\n").count == 3)
    }
  }
}

extension Array where Element == UInt8 {
  func contains(subsequence: [UInt8]) -> Bool {
    guard subsequence.count <= count else { return false }
    return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
  }
}
