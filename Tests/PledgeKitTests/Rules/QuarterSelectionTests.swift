import Foundation
import Testing

@testable import PledgeKit

/// Evaluating one quarter skips records none of whose possible starts lie in it; that must
/// never lose an obligation: the quarter's obligations equal every obligation filtered by the
/// quarter of its start, for every quarter the fixtures touch, on one core or several.
@Suite struct QuarterSelectionTests {
  @Test func aQuarterHoldsExactlyTheObligationsStartingInIt() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      let store = try FileEventStore(readingFrom: dir)
      let evaluation = try Evaluation(projection: try Projection.replaying(store), options: RuleOptions())
      var all: [String] = []
      try evaluation.forEachObligation(in: nil) { all.append($0.key) }
      #expect(all.count > 500)
      for quarter in ["2025Q4", "2026Q1", "2026Q2"].map({ Quarter($0)! }) {
        var selected: [String] = []
        try evaluation.forEachObligation(in: quarter) { selected.append($0.key) }
        var parts: [String] = []
        for part in 0..<3 {
          try evaluation.forEachObligation(.init(quarter: quarter), part: part, of: 3) { parts.append($0.key) }
        }
        let expected = all.filter { $0.hasPrefix(quarter.description + " ") }
        #expect(selected.sorted() == expected.sorted(), "\(quarter)")
        #expect(parts.sorted() == expected.sorted(), "\(quarter)")
      }
      #expect(all.contains { $0.hasPrefix("2026Q2 ") })
    }
  }
}

extension Obligation {
  /// The quarter of S and everything that identifies the obligation and its state.
  var key: String {
    "\(Quarter(containing: start.date)) \(rule.rawValue) \(recordID) \(start) \(state.rawValue) \(deadline?.description ?? "-")"
  }
}

@Suite struct RuleOrderTests {
  @Test func orderIsThePositionInTheRulebook() {
    #expect(RuleID.allCases.map(\.order) == Array(0..<16))
    #expect(Rulebook.rules.map(\.id) == RuleID.allCases)
  }
}
