/// Parses the timestamp and date forms of SPEC 1.2 directly from UTF-8 bytes, without
/// Foundation formatters: this runs for every time cell of every row.
///
/// Accepted timestamps: `2026-03-05 14:03:22`, `2026-03-05 14:03`, `2026/3/5 14:03[:22]`,
/// `2026-03-05T14:03:22[.fff][Z|±HH:MM]`, `2026年3月5日 14:03[:22]`, and Excel serial day
/// numbers (`46086.5851`, 1900 date system, rounded to the nearest second).
public enum TimeParser {
  public static func timestamp(_ text: String) throws(ValueProblem) -> Instant {
    try withBytes(of: text) { bytes throws(ValueProblem) in try timestamp(bytes) }
  }

  public static func date(_ text: String) throws(ValueProblem) -> CivilDate {
    try withBytes(of: text) { bytes throws(ValueProblem) in try date(bytes) }
  }

  public static func timestamp(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem) -> Instant {
    if let instant = canonical(bytes) { return instant }
    return try inRange(general(bytes).instantInChinaStandardTime)
  }

  /// A timestamp, or a plain date standing for its 00:00:00 (a ledger's `held_at`, SPEC
  /// 1.3b): the timestamp forms first, as most cells are.
  static func timestampOrDate(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem) -> Instant {
    if let instant = canonical(bytes) { return instant }
    return try inRange(writtenOrDate(bytes).instantInChinaStandardTime)
  }

  /// `written`, or a plain date as its 00:00:00 (no offset): what `timestampOrDate` reads,
  /// before a zone is applied.
  static func writtenOrDate(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem) -> WrittenTimestamp {
    do {
      return try written(bytes)
    } catch .notATimestamp {
      do {
        return WrittenTimestamp(civil: CivilDateTime(date: try date(bytes), secondOfDay: 0))
      } catch .notADate {
        throw .notATimestamp
      }
    }
  }

  /// A timestamp in one of the forms above as written: its civil date and time and the UTC
  /// offset it carries, if any, with no zone applied and the year's range not yet checked (an
  /// import profile applies the export's own zone first, SPEC 1.5).
  static func written(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem) -> WrittenTimestamp {
    if let instant = canonical(bytes) {
      return WrittenTimestamp(civil: CivilDateTime(secondsSinceEpoch: instant.secondsSinceEpoch))
    }
    return try general(bytes)
  }

  /// Every form but the canonical one, as written.
  private static func general(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem)
    -> WrittenTimestamp
  {
    var cursor = ByteCursor(bytes)
    guard let first = cursor.peek, isDigit(first) else { throw .notATimestamp }
    if looksLikeSerial(bytes) { return WrittenTimestamp(civil: try excelSerialCivil(bytes)) }
    let date = try datePart(&cursor, failure: .notATimestamp)
    guard !cursor.atEnd else { throw .notATimestamp }
    // Separator: 'T' or one or more spaces.
    if cursor.peek == UInt8(ascii: "T") {
      cursor.advance()
    } else {
      guard cursor.peek == UInt8(ascii: " ") else { throw .notATimestamp }
      while cursor.peek == UInt8(ascii: " ") { cursor.advance() }
    }
    guard let hour = cursor.digits(min: 1, max: 2), cursor.take(UInt8(ascii: ":")),
      let minute = cursor.digits(min: 2, max: 2)
    else { throw .notATimestamp }
    var second = 0
    if cursor.take(UInt8(ascii: ":")) {
      guard let s = cursor.digits(min: 2, max: 2) else { throw .notATimestamp }
      second = s
      if cursor.take(UInt8(ascii: ".")) {
        // Fractions of a second are dropped.
        guard cursor.digits(min: 1, max: 9) != nil else { throw .notATimestamp }
      }
    }
    guard hour <= 23, minute <= 59, second <= 59 else {
      throw .noSuchTime(hour: hour, minute: minute, second: second)
    }
    var written = WrittenTimestamp(
      civil: CivilDateTime(date: date, secondOfDay: hour * 3600 + minute * 60 + second))
    // Only `Z`, `+` or `-` start a UTC offset; any other trailing text is not a timestamp.
    if let next = cursor.peek,
      next == UInt8(ascii: "Z") || next == UInt8(ascii: "z") || next == UInt8(ascii: "+")
        || next == UInt8(ascii: "-")
    {
      written.utcOffset = try utcOffset(&cursor)
    }
    guard cursor.atEnd else { throw .notATimestamp }
    return written
  }

  /// The first and last instants a timestamp may name: years 1900–9999 of China Standard Time.
  static let earliest = CivilDate(year: 1900, month: 1, day: 1)!.start
  static let latest = CivilDate(year: 9999, month: 12, day: 31)!.end

  /// `instant` when it lies in years 1900–9999 **after** conversion to China Standard Time: a
  /// UTC offset or Excel's rounding can carry a text that names such a year past either end
  /// (`9999-12-31T20:00:00-10:00` is 10000-01-01 14:00 CST).
  static func inRange(_ instant: Instant) throws(ValueProblem) -> Instant {
    guard instant >= earliest, instant <= latest else { throw .yearOutOfRange(instant.date.year) }
    return instant
  }

  /// The common case, `YYYY-MM-DD HH:MM:SS` with every field in range, read at fixed
  /// positions; nil sends the text through the general parser (which also explains errors).
  @inline(__always)
  static func canonical(_ b: UnsafeRawBufferPointer) -> Instant? {
    guard b.count == 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x20, b[13] == 0x3A, b[16] == 0x3A
    else { return nil }
    @inline(__always) func two(_ i: Int) -> Int? {
      let hi = b[i] &- 48
      let lo = b[i + 1] &- 48
      return hi < 10 && lo < 10 ? Int(hi) * 10 + Int(lo) : nil
    }
    guard let century = two(0), let yy = two(2), let month = two(5), let day = two(8),
      let hour = two(11), let minute = two(14), let second = two(17),
      hour <= 23, minute <= 59, second <= 59, month >= 1, month <= 12, day >= 1
    else { return nil }
    let year = century * 100 + yy
    guard year >= 1900, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
    return Instant(
      secondsSinceEpoch: Int64(CivilDate.days(year: year, month: month, day: day)) * 86_400
        + Int64(hour * 3600 + minute * 60 + second))
  }

  public static func date(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem) -> CivilDate {
    var cursor = ByteCursor(bytes)
    let date = try datePart(&cursor, failure: .notADate)
    guard cursor.atEnd else { throw .notADate }
    guard date.year >= 1900 else { throw .yearOutOfRange(date.year) }
    return date
  }

  /// `YYYY-M-D`, `YYYY/M/D` or `YYYY年M月D日`, months and days of one or two digits.
  private static func datePart(_ cursor: inout ByteCursor, failure: ValueProblem)
    throws(ValueProblem) -> CivilDate
  {
    guard let year = cursor.digits(min: 4, max: 4) else { throw failure }
    let month: Int
    let day: Int
    if cursor.take(UInt8(ascii: "-")) || cursor.take(UInt8(ascii: "/")) {
      let separator = cursor.previous
      guard let m = cursor.digits(min: 1, max: 2), cursor.take(separator),
        let d = cursor.digits(min: 1, max: 2)
      else { throw failure }
      (month, day) = (m, d)
    } else if cursor.take(utf8: yearMark) {
      guard let m = cursor.digits(min: 1, max: 2), cursor.take(utf8: monthMark),
        let d = cursor.digits(min: 1, max: 2), cursor.take(utf8: dayMark)
      else { throw failure }
      (month, day) = (m, d)
    } else {
      throw failure
    }
    // The year's range is checked by the caller: for a timestamp, after conversion to CST.
    guard let date = CivilDate(year: year, month: month, day: day) else {
      throw .noSuchDay(year: year, month: month, day: day)
    }
    return date
  }

  /// `Z`, `±HH:MM` or `±HHMM`; returns the offset east of UTC in seconds.
  private static func utcOffset(_ cursor: inout ByteCursor) throws(ValueProblem) -> Int {
    if cursor.take(UInt8(ascii: "Z")) || cursor.take(UInt8(ascii: "z")) { return 0 }
    let sign: Int
    if cursor.take(UInt8(ascii: "+")) {
      sign = 1
    } else if cursor.take(UInt8(ascii: "-")) {
      sign = -1
    } else {
      throw .badOffset
    }
    // `±HH:MM` or `±HHMM`: two digits, an optional colon, two digits.
    guard let hours = cursor.twoDigits() else { throw .badOffset }
    _ = cursor.take(UInt8(ascii: ":"))
    guard let minutes = cursor.twoDigits(), hours <= 14, minutes <= 59 else {
      throw .badOffset
    }
    return sign * (hours * 3600 + minutes * 60)
  }

  private static func looksLikeSerial(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var dots = 0
    for b in bytes {
      if b == UInt8(ascii: ".") {
        dots += 1
      } else if !isDigit(b) {
        return false
      }
    }
    return dots <= 1
  }

  /// The civil date and time of an Excel serial day number in the 1900 date system: day 1 is
  /// 1900-01-01, day 60 is the fictitious 1900-02-29 (rejected), and from day 61 on, day n is
  /// 1899-12-30 + n. The fraction of a day is rounded to the nearest second, halves away from
  /// zero. The year's range is checked by the caller, after rounding (which can carry
  /// 9999-12-31 23:59:59.6 into year 10000).
  static func excelSerialCivil(_ bytes: UnsafeRawBufferPointer) throws(ValueProblem)
    -> CivilDateTime
  {
    var whole = 0
    var index = 0
    while index < bytes.count, bytes[index] != UInt8(ascii: ".") {
      guard whole < 10_000_000 else { throw .notATimestamp }
      whole = whole * 10 + Int(bytes[index] &- 48)
      index += 1
    }
    var numerator: UInt64 = 0  // the fraction's digits
    var denominator: UInt64 = 1
    if index < bytes.count {
      index += 1
      guard index < bytes.count else { throw .notATimestamp }
      while index < bytes.count {
        let digit = UInt64(bytes[index] &- 48)
        // Digits past the 14th move the instant by less than a nanosecond: ignored.
        if denominator < 100_000_000_000_000 {
          numerator = numerator * 10 + digit
          denominator *= 10
        }
        index += 1
      }
    }
    guard whole >= 1 else { throw .notATimestamp }
    // Day 60 is Excel's 1900-02-29, a day that never was.
    guard whole != 60 else { throw .noSuchDay(year: 1900, month: 2, day: 29) }
    let base = CivilDate(year: 1899, month: 12, day: whole < 60 ? 31 : 30)!
    // seconds = round(fraction × 86400); 86400 × 10^14 fits easily in UInt64.
    let scaled = numerator * 86_400
    var seconds = scaled / denominator
    let remainder = scaled % denominator
    if remainder * 2 >= denominator { seconds += 1 }
    let date = base.adding(days: whole)
    return CivilDateTime(secondsSinceEpoch: date.start.secondsSinceEpoch + Int64(seconds))
  }

  private static let yearMark = Array("年".utf8)
  private static let monthMark = Array("月".utf8)
  private static let dayMark = Array("日".utf8)
}

/// A timestamp as its text writes it (see `TimeParser.written`).
struct WrittenTimestamp: Equatable {
  /// The date and time of day as written.
  var civil: CivilDateTime
  /// The offset east of UTC in seconds, when the text carries one (`Z`, `+02:00`).
  var utcOffset: Int?

  init(civil: CivilDateTime, utcOffset: Int? = nil) {
    self.civil = civil
    self.utcOffset = utcOffset
  }

  /// The instant as SPEC 1.2 reads the text: civil times are China Standard Time, an offset
  /// is converted to +08:00.
  var instantInChinaStandardTime: Instant {
    let instant = civil.asChinaStandardTime
    guard let utcOffset else { return instant }
    return instant.adding(seconds: Int64(8 * 3600 - utcOffset))
  }
}

@inline(__always)
func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

/// A forward reader over the bytes of one cell.
struct ByteCursor {
  let bytes: UnsafeRawBufferPointer
  var index = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { index >= bytes.count }
  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
  var previous: UInt8 { bytes[index - 1] }

  mutating func advance() { index += 1 }

  mutating func take(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  mutating func take(utf8 sequence: [UInt8]) -> Bool {
    guard bytes.count - index >= sequence.count else { return false }
    for (offset, b) in sequence.enumerated() where bytes[index + offset] != b { return false }
    index += sequence.count
    return true
  }

  /// Exactly two ASCII digits as a number, whatever follows them, or nil (cursor unchanged).
  mutating func twoDigits() -> Int? {
    guard bytes.count - index >= 2, isDigit(bytes[index]), isDigit(bytes[index + 1]) else {
      return nil
    }
    index += 2
    return Int(bytes[index - 2] &- 48) * 10 + Int(bytes[index - 1] &- 48)
  }

  /// Between `min` and `max` ASCII digits as a number, or nil (cursor unchanged).
  mutating func digits(min: Int, max: Int) -> Int? {
    var value = 0
    var count = 0
    while count < max, index + count < bytes.count, isDigit(bytes[index + count]) {
      value = value * 10 + Int(bytes[index + count] &- 48)
      count += 1
    }
    guard count >= min else { return nil }
    if index + count < bytes.count, isDigit(bytes[index + count]) { return nil }
    index += count
    return value
  }
}
