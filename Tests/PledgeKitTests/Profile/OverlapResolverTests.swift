import Testing

@testable import PledgeKit

/// The fall-back hour (SPEC 1.5): the earlier instant, unless that puts a time before a step
/// it must follow in the same row while the later instant does not; resolved in column order.
@Suite struct OverlapResolverTests {
  /// A call's times in column order — received, answered, dispatched, departed, arrived,
  /// reported — and its order checks (1.4), as the calls schema gives them.
  static let callChecks: [(later: Int, earlier: [Int])] = [
    (1, [0]), (2, [0]), (3, [2]), (4, [3, 2]), (5, [4]),
  ]

  /// Minutes after 01:00 PDT on 2016-11-06 (08:00 UTC); a time in the repeated hour is
  /// `.overlap(m, m + 60)`.
  static func at(_ minutes: Int) -> Instant {
    Instant(unixTime: 1_478_419_200 + Int64(minutes) * 60)
  }

  static func unique(_ minutes: Int) -> TimeReading { .instant(at(minutes)) }
  static func twice(_ minutes: Int) -> TimeReading {
    .overlap(earlier: at(minutes), later: at(minutes + 60))
  }

  /// Row → the minutes chosen (nil: not known).
  static let rows: [(String, [TimeReading?], [Int?])] = [
    (
      "no overlap: the times as they are", [unique(-10), unique(-9), nil, nil, nil, nil],
      [-10, -9, nil, nil, nil, nil]
    ),
    (
      "an overlap with nothing to follow: the earlier", [twice(30), nil, nil, nil, nil, nil],
      [30, nil, nil, nil, nil, nil]
    ),
    (
      "all in the first pass of the hour: the earlier each",
      [twice(50), twice(51), twice(52), twice(53), twice(58), nil], [50, 51, 52, 53, 58, nil]
    ),
    (
      "arrival read as the first pass would precede departure: the later",
      [twice(50), twice(51), twice(52), twice(55), twice(3), nil], [50, 51, 52, 55, 63, nil]
    ),
    (
      "a step after a time resolved to the later instant follows it",
      [twice(50), nil, twice(52), twice(55), twice(3), twice(20)], [50, nil, 52, 55, 63, 80]
    ),
    (
      "departure unknown: arrival follows dispatch, the first known earlier step",
      [twice(40), nil, twice(45), nil, twice(5), nil], [40, nil, 45, nil, 65, nil]
    ),
    (
      "before its step whichever instant: the earlier (the row check then rejects it)",
      [unique(130), nil, twice(10), nil, nil, nil], [130, nil, 10, nil, nil, nil]
    ),
    (
      "the step is a time after the fall-back: the later",
      [unique(61), twice(5), nil, nil, nil, nil], [61, 65, nil, nil, nil, nil]
    ),
    (
      "the earlier instant is enough: the earlier",
      [unique(-5), twice(5), nil, nil, nil, nil], [-5, 5, nil, nil, nil, nil]
    ),
    (
      "equal to its step counts as following it",
      [twice(20), twice(20), nil, nil, nil, nil], [20, 20, nil, nil, nil, nil]
    ),
    (
      "the first time is resolved before the ones that follow it",
      [twice(59), twice(1), twice(2), nil, nil, nil], [59, 61, 62, nil, nil, nil]
    ),
  ]

  @Test(arguments: rows)
  func resolve(_ name: String, times: [TimeReading?], expected: [Int?]) {
    let chosen = OverlapResolver.resolve(times, orderChecks: Self.callChecks)
    #expect(chosen == expected.map { $0.map(Self.at) }, "\(name)")
  }

  /// A complaint: every later step checked against its start only (1.4).
  @Test func complaintSteps() {
    let checks: [(later: Int, earlier: [Int])] = [(1, [0]), (2, [0]), (3, [0])]
    let chosen = OverlapResolver.resolve(
      [Self.twice(40), Self.twice(10), Self.twice(45), nil], orderChecks: checks)
    #expect(chosen == [Self.at(40), Self.at(70), Self.at(45), nil])
  }

  /// Without order checks, every time is its earlier instant.
  @Test func noChecks() {
    let times: [TimeReading?] = [Self.twice(40), Self.twice(10), nil, Self.unique(3)]
    #expect(
      OverlapResolver.resolve(times, orderChecks: []) == [
        Self.at(40), Self.at(10), nil, Self.at(3),
      ])
  }
}
