import Foundation
import Testing

@testable import PledgeKit

/// Folding a log on several cores (consecutive parts merged in order) gives exactly the
/// projection of one sequential fold, whatever the split, corrections across parts included.
@Suite struct ParallelFoldTests {
  @Test func partsMergedInOrderEqualOneSequentialFold() throws {
    try withTemporaryDirectory { dir in
      let store = try FileEventStore(writingTo: dir)
      var random = SeededRandom(seed: 99)
      // Many small batches; later batches correct and complete records of earlier ones.
      for batch in 1...12 {
        var draft = BatchDraft(
          provenance: BatchProvenance(source: batch % 3 == 0 ? .visits : .calls, fileName: "b\(batch)", sha256: "s\(batch)", ingestedAt: Instant(secondsSinceEpoch: 0)))
        for row in 0..<300 {
          let id = "R\(Int.random(in: 0..<400, using: &random))"
          let base = Instant(year: 2026, month: 2, day: 1)!.adding(seconds: Int64.random(in: 0...1_000_000, using: &random))
          if batch % 3 == 0 {
            draft.append(Event(.visit(.started), id, .instant(base)), line: row + 2, isCorrection: false)
            draft.append(Event(.visit(.kindRecorded), id, .visitKind(.window)), line: row + 2, isCorrection: false)
          } else {
            draft.append(Event(.call(.received), id, .instant(base)), line: row + 2, isCorrection: false)
            draft.append(Event(.call(.categorized), id, .text(["a", "b", "突发事件"].randomElement(using: &random)!)), line: row + 2, isCorrection: true)
            if Bool.random(using: &random) {
              draft.append(Event(.call(.arrived), id, .instant(base.adding(minutes: 5))), line: row + 2, isCorrection: false)
            }
          }
        }
        draft.counts.rowsAccepted = 300
        _ = try store.append(draft)
      }
      var sequential = Projection()
      try store.replay(through: nil, sources: nil) { sequential.apply($0) }
      for threshold in [1, 2, 5] {
        var parallel = Projection()
        try store.fold(through: nil, sources: nil, into: &parallel, parallelFrom: threshold)
        #expect(parallel.calls.records.map(\.signature) == sequential.calls.records.map(\.signature))
        #expect(parallel.visits.records.map(\.signature) == sequential.visits.records.map(\.signature))
        #expect(parallel.eventCount == sequential.eventCount)
        #expect(parallel.latestBusinessTime == sequential.latestBusinessTime)
        #expect(parallel.batch == sequential.batch)
        #expect(parallel.calls["R7"]?.category == sequential.calls["R7"]?.category)
      }
      var through = Projection()
      try store.fold(through: 7, sources: [.calls], into: &through, parallelFrom: 1)
      var expected = Projection()
      try store.replay(through: 7, sources: [.calls]) { expected.apply($0) }
      #expect(through.calls.records.map(\.signature) == expected.calls.records.map(\.signature))
      #expect(through.visits.count == 0)
    }
  }
}

extension Record {
  /// Every recorded value, for comparing projections.
  var signature: String {
    id + ":" + FactKind.allCases.map { self[fact: $0]?.displayText ?? "-" }.joined(separator: "|")
  }
}
