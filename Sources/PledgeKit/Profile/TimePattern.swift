/// The `as PATTERN` of an import profile (SPEC 1.5): compiled once into tokens, matched on a
/// cell's bytes for every row (no String, no formatter).
///
/// Tokens: `%Y` four-digit year; `%y` two-digit year (69–99 → 19xx, 00–68 → 20xx); `%m %d %H
/// %M %S` one or two digits; `%I` hour 1–12 with `%p` (`AM PM`, any case, or `上午 下午`); `%f`
/// digits of a fraction of a second (dropped); `%%` a `%`. A space matches one or more spaces;
/// every other character matches itself; the whole value must match. Digits are read greedily
/// (`%m%d` reads `1231` as December 31), with no backtracking. (A class: the row reader borrows
/// it rather than copying its tokens for every cell.)
final class TimePattern: @unchecked Sendable {
  // @unchecked: immutable after init; the view points into `steps`, owned here.
  enum Token: Equatable, Sendable {
    case year, shortYear, month, day, hour, hour12, minute, second, meridiem, fraction, spaces
    case byte(UInt8)
  }

  /// The pattern as the profile writes it.
  let text: String
  let tokens: [Token]
  private let steps: UnsafeMutablePointer<Step>
  /// The compiled steps as plain pointers, for the hot path (valid while the pattern is alive).
  let view: View

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
    let steps = tokens.map(Step.init)
    self.steps = .allocate(capacity: max(steps.count, 1))
    self.steps.initialize(from: steps, count: steps.count)
    view = View(
      steps: UnsafeBufferPointer(start: self.steps, count: steps.count),
      hasMeridiem: tokens.contains(.meridiem))
  }

  deinit { steps.deallocate() }

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

  func match(_ bytes: UnsafeRawBufferPointer) -> Match { view.match(bytes) }

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
