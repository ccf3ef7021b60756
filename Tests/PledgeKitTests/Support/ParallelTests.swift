import Testing

@testable import PledgeKit

@Suite struct ParallelTests {
  struct Failure: Error, Equatable { let part: String }

  @Test func pairReturnsBothResultsInOrder() throws {
    let (a, b) = try Parallel.pair({ (1...1000).reduce(0, +) }, { String(repeating: "x", count: 3) })
    #expect(a == 500_500)
    #expect(b == "xxx")
  }

  /// Each part may split its own work again (a fold on every core) inside the pair.
  @Test func pairPartsCanSplitTheirWorkAgain() throws {
    let (a, b) = try Parallel.pair(
      { try Parallel.map(4) { $0 * 10 } }, { try Parallel.map(3) { $0 + 1 } })
    #expect(a == [0, 10, 20, 30])
    #expect(b == [1, 2, 3])
  }

  @Test func pairRethrowsAFailureOfEitherPart() {
    #expect(throws: Failure(part: "second")) {
      _ = try Parallel.pair({ 1 }, { () throws -> Int in throw Failure(part: "second") })
    }
    #expect(throws: Failure(part: "first")) {
      _ = try Parallel.pair({ () throws -> Int in throw Failure(part: "first") }, { 2 })
    }
  }
}
