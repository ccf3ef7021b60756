import Foundation
import Testing

@testable import PledgeKit

/// What the row reader makes of hostile or malformed records: where a fault is reported, how a
/// value that spans lines is shown, and how long a cell may be.
@Suite struct RowReaderTests {
  /// A whole-record fault names no column (SPEC 4.3) but points at the column where it is.
  @Test(arguments: [
    ("C9,2026-02-03 10:00,\"ab\"c,,,,,,,", 3),
    ("\"C9\"x,2026-02-03 10:00,,,,,,,,", 1),
    ("C9,2026-02-03 10:00,,,,,,,,,extra", 11),
    ("C9,2026-02-03 10:00,,,,,,,", 10),
  ] as [(String, Int)])
  func aWholeRecordFaultPointsAtItsColumn(row: String, column: Int) throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(.calls, "q.csv", callHeader + row + "\n")
      let rejection = try #require(result.rejections.first)
      #expect(rejection.column == "")
      #expect(rejection.columnNumber == column)
      #expect(rejection.diagnostic.description.hasPrefix("\(dir)/q.csv:2:\(column): error: "))
    }
  }

  /// A quoted cell holding a line break is shown escaped, so the message stays one line; the
  /// quarantine keeps the value as read (CSV quoting carries the line break).
  @Test func aLineBreakInAValueIsEscapedInTheMessageOnly() throws {
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let result = try harness.ingest(
        .calls, "q.csv", callHeader + "C8,2026-03-05 10:00:00,,,,,,,,\nC9,\"2026-03-05\n10:00:00\",,,,,,,,\n")
      let rejection = try #require(result.rejections.first)
      #expect(rejection.value == "2026-03-05\n10:00:00")
      let line = rejection.diagnostic.description
      #expect(!line.contains("\n"))
      #expect(line.hasSuffix("got '2026-03-05\\n10:00:00'"), "\(line)")
      let quarantine = String(decoding: harness.store.quarantine, as: UTF8.self)
      #expect(quarantine.contains(",\"2026-03-05\n10:00:00\","))
    }
  }

  static let limit = CellParser.maximumLength

  /// A value an import profile assembles from several cells is held to the same limit, the
  /// key too; the rejection points at the first cell it reads.
  @Test func anAssembledValueLongerThanTheLimitRejectsItsRow() throws {
    try withTemporaryDirectory { dir in
      let half = String(repeating: "k", count: Self.limit / 2 + 1)
      try writeFile(dir + "/p.profile", "source = calls\ncall_id = {A}-{B}\nreceived_at = {T}\ncategory = {B}{B}\n")
      try writeFile(
        dir + "/x.csv",
        "A,B,T\n\(half),\(half),2026-02-03 09:00\nC,1,2026-02-03 09:00\nD,\(half),2026-02-03 09:00\n")
      let profile = try ImportProfile.load(path: dir + "/p.profile") { name in
        Source(name: name).map { Schemas.columns(of: $0).map(\.name) }
      }
      let session = IngestSession(store: MemoryEventStore())
      let result = try session.ingest(
        TextInput(path: dir + "/x.csv"), as: .calls, ingestedAt: Instant(secondsSinceEpoch: 0), profile: profile)
      #expect(result.counts.rowsAccepted == 1)
      #expect(result.rejections.map(\.line) == [2, 4])
      #expect(result.rejections.map(\.column) == ["A", "B"])
      #expect(result.rejections.allSatisfy { $0.reason.contains("more than the 1 MiB") })
    }
  }

  /// A cell of more than 1 MiB rejects its row, in any column; exactly 1 MiB is accepted. What
  /// counts is the value after unquoting, before trimming.
  @Test func aCellLongerThanTheLimitRejectsItsRow() throws {
    #expect(Self.limit == 1_048_576)
    try withTemporaryDirectory { dir in
      let harness = IngestHarness(dir: dir)
      let fits = String(repeating: "u", count: Self.limit)
      // Doubled quotes make the raw field longer than the limit, the value exactly as long.
      let quotedFits = String(repeating: "ab\"", count: Self.limit / 3) + "c"
      #expect(quotedFits.utf8.count == Self.limit)
      let escaped = "\"" + quotedFits.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      let rows = [
        "C1,2026-02-03 09:00,,,\(fits),,,,,",
        "C2,2026-02-03 09:00,,,\(fits)u,,,,,",
        "C3,2026-02-03 09:00,,,\(escaped),,,,,",
        "\(fits)k,2026-02-03 09:00,,,,,,,,",
        "C5,2026-02-03 09:00,,, \(fits) ,,,,,",
        "C6,2026-02-03 09:00,,,,,,,,",
      ]
      let result = try harness.ingest(.calls, "big.csv", callHeader + rows.joined(separator: "\n") + "\n")
      #expect(result.counts.rowsRead == 6)
      #expect(result.counts.rowsAccepted == 3)
      #expect(result.rejections.map(\.line) == [3, 5, 6])
      #expect(result.rejections.map(\.column) == ["unit_id", "call_id", "unit_id"])
      #expect(result.rejections.map(\.columnNumber) == [5, 1, 5])
      let first = try #require(result.rejections.first)
      #expect(first.reason.contains("1048577 bytes, more than the 1 MiB"), "\(first.reason)")
      #expect(first.value == fits + "u")
      let line = first.diagnostic.description
      #expect(line.count < 400)
      #expect(!line.contains("\n"))
      let calls = try Projection.replaying(harness.store).calls
      #expect(calls["C1"]?.unitID == fits)
      #expect(calls["C3"]?.unitID == quotedFits)
      #expect(calls["C6"] != nil)
    }
  }
}
