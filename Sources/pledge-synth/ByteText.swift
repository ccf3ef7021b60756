import PledgeKit

/// Appending dates and times to a byte buffer without building Strings, in the forms the
/// exports use (numbers and ISO dates: PledgeKit's `appendDigits` and `CivilDate.appendISO`).
enum ByteText {
  /// `YYYYMMDD`, as the ids carry it.
  static func appendCompactDate(_ date: CivilDate, to bytes: inout [UInt8]) {
    let (y, m, d) = date.components
    appendDigits(y, width: 4, to: &bytes)
    appendDigits(m, width: 2, to: &bytes)
    appendDigits(d, width: 2, to: &bytes)
  }

  /// An instant in one of the forms SPEC 1.2 accepts.
  static func appendTime(_ instant: Instant, style: TimeStyle, to bytes: inout [UInt8]) {
    switch style {
    case .standard:
      instant.appendFormatted(to: &bytes)
    case .iso:
      instant.appendFormatted(to: &bytes)
      bytes[bytes.count - 9] = UInt8(ascii: "T")
    case .minutes:
      instant.appendFormatted(to: &bytes)
      bytes.removeLast(3)
    case .slash, .chinese:
      let (y, m, d) = instant.date.components
      let chinese = style == .chinese
      appendDigits(y, to: &bytes)
      if chinese { bytes.append(contentsOf: yearMark) } else { bytes.append(UInt8(ascii: "/")) }
      appendDigits(m, to: &bytes)
      if chinese { bytes.append(contentsOf: monthMark) } else { bytes.append(UInt8(ascii: "/")) }
      appendDigits(d, to: &bytes)
      if chinese { bytes.append(contentsOf: dayMark) }
      bytes.append(UInt8(ascii: " "))
      let s = instant.secondOfDay
      appendDigits(s / 3600, width: 2, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendDigits(s / 60 % 60, width: 2, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendDigits(s % 60, width: 2, to: &bytes)
    case .serial:
      // Excel's 1900 date system: 1970-01-01 is day 25569. Six decimals of a day are 0.0864 s,
      // so rounding the fraction back to whole seconds gives the very same instant.
      var day = instant.date.dayNumber + 25_569
      var millionths = (instant.secondOfDay * 2_000_000 + 86_400) / 172_800
      if millionths == 1_000_000 {
        day += 1
        millionths = 0
      }
      appendDigits(day, to: &bytes)
      bytes.append(UInt8(ascii: "."))
      appendDigits(millionths, width: 6, to: &bytes)
    }
  }

  private static let yearMark = Array("年".utf8)
  private static let monthMark = Array("月".utf8)
  private static let dayMark = Array("日".utf8)
}

/// How an export writes its timestamps: mostly the standard form, a few rows the way a
/// spreadsheet or another system saved them.
enum TimeStyle: UInt8 {
  case standard, slash, iso, minutes, serial, chinese

  /// The style of one row of a call export (about 2% not standard).
  static func forCall(_ random: inout RandomSource) -> TimeStyle {
    let r = random.below(10_000)
    if r >= 200 { return .standard }
    if r < 100 { return .slash }
    if r < 150 { return .iso }
    if r < 180 { return .serial }
    return .minutes
  }

  /// The style of one row of a visit or complaint export (about 1.5% not standard).
  static func forRecord(_ random: inout RandomSource) -> TimeStyle {
    let r = random.below(10_000)
    if r >= 150 { return .standard }
    if r < 80 { return .slash }
    if r < 120 { return .chinese }
    return .iso
  }
}

/// How a register or ledger cell writes a date: mostly ISO, some the way Excel shows them.
enum DateStyle: UInt8 {
  case iso, slash, chinese

  static func draw(_ random: inout RandomSource) -> DateStyle {
    let r = random.below(100)
    return r < 80 ? .iso : r < 95 ? .slash : .chinese
  }

  func append(_ day: Int, to bytes: inout [UInt8]) {
    let date = CivilDate(dayNumber: day)
    guard self != .iso else { return date.appendISO(to: &bytes) }
    let (y, m, d) = date.components
    appendDigits(y, to: &bytes)
    bytes += self == .slash ? DateStyle.slashMark : DateStyle.yearMark
    appendDigits(m, to: &bytes)
    bytes += self == .slash ? DateStyle.slashMark : DateStyle.monthMark
    appendDigits(d, to: &bytes)
    if self == .chinese { bytes += DateStyle.dayMark }
  }

  private static let slashMark = [UInt8(ascii: "/")]
  private static let yearMark = Array("年".utf8)
  private static let monthMark = Array("月".utf8)
  private static let dayMark = Array("日".utf8)
}

/// Writes timestamps, remembering the `YYYY-MM-DD ` of the last day written: the times of one
/// row (and of consecutive rows) mostly share their date, and formatting the date is most of
/// the work.
struct TimeWriter {
  private var day = Int.min
  private var prefix: [UInt8] = []

  mutating func append(_ seconds: Int64, style: TimeStyle, to bytes: inout [UInt8]) {
    guard style == .standard else {
      ByteText.appendTime(Instant(secondsSinceEpoch: seconds), style: style, to: &bytes)
      return
    }
    let (q, r) = seconds.quotientAndRemainder(dividingBy: 86_400)
    let d = Int(r < 0 ? q - 1 : q)
    let s = Int(r < 0 ? r + 86_400 : r)
    if d != day {
      day = d
      prefix.removeAll(keepingCapacity: true)
      CivilDate(dayNumber: d).appendISO(to: &prefix)
      prefix.append(UInt8(ascii: " "))
    }
    bytes.append(contentsOf: prefix)
    TimeWriter.appendTwo(s / 3600, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    TimeWriter.appendTwo(s / 60 % 60, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    TimeWriter.appendTwo(s % 60, to: &bytes)
  }

  @inline(__always)
  private static func appendTwo(_ v: Int, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: v / 10) &+ 48)
    bytes.append(UInt8(truncatingIfNeeded: v % 10) &+ 48)
  }
}
