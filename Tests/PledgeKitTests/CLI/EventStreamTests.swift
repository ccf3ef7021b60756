import Foundation
import Testing

@testable import PledgeKit

/// `pledge events` pinned byte for byte: the fixtures' store, plus a file of awkward values
/// (quotes, backslashes, control characters, a line break inside a cell, composed and
/// decomposed `é`, the ends of the timestamp range) and a calendar batch (an escaped source
/// code), against `events-golden/fixtures.jsonl`. The stream is what a province loads into
/// DuckDB or Kafka: any change to it is a change of contract.
/// `RECORD_EVENTS=1 swift test --filter EventStreamTests` rewrites the golden file and fails,
/// so that the change shows in review.
@Suite struct EventStreamTests {
  static let golden = repositoryRoot + "/Tests/PledgeKitTests/CLI/events-golden/fixtures.jsonl"

  static let awkwardCalls = """
    call_id,received_at,category,unit_id,rings,cancelled,operator_id
    Q1,2026-01-05 10:00:00,"say ""hi"" \\ back",U1,3,yes,OP1
    Q2,1900-01-01 00:00:00,"line one
    line two\tafter a tab",=U2,0,no,OP1
    Q3,9999-12-31 23:59:59,ctrl\u{1}x\u{1f}y\u{7f}z,U3,,,OP2
    Q4,2026-01-05 10:00:00,caf\u{e9} composed,U4,1,,火警
    Q4,2026-01-05 10:00:00,cafe\u{301} composed,U4,1,,火警
    Q5,2026-01-06 11:00:00,😀 a long category that goes into the block's string table,U5,2,,OP3
    Q6,2026-01-06 11:00:01,😀 a long category that goes into the block's string table,U5,2,,OP3
    Q1,2026-01-05 10:00:00,corrected,U1,3,yes,OP1

    """

  /// The fixtures' store with the awkward calls and a calendar batch, and the directory its
  /// files were named with (replaced by nothing in the output, so the golden file does not
  /// depend on where the repository is).
  static func store(in dir: String) throws -> String {
    let store = dir + "/store"
    ingestFixtures(into: store)
    try writeFile(dir + "/calls-awkward.csv", awkwardCalls)
    _ = runPledge(["ingest", "calls", dir + "/calls-awkward.csv", "--store", store])
    try writeFile(dir + "/calendar-2027.csv", "date,kind,name\n2027-01-01,off,元旦\n2027-02-06,work,补班 \"quoted\"\n")
    let calendar = runPledge(["ingest", "calendar", dir + "/calendar-2027.csv", "--store", store])
    #expect(calendar.code == .success, "\(calendar.err)")
    return store
  }

  /// The bytes of `pledge events ARGS` from the binary, with the fixture and temporary
  /// directories taken out of the file names.
  static func events(_ store: String, _ dir: String, _ extra: [String] = []) throws -> [UInt8] {
    let result = try runBinaryBytes(["events", "--store", store] + extra)
    #expect(result.code == 0, "\(result.err)")
    return replacing(replacing(result.out, repositoryRoot + "/fixtures/", ""), dir + "/", "")
  }

  @Test func theStreamIsPinnedByteForByte() throws {
    try withTemporaryDirectory { dir in
      let store = try Self.store(in: dir)
      let all = try Self.events(store, dir)
      if ProcessInfo.processInfo.environment["RECORD_EVENTS"] == "1" {
        try writeFile(Self.golden, bytes: all)
        Issue.record("recorded \(Self.golden); unset RECORD_EVENTS and commit it")
        return
      }
      let expected = try readBytes(Self.golden)
      // Compared as Bools: a failure names the first differing byte, not two arrays.
      let same = all == expected
      #expect(same, "first difference at byte \(firstDifference(all, expected))")
      // Increments and prefixes are the golden file's lines of those batches, byte for byte.
      let lines = expected.split(separator: UInt8(ascii: "\n")).map { Array($0) + [UInt8(ascii: "\n")] }
      func batch(_ line: [UInt8]) -> Int {
        Int(String(decoding: line.dropFirst(9).prefix { $0 != UInt8(ascii: ",") }, as: UTF8.self))!
      }
      let batches = batch(lines.last!)
      for n in [0, 1, batches / 2, batches - 1, batches, batches + 5] {
        let since = try Self.events(store, dir, ["--since-batch", String(n)])
        let sameSince = since == lines.filter { batch($0) > n }.flatMap { $0 }
        #expect(sameSince, "--since-batch \(n)")
      }
      for n in [1, batches / 2] {
        let through = try Self.events(store, dir, ["--batch", String(n)])
        let sameThrough = through == lines.filter { batch($0) <= n }.flatMap { $0 }
        #expect(sameThrough, "--batch \(n)")
        let window = try Self.events(store, dir, ["--since-batch", "2", "--batch", String(n)])
        let sameWindow = window == lines.filter { batch($0) > 2 && batch($0) <= n }.flatMap { $0 }
        #expect(sameWindow, "2…\(n)")
      }
    }
  }
}

/// `bytes` with every occurrence of `target` replaced by `replacement` (byte for byte).
func replacing(_ bytes: [UInt8], _ target: String, _ replacement: String) -> [UInt8] {
  let needle = Array(target.utf8)
  let with = Array(replacement.utf8)
  guard !needle.isEmpty else { return bytes }
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count)
  var i = 0
  while i < bytes.count {
    if bytes[i] == needle[0], i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
      out += with
      i += needle.count
    } else {
      out.append(bytes[i])
      i += 1
    }
  }
  return out
}

/// Where two byte strings first differ (for failure messages).
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
  (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
}
