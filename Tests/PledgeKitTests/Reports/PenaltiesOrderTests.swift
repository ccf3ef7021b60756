import Testing

@testable import PledgeKit

/// The penalties report's row order (SPEC 5, §7.22: record_id in byte order within a rule) and
/// its rendering in parts.
@Suite struct PenaltiesOrderTests {
  /// A call.answer breach (five rings) for each id, received in 2026Q1.
  func report(ids: [String], unit: (Int) -> String = { _ in "U1" }) throws -> PeriodReport {
    var events: [Event] = []
    for (i, id) in ids.enumerated() {
      events += RuleBench.call(
        id, received: cst(2026, 2, 1 + i % 27, 9, i % 60), rings: 5, unit: unit(i), operatorID: "P\(i % 7)")
    }
    let evaluation = try RuleBench.evaluation(events, asOf: cst(2026, 3, 31, 23, 59, 59))
    return try PeriodReport(evaluation: evaluation, period: .quarter(Quarter(year: 2026, number: 1)!))
  }

  func recordIDs(_ csv: CSVWriter) -> [String] {
    String(decoding: csv.bytes, as: UTF8.self).split(separator: "\n").dropFirst().map {
      String($0.split(separator: ",", omittingEmptySubsequences: false)[3])
    }
  }

  /// Ids that agree on their first 16 bytes, ids that are prefixes of others, ids that differ
  /// only past byte 16, multibyte ids: the order is memcmp's on the UTF-8 bytes.
  @Test func recordIDsAreInByteOrder() throws {
    let ids = [
      "C-0000000000000001", "C-00000000000000", "C-000000000000000", "C-0000000000000000",
      "C-00000000000000009", "C-0000000000000000b", "C-0000000000000000a", "B", "BA", "B\u{7F}",
      "案件-0001", "案件-0001-甲", "案件-00010", "Z9", "Z10",
    ]
    let rendered = recordIDs(PenaltiesReport.render(try report(ids: ids)))
    let expected = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(rendered == expected)
  }

  /// `report all` renders the penalties rows in parts on several cores: joined, they are the
  /// same bytes as rendering them whole.
  @Test func renderingInPartsGivesTheSameBytes() throws {
    let ids = (0..<9_000).map { "CALL-\(($0 * 7_919) % 9_000)" }
    let report = try report(ids: ids) { "U\($0 % 13)" }
    let whole = PenaltiesReport.render(report)
    let all = ReportKind.render(ReportKind.allCases, report)
    #expect(recordIDs(whole).count == 9_000)
    #expect(all[ReportKind.allCases.firstIndex(of: .penalties)!].bytes == whole.bytes)
    for (kind, csv) in zip(ReportKind.allCases, all) where kind != .penalties {
      #expect(csv.bytes == kind.render(report).bytes, "\(kind)")
    }
  }
}
