import Foundation
import Testing

@testable import PledgeKit

/// The obligations report (SPEC 5) against the others, and a year against its quarters
/// (SPEC §7.40), on the fixtures.
@Suite(.serialized) struct ObligationsReportTests {
  /// The data rows of a report, read with Pledge's own CSV reader (quoted fields hold commas).
  static func rows(_ csv: String) -> [[String]] {
    var bytes = Array(csv.utf8)
    return bytes.withUnsafeMutableBytes { buffer in
      let reader = CSVReader(UnsafeRawBufferPointer(buffer))
      var record = CSVRecord()
      var rows: [[String]] = []
      while (try? reader.read(into: &record)) == true { rows.append(record.strings) }
      return Array(rows.dropFirst())
    }
  }

  /// Per unit|rule and per ALL|rule, how many obligations are in each of `states`.
  static func counts(_ obligations: [[String]], _ states: [String]) -> [String: [Int]] {
    var counts: [String: [Int]] = [:]
    for row in obligations {
      // quarter,rule,record_id,unit_id,person_id,started_at,deadline,done_at,state,...
      let state = states.firstIndex(of: row[8])!
      for key in [row[3] + "|" + row[1], "ALL|" + row[1]] {
        var c = counts[key] ?? [0, 0, 0, 0]
        c[state] += 1
        counts[key] = c
      }
    }
    return counts
  }

  /// Summed over a unit and rule, the obligations' states are compliance's counts; its
  /// breached rows are penalties' rows.
  @Test func obligationsSumToCompliance() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      let obligations = Self.rows(report("obligations", store: dir))
      let states = ["met", "breached", "open", "exempt"]
      // (unit|rule) → counts in the order of `states`.
      let counts = Self.counts(obligations, states)
      let compliance = Self.rows(report("compliance", store: dir))
      #expect(compliance.count == counts.count)
      for row in compliance {
        // quarter,unit_id,rule,obligations,met,breached,open,exempt,rate
        let c = counts[row[1] + "|" + row[2]] ?? [0, 0, 0, 0]
        #expect(Int(row[3]) == c.reduce(0, +), "\(row)")
        #expect(row[4...7].compactMap { Int($0) } == c, "\(row)")
      }
      let breached = obligations.filter { $0[8] == "breached" }
      let penalties = Self.rows(report("penalties", store: dir))
      #expect(breached.count == penalties.count)
      // Same order, same record, unit, person and times.
      for (o, p) in zip(breached, penalties) {
        #expect(o[1] == p[1] && o[2] == p[3] && o[3] == p[4] && o[4] == p[5] && o[5] == p[6] && o[6] == p[7])
      }
    }
  }

  /// --year reports the obligations starting in the year: the union of its quarters' rows,
  /// with the quarter column reading the year.
  @Test func aYearIsTheUnionOfItsQuarters() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      let year = runPledge(["report", "obligations", "--year", "2026", "--store", dir])
      #expect(year.code == .success, "\(year.err)")
      var quarters: [[String]] = []
      for q in 1...4 {
        let quarter = runPledge(["report", "obligations", "--quarter", "2026Q\(q)", "--store", dir])
        quarters += Self.rows(quarter.out).map { ["2026"] + $0.dropFirst() }
      }
      let yearRows = Self.rows(year.out)
      #expect(yearRows.count == quarters.count)
      #expect(Set(yearRows.map { $0.joined(separator: ",") }) == Set(quarters.map { $0.joined(separator: ",") }))
      // report all --year writes KIND-2026.csv.
      let all = runPledge(["report", "all", "--year", "2026", "--store", dir, "--dir", dir + "/out"])
      #expect(all.code == .success, "\(all.err)")
      for kind in ReportKind.allCases {
        #expect(FileManager.default.fileExists(atPath: dir + "/out/\(kind.rawValue)-2026.csv"), "\(kind)")
      }
      let ranking = try readText(dir + "/out/ranking-2026.csv")
      #expect(ranking.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("2026,") })
      let dashboard = runPledge(["report", "dashboard", "--year", "2026", "--store", dir])
      #expect(dashboard.out.contains("2026年度总评"))
      // A year's page speaks of the year, never of a quarter.
      #expect(dashboard.out.contains("本年度全部单位") && !dashboard.out.contains("本季度"))
      #expect(dashboard.out.contains("<dt>年度</dt>"), "the period's label")
      let english = runPledge(["report", "dashboard", "--year", "2026", "--lang", "en", "--store", dir])
      #expect(english.out.contains("All units this year") && !english.out.contains("this quarter"))
    }
  }

  /// Every report of a year is its quarters' taken together (SPEC §7.40): penalties and
  /// disclosure rows are their union; compliance's and people's counts are their sums.
  @Test func everyReportOfAYearIsItsQuartersTogether() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      func rows(_ kind: String, _ period: [String]) -> [[String]] {
        let run = runPledge(["report", kind] + period + ["--store", dir])
        #expect(run.code == .success, "\(kind) \(period): \(run.err)")
        return Self.rows(run.out)
      }
      let quarters = (1...4).map { ["--quarter", "2026Q\($0)"] }
      let year = ["--year", "2026"]
      #expect(Set(quarters.filter { !rows("compliance", $0).isEmpty }.map(\.[1])).count >= 2, "the fixtures span quarters")
      for kind in ["penalties", "disclosure"] {
        let joined = quarters.flatMap { rows(kind, $0) }.map { (["2026"] + $0.dropFirst()).joined(separator: ",") }
        let whole = rows(kind, year).map { $0.joined(separator: ",") }
        #expect(!whole.isEmpty, "\(kind)")
        #expect(whole.sorted() == joined.sorted(), "\(kind)")
      }
      /// Per key, the sums of `columns` (money as fen).
      func sums(_ rows: [[String]], key: ([String]) -> String, columns: [Int]) -> [String: [Int]] {
        var sums: [String: [Int]] = [:]
        for row in rows {
          let values = columns.map { column in
            row[column].contains(".") ? Int((Double(row[column])! * 100).rounded()) : Int(row[column])!
          }
          sums[key(row)] = zip(sums[key(row)] ?? values.map { _ in 0 }, values).map(+)
        }
        return sums
      }
      // compliance: quarter,unit_id,rule,obligations,met,breached,open,exempt,rate
      let complianceKey = { (row: [String]) in row[1] + "|" + row[2] }
      #expect(
        sums(rows("compliance", year), key: complianceKey, columns: Array(3...7))
          == sums(quarters.flatMap { rows("compliance", $0) }, key: complianceKey, columns: Array(3...7)))
      // people: quarter,person_id,unit_id,breaches,compensation_cny, then a column per rule
      let ruleColumns = Array(5..<(5 + RuleID.allCases.count))
      #expect(
        sums(rows("people", year), key: { $0[1] }, columns: [3, 4] + ruleColumns)
          == sums(quarters.flatMap { rows("people", $0) }, key: { $0[1] }, columns: [3, 4] + ruleColumns))
    }
  }
}
