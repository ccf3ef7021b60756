import Testing

@testable import PledgeKit

/// `as PATTERN` (SPEC 1.5): every token, both ends of every range, and what does not match.
@Suite struct TimePatternTests {
  /// Pattern, value → the civil time, `no match`, or the problem's message.
  static let matches: [(String, String, String)] = [
    // %Y four digits; %m %d one or two.
    ("%Y-%m-%d", "2016-1-2", "2016-01-02 00:00:00"),
    ("%Y-%m-%d", "2016-01-02", "2016-01-02 00:00:00"),
    ("%Y-%m-%d", "16-01-02", "no match"),
    ("%Y-%m-%d", "20161-01-02", "no match"),
    ("%Y-%m-%d", "2016-001-02", "no match"),
    ("%m/%d/%Y", "1/1/2016", "2016-01-01 00:00:00"),
    ("%m/%d/%Y", "12/31/2016", "2016-12-31 00:00:00"),
    ("%d.%m.%Y", "31.12.2016", "2016-12-31 00:00:00"),
    // %y: 69–99 → 19xx, 00–68 → 20xx.
    ("%d/%m/%y", "1/1/68", "2068-01-01 00:00:00"),
    ("%d/%m/%y", "1/1/69", "1969-01-01 00:00:00"),
    ("%d/%m/%y", "1/1/00", "2000-01-01 00:00:00"),
    ("%d/%m/%y", "31/12/99", "1999-12-31 00:00:00"),
    ("%d/%m/%y", "1/1/2016", "no match"),
    // %H %M %S.
    ("%Y-%m-%d %H:%M:%S", "2016-12-31 0:0:0", "2016-12-31 00:00:00"),
    ("%Y-%m-%d %H:%M:%S", "2016-12-31 23:59:59", "2016-12-31 23:59:59"),
    ("%Y-%m-%d %H:%M", "2016-12-31 07:05", "2016-12-31 07:05:00"),
    ("%Y-%m-%d %H", "2016-12-31 07", "2016-12-31 07:00:00"),
    // %I with %p: 12 AM is 00, 12 PM is 12; any case; 上午 下午.
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:57:56 PM", "2016-12-31 23:57:56"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 12:00:00 AM", "2016-12-31 00:00:00"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 12:59:59 AM", "2016-12-31 00:59:59"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 1:00:00 AM", "2016-12-31 01:00:00"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:59:59 AM", "2016-12-31 11:59:59"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 12:00:00 PM", "2016-12-31 12:00:00"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 1:00:00 pm", "2016-12-31 13:00:00"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 1:00:00 Am", "2016-12-31 01:00:00"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 0:30:00 AM", "no match"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 13:30:00 PM", "no match"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:57:56 XM", "no match"),
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:57:56", "no match"),
    ("%Y/%m/%d %p%I:%M", "2016/12/31 下午11:57", "2016-12-31 23:57:00"),
    ("%Y/%m/%d %p%I:%M", "2016/12/31 上午12:05", "2016-12-31 00:05:00"),
    ("%Y/%m/%d %p%I:%M", "2016/12/31 下午12:05", "2016-12-31 12:05:00"),
    ("%Y/%m/%d %p%I:%M", "2016/12/31 中午12:05", "no match"),
    // %f digits of a fraction, dropped.
    ("%Y-%m-%d %H:%M:%S.%f", "2016-12-31 23:57:56.999", "2016-12-31 23:57:56"),
    ("%Y-%m-%d %H:%M:%S.%f", "2016-12-31 23:57:56.1", "2016-12-31 23:57:56"),
    ("%Y-%m-%d %H:%M:%S.%f", "2016-12-31 23:57:56.", "no match"),
    // %% is a percent sign; other characters match themselves, CJK included.
    ("%Y%%%m%%%d", "2016%12%31", "2016-12-31 00:00:00"),
    ("%Y年%m月%d日 %H时%M分", "2016年12月31日 23时57分", "2016-12-31 23:57:00"),
    ("%Y年%m月%d日%H时", "2016年3月5日17时", "2016-03-05 17:00:00"),
    // Fixed-width fields without separators, read greedily.
    ("%Y%m%d%H%M%S", "20161231235756", "2016-12-31 23:57:56"),
    ("%Y%m%d", "42736", "no match"),
    // A space matches one or more spaces, nothing else.
    ("%m/%d/%Y %I:%M %p", "12/31/2016    11:57  PM", "2016-12-31 23:57:00"),
    ("%m/%d/%Y %I:%M %p", "12/31/2016 11:57PM", "no match"),
    ("%m/%d/%Y %I:%M %p", "12/31/2016\t11:57 PM", "no match"),
    // The whole value must match.
    ("%m/%d/%Y", "12/31/2016 23:00", "no match"),
    ("%m/%d/%Y", "x12/31/2016", "no match"),
    ("%m/%d/%Y", "", "no match"),
    // The pattern's shape but no such day or time: a bad value, not a fallback.
    ("%m/%d/%Y", "2/29/2016", "2016-02-29 00:00:00"),
    ("%m/%d/%Y", "2/29/2017", "there is no day 2017-02-29"),
    ("%m/%d/%Y", "13/1/2016", "there is no day 2016-13-01"),
    ("%m/%d/%Y", "0/1/2016", "there is no day 2016-00-01"),
    ("%m/%d/%Y", "1/0/2016", "there is no day 2016-01-00"),
    ("%Y-%m-%d %H:%M", "2016-12-31 24:00", "there is no time of day 24:00:00 (hours run 00-23)"),
    (
      "%Y-%m-%d %H:%M:%S", "2016-12-31 23:60:00",
      "there is no time of day 23:60:00 (hours run 00-23)"
    ),
    (
      "%Y-%m-%d %H:%M:%S", "2016-12-31 23:59:60",
      "there is no time of day 23:59:60 (hours run 00-23)"
    ),
  ]

  @Test(arguments: matches)
  func match(pattern: String, value: String, expected: String) throws {
    let compiled = try TimePattern(pattern)
    let found = Array(value.utf8).withUnsafeBytes { compiled.match($0) }
    switch found {
    case .matched(let civil): #expect(civil.description == expected)
    case .noMatch: #expect("no match" == expected)
    case .impossible(let problem): #expect(problem.message == expected)
    }
  }

  /// Pattern → the character (0-based) and message it is refused with.
  static let refused: [(String, Int, String)] = [
    (
      "%Y-%m-%d %Q", 9,
      "unknown pattern token '%Q'; the tokens are %Y %y %m %d %H %M %S %I %p %f %%"
    ),
    ("%Y-%m-%d %", 9, "the pattern ends with a lone '%'; write %% for a percent sign"),
    ("%Y-%m-%d %Y", 9, "the pattern reads the year twice (first at character 1)"),
    ("%Y-%m-%d %y", 9, "the pattern reads the year twice (first at character 1)"),
    ("%Y-%m-%d %H %I %p", 12, "the pattern reads the hour twice (first at character 10)"),
    ("%Y-%m", 0, "the pattern must read a year (%Y or %y), a month (%m) and a day (%d)"),
    ("%m/%d %H:%M", 0, "the pattern must read a year (%Y or %y), a month (%m) and a day (%d)"),
    ("%Y-%m-%d %I:%M", 0, "%I (hour 1-12) and %p (AM/PM) go together"),
    ("%Y-%m-%d %H:%M %p", 0, "%I (hour 1-12) and %p (AM/PM) go together"),
    ("%Y-%m-%d %M", 0, "%M (minutes) needs an hour, %H or %I"),
    ("%Y-%m-%d %H %S", 0, "%S (seconds) needs %M (minutes)"),
    ("%Y-%m-%d %H:%M.%f", 0, "%f (a fraction of a second) needs %S (seconds)"),
  ]

  @Test(arguments: refused)
  func refusedPattern(pattern: String, offset: Int, message: String) {
    #expect(throws: TimePattern.Problem(offset: offset, message: message)) {
      try TimePattern(pattern)
    }
  }

  @Test(arguments: [
    ("%m/%d/%Y %I:%M:%S %p", "12/31/2016 11:57:56 PM"),
    ("%d.%m.%y %H:%M:%S.%f", "31.12.16 23:57:56.000"),
    ("%Y年%m月%d日 %H时", "2016年12月31日 23时"),
    ("%Y%%%m%%%d", "2016%12%31"),
  ])
  func example(pattern: String, expected: String) throws {
    #expect(try TimePattern(pattern).example == expected)
  }

  /// Every example matches its own pattern and names the sample time.
  @Test(arguments: ["%m/%d/%Y %I:%M:%S %p", "%y%m%d %H%M%S", "%d.%m.%Y %p %I:%M", "%Y年%m月%d日"])
  func exampleMatchesItsPattern(pattern: String) throws {
    let compiled = try TimePattern(pattern)
    let found = Array(compiled.example.utf8).withUnsafeBytes { compiled.match($0) }
    guard case .matched(let civil) = found else {
      Issue.record("\(compiled.example) does not match \(pattern)")
      return
    }
    #expect(civil.date == CivilDate(year: 2016, month: 12, day: 31))
  }
}
