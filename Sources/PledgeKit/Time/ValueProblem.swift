/// Why a cell's text is not a value of its column's type. The message says what was expected;
/// the caller adds where (file, line, column) and the offending text.
public enum ValueProblem: Error, Equatable, Sendable {
  case notATimestamp
  case notADate
  case noSuchDay(year: Int, month: Int, day: Int)
  case noSuchTime(hour: Int, minute: Int, second: Int)
  case yearOutOfRange(Int)
  case badOffset
  case notAnInteger
  case notMoney
  case notABoolean
  case notOneOf([String])
  case missing
  /// Matches neither an import profile's `as PATTERN` nor a form of SPEC 1.2 (1.5); `example`
  /// is a value written with the pattern, `isDate` whether the column holds dates.
  case notPattern(pattern: String, example: String, isDate: Bool)
  /// A civil time that a clock change skipped (spring forward) in an import profile's zone.
  case skippedByClockChange(time: String, zone: String)

  public var message: String {
    switch self {
    case .notATimestamp:
      return "expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00,"
        + " 2026年3月5日 14:03 or an Excel serial number"
    case .notADate: return "expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日"
    case .noSuchDay(let y, let m, let d): return "there is no day \(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))"
    case .noSuchTime(let h, let m, let s):
      return "there is no time of day \(padded(h, 2)):\(padded(m, 2)):\(padded(s, 2)) (hours run 00-23)"
    case .yearOutOfRange(let y): return "year \(y) is out of range (1900-9999)"
    case .badOffset: return "expected a UTC offset like Z, +08:00 or -05:30"
    case .notAnInteger: return "expected a whole number of ASCII digits without sign"
    case .notMoney: return "expected an amount of yuan like 1500 or 1500.50 (at most 2 decimals)"
    case .notABoolean: return "expected yes/no, true/false, y/n, 1/0 or 是/否"
    case .notOneOf(let options): return "expected one of " + options.joined(separator: ", ")
    case .missing: return "a value is required"
    case .notPattern(let pattern, let example, let isDate):
      return "expected a \(isDate ? "date" : "time") like \(example) (pattern \(pattern))"
        + " or a form of SPEC 1.2"
    case .skippedByClockChange(let time, let zone):
      return "there was no time \(time) in \(zone): the clocks went forward over it"
    }
  }
}

private func padded(_ value: Int, _ width: Int) -> String {
  var bytes: [UInt8] = []
  appendDigits(value, width: width, to: &bytes)
  return String(decoding: bytes, as: UTF8.self)
}

/// Runs a byte-level parser on the UTF-8 of `text`.
func withBytes<T>(
  of text: String, _ parse: (UnsafeRawBufferPointer) throws(ValueProblem) -> T
) throws(ValueProblem) -> T {
  var copy = text
  var result: Result<T, ValueProblem>?
  copy.withUTF8 { utf8 in
    result = Result { () throws(ValueProblem) -> T in try parse(UnsafeRawBufferPointer(utf8)) }
  }
  return try result!.get()
}
