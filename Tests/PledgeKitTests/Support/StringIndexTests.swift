import Testing

@testable import PledgeKit

/// Strings numbered in order of insertion, found again after the table has grown.
@Suite struct StringIndexTests {
  @Test func numbersStringsInOrderAndFindsThemAgain() {
    var index = StringIndex()
    let keys = (0..<5_000).map { "U\($0 * 7_919 % 5_000)" } + ["", "案件-1", "U1\u{301}"]
    for (i, key) in keys.enumerated() {
      #expect(index.insert(key) == (i, true))
    }
    for (i, key) in keys.enumerated() {
      #expect(index.index(of: key) == i)
      #expect(index.insert(key) == (i, false))
    }
    #expect(index.count == keys.count)
    #expect(index.keys == keys)
    #expect(index.index(of: "U5000") == nil)
    #expect(index.index(of: "U") == nil)
  }
}
