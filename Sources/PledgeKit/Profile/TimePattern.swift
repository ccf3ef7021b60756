/// The `as PATTERN` of an import profile (SPEC 1.5): compiled once into tokens, matched on a
/// cell's bytes for every row (no String, no formatter).
///
/// Tokens: `%Y` four-digit year; `%y` two-digit year (69–99 → 19xx, 00–68 → 20xx); `%m %d %H
/// %M %S` one or two digits; `%I` hour 1–12 with `%p` (`AM PM`, any case, or `上午 下午`); `%f`
/// digits of a fraction of a second (dropped); `%%` a `%`. A space matches one or more spaces;
/// every other character matches itself; the whole value must match. Digits are read greedily
/// (`%m%d` reads `1231` as December 31), with no backtracking.
struct TimePattern: Sendable, Equatable {
  enum Token: Equatable, Sendable {
    case year, shortYear, month, day, hour, hour12, minute, second, meridiem, fraction, spaces
    case byte(UInt8)
  }

  /// The pattern as the profile writes it.
  let text: String
  let tokens: [Token]
  /// Whether the pattern reads a time of day (`%H` or `%I`); without one a value is midnight.
  let hasTimeOfDay: Bool

  /// A pattern that cannot be compiled: why, and at which character (0-based) of the pattern.
  struct Problem: Error, Equatable {
    let offset: Int
    let message: String
  }

  init(_ text: String) throws(Problem) {
    var tokens: [Token] = []
    var seenAt: [String: Int] = [:]
    let scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
      let scalar = scalars[i]
      if scalar == " " {
        if tokens.last != .spaces { tokens.append(.spaces) }
        i += 1
        continue
      }
      guard scalar == "%" else {
        tokens.append(contentsOf: Array(String(scalar).utf8).map(Token.byte))
        i += 1
        continue
      }
      guard i + 1 < scalars.count else {
        throw Problem(
          offset: i, message: "the pattern ends with a lone '%'; write %% for a percent sign")
      }
      let letter = scalars[i + 1]
      let token: Token
      switch letter {
      case "Y": token = .year
      case "y": token = .shortYear
      case "m": token = .month
      case "d": token = .day
      case "H": token = .hour
      case "I": token = .hour12
      case "M": token = .minute
      case "S": token = .second
      case "p": token = .meridiem
      case "f": token = .fraction
      case "%": token = .byte(UInt8(ascii: "%"))
      default:
        throw Problem(
          offset: i,
          message: "unknown pattern token '%\(letter)'; the tokens are " + TimePattern.tokenList)
      }
      if letter != "%" {
        let field = TimePattern.field(of: token)
        if let first = seenAt[field] {
          throw Problem(
            offset: i,
            message: "the pattern reads the \(field) twice (first at character \(first + 1))")
        }
        seenAt[field] = i
      }
      tokens.append(token)
      i += 2
    }
    func has(_ token: Token) -> Bool { tokens.contains(token) }
    func require(_ condition: Bool, _ message: String) throws(Problem) {
      if !condition { throw Problem(offset: 0, message: message) }
    }
    try require(
      (has(.year) || has(.shortYear)) && has(.month) && has(.day),
      "the pattern must read a year (%Y or %y), a month (%m) and a day (%d)")
    try require(has(.hour12) == has(.meridiem), "%I (hour 1-12) and %p (AM/PM) go together")
    try require(!has(.minute) || has(.hour) || has(.hour12), "%M (minutes) needs an hour, %H or %I")
    try require(!has(.second) || has(.minute), "%S (seconds) needs %M (minutes)")
    try require(!has(.fraction) || has(.second), "%f (a fraction of a second) needs %S (seconds)")
    self.text = text
    self.tokens = tokens
    hasTimeOfDay = tokens.contains(.hour) || tokens.contains(.hour12)
  }

  static let tokenList = "%Y %y %m %d %H %M %S %I %p %f %%"

  /// The field a token reads, for "read twice" (`%Y` and `%y` both read the year).
  private static func field(of token: Token) -> String {
    switch token {
    case .year, .shortYear: return "year"
    case .month: return "month"
    case .day: return "day"
    case .hour, .hour12: return "hour"
    case .minute: return "minutes"
    case .second: return "seconds"
    case .meridiem: return "AM/PM"
    case .fraction: return "fraction of a second"
    case .spaces, .byte: return ""
    }
  }

  /// What matching one value found.
  enum Match: Equatable {
    case matched(CivilDateTime)
    /// The value does not have the pattern's shape: it may be in a form of SPEC 1.2.
    case noMatch
    /// The value has the pattern's shape but names no real date or time (`02/30/2016`).
    case impossible(ValueProblem)
  }

  func match(_ bytes: UnsafeRawBufferPointer) -> Match {
    var year = 0
    var month = 0
    var day = 0
    var hour = 0
    var minute = 0
    var second = 0
    var isAfternoon: Bool?
    var i = 0
    let n = bytes.count
    /// One or two digits at `i`.
    @inline(__always) func oneOrTwoDigits() -> Int? {
      guard i < n, isDigit(bytes[i]) else { return nil }
      var value = Int(bytes[i] &- 48)
      i += 1
      if i < n, isDigit(bytes[i]) {
        value = value * 10 + Int(bytes[i] &- 48)
        i += 1
      }
      return value
    }
    /// Exactly `count` digits at `i`.
    @inline(__always) func digits(_ count: Int) -> Int? {
      guard n - i >= count else { return nil }
      var value = 0
      for k in i..<(i + count) {
        guard isDigit(bytes[k]) else { return nil }
        value = value * 10 + Int(bytes[k] &- 48)
      }
      i += count
      return value
    }
    for token in tokens {
      switch token {
      case .byte(let b):
        guard i < n, bytes[i] == b else { return .noMatch }
        i += 1
      case .spaces:
        guard i < n, bytes[i] == 0x20 else { return .noMatch }
        while i < n, bytes[i] == 0x20 { i += 1 }
      case .year:
        guard let v = digits(4) else { return .noMatch }
        year = v
      case .shortYear:
        guard let v = digits(2) else { return .noMatch }
        year = v >= 69 ? 1900 + v : 2000 + v
      case .month:
        guard let v = oneOrTwoDigits() else { return .noMatch }
        month = v
      case .day:
        guard let v = oneOrTwoDigits() else { return .noMatch }
        day = v
      case .hour:
        guard let v = oneOrTwoDigits() else { return .noMatch }
        hour = v
      case .hour12:
        guard let v = oneOrTwoDigits(), v >= 1, v <= 12 else { return .noMatch }
        hour = v
      case .minute:
        guard let v = oneOrTwoDigits() else { return .noMatch }
        minute = v
      case .second:
        guard let v = oneOrTwoDigits() else { return .noMatch }
        second = v
      case .fraction:
        guard i < n, isDigit(bytes[i]) else { return .noMatch }
        while i < n, isDigit(bytes[i]) { i += 1 }
      case .meridiem:
        guard let afternoon = TimePattern.meridiem(bytes, &i) else { return .noMatch }
        isAfternoon = afternoon
      }
    }
    guard i == n else { return .noMatch }
    if let isAfternoon { hour = hour % 12 + (isAfternoon ? 12 : 0) }
    guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysIn(year: year, month: month)
    else {
      return .impossible(.noSuchDay(year: year, month: month, day: day))
    }
    guard hour <= 23, minute <= 59, second <= 59 else {
      return .impossible(.noSuchTime(hour: hour, minute: minute, second: second))
    }
    return .matched(
      CivilDateTime(
        secondsSinceEpoch: Int64(CivilDate.days(year: year, month: month, day: day)) * 86_400
          + Int64(hour * 3600 + minute * 60 + second)))
  }

  /// `AM`/`PM` in any case, `上午` or `下午` at `i`: whether it is the afternoon.
  @inline(__always)
  private static func meridiem(_ bytes: UnsafeRawBufferPointer, _ i: inout Int) -> Bool? {
    let rest = bytes.count - i
    if rest >= 2, bytes[i + 1] | 0x20 == UInt8(ascii: "m") {
      switch bytes[i] | 0x20 {
      case UInt8(ascii: "a"):
        i += 2
        return false
      case UInt8(ascii: "p"):
        i += 2
        return true
      default: return nil
      }
    }
    // 上午 E4 B8 8A E5 8D 88, 下午 E4 B8 8B E5 8D 88.
    guard rest >= 6, bytes[i] == 0xE4, bytes[i + 1] == 0xB8, bytes[i + 3] == 0xE5,
      bytes[i + 4] == 0x8D, bytes[i + 5] == 0x88
    else { return nil }
    switch bytes[i + 2] {
    case 0x8A:
      i += 6
      return false
    case 0x8B:
      i += 6
      return true
    default: return nil
    }
  }

  /// A value written with the pattern, for messages: 2016-12-31 23:57:56, as in
  /// `12/31/2016 11:57:56 PM`.
  var example: String {
    var bytes: [UInt8] = []
    for token in tokens {
      switch token {
      case .byte(let b): bytes.append(b)
      case .spaces: bytes.append(0x20)
      case .year: bytes += Array("2016".utf8)
      case .shortYear: bytes += Array("16".utf8)
      case .month: bytes += Array("12".utf8)
      case .day: bytes += Array("31".utf8)
      case .hour: bytes += Array("23".utf8)
      case .hour12: bytes += Array("11".utf8)
      case .minute: bytes += Array("57".utf8)
      case .second: bytes += Array("56".utf8)
      case .meridiem: bytes += Array("PM".utf8)
      case .fraction: bytes += Array("000".utf8)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
