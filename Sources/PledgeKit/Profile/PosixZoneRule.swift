/// The footer of a TZif file: a POSIX TZ string giving a zone's rule for the years after its
/// last listed transition (`PST8PDT,M3.2.0,M11.1.0`, `CET-1CEST,M3.5.0,M10.5.0/3`, `CST-8`,
/// `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`), with RFC 8536's extensions (hours up to 167, and
/// negative, in transition times).
struct PosixZoneRule: Equatable, Sendable {
  /// Standard time's offset, seconds east of UTC.
  let standardOffset: Int32
  let daylight: Daylight?

  struct Daylight: Equatable, Sendable {
    /// Daylight time's offset, seconds east of UTC.
    let offset: Int32
    let start: Day
    /// Seconds after the start of `start`'s day, on standard time's clock.
    let startTime: Int
    let end: Day
    /// Seconds after the start of `end`'s day, on daylight time's clock.
    let endTime: Int
  }

  /// A day of the year.
  enum Day: Equatable, Sendable {
    /// `Jn`: day 1–365, February 29 never counted.
    case julian(Int)
    /// `n`: day 0–365, February 29 counted.
    case zeroBased(Int)
    /// `Mm.w.d`: weekday d (0 = Sunday) of week w (1–5, 5 = the last) of month m.
    case monthWeekDay(month: Int, week: Int, weekday: Int)
  }

  init?(_ text: String) {
    var scanner = Scanner(Array(text.unicodeScalars))
    guard scanner.name(), let standard = scanner.offset() else { return nil }
    standardOffset = Int32(-standard)
    guard !scanner.atEnd else {
      daylight = nil
      return
    }
    guard scanner.name() else { return nil }
    var daylightOffset = Int(standardOffset) + 3600
    if let next = scanner.peek, next != "," {
      guard let west = scanner.offset() else { return nil }
      daylightOffset = -west
    }
    // Without dates POSIX leaves the rule to the implementation; the US rule is the usual one.
    var start = Day.monthWeekDay(month: 3, week: 2, weekday: 0)
    var end = Day.monthWeekDay(month: 11, week: 1, weekday: 0)
    var startTime = 7200
    var endTime = 7200
    if scanner.take(",") {
      guard let s = scanner.day() else { return nil }
      start = s
      if scanner.take("/") {
        guard let time = scanner.offset(maximumHours: 167) else { return nil }
        startTime = time
      }
      guard scanner.take(","), let e = scanner.day() else { return nil }
      end = e
      if scanner.take("/") {
        guard let time = scanner.offset(maximumHours: 167) else { return nil }
        endTime = time
      }
    }
    guard scanner.atEnd else { return nil }
    daylight = Daylight(
      offset: Int32(daylightOffset), start: start, startTime: startTime, end: end, endTime: endTime)
  }

  /// The year's two transitions in time order: entering daylight time, leaving it.
  func transitions(in year: Int) -> [ZoneRules.Transition] {
    guard let daylight else { return [] }
    let enter = entering(daylight, year)
    let leave = leaving(daylight, year)
    return enter.utc <= leave.utc ? [enter, leave] : [leave, enter]
  }

  private func entering(_ daylight: Daylight, _ year: Int) -> ZoneRules.Transition {
    ZoneRules.Transition(
      utc: Int64(daylight.start.dayNumber(in: year)) * 86_400 + Int64(daylight.startTime)
        - Int64(standardOffset),
      before: standardOffset, after: daylight.offset)
  }

  private func leaving(_ daylight: Daylight, _ year: Int) -> ZoneRules.Transition {
    ZoneRules.Transition(
      utc: Int64(daylight.end.dayNumber(in: year)) * 86_400 + Int64(daylight.endTime)
        - Int64(daylight.offset),
      before: daylight.offset, after: standardOffset)
  }

  /// Daylight time all year round (`EST5EDT,0/0,J365/25`): it is left at the end of a year no
  /// sooner than it is entered again at the start of the next.
  var isPermanentDaylight: Bool {
    guard let daylight else { return false }
    return leaving(daylight, 2001).utc >= entering(daylight, 2002).utc
  }

  private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    mutating func take(_ scalar: Unicode.Scalar) -> Bool {
      guard peek == scalar else { return false }
      index += 1
      return true
    }

    /// `<+0330>` or letters.
    mutating func name() -> Bool {
      if take("<") {
        while let scalar = peek, scalar != ">" { index += 1 }
        return take(">")
      }
      let start = index
      while let scalar = peek, scalar.properties.isAlphabetic { index += 1 }
      return index > start
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, the sign as written.
    mutating func offset(maximumHours: Int = 24) -> Int? {
      var sign = 1
      if take("-") { sign = -1 } else { _ = take("+") }
      guard let hours = number(maximumDigits: 3), hours <= maximumHours else { return nil }
      var seconds = hours * 3600
      if take(":") {
        guard let minutes = number(maximumDigits: 2), minutes < 60 else { return nil }
        seconds += minutes * 60
        if take(":") {
          guard let s = number(maximumDigits: 2), s < 60 else { return nil }
          seconds += s
        }
      }
      return sign * seconds
    }

    /// `Jn`, `n` or `Mm.w.d`.
    mutating func day() -> Day? {
      if take("J") {
        guard let n = number(maximumDigits: 3), (1...365).contains(n) else { return nil }
        return .julian(n)
      }
      if take("M") {
        guard let m = number(maximumDigits: 2), (1...12).contains(m), take("."),
          let w = number(maximumDigits: 1), (1...5).contains(w), take("."),
          let d = number(maximumDigits: 1), (0...6).contains(d)
        else { return nil }
        return .monthWeekDay(month: m, week: w, weekday: d)
      }
      guard let n = number(maximumDigits: 3), (0...365).contains(n) else { return nil }
      return .zeroBased(n)
    }

    mutating func number(maximumDigits: Int) -> Int? {
      var value = 0
      var count = 0
      while count < maximumDigits, let scalar = peek, ("0"..."9").contains(scalar) {
        value = value * 10 + Int(scalar.value - 48)
        count += 1
        index += 1
      }
      return count > 0 ? value : nil
    }
  }
}

extension PosixZoneRule.Day {
  /// The day's number (days since 1970-01-01) in `year`.
  func dayNumber(in year: Int) -> Int {
    let january1 = CivilDate.days(year: year, month: 1, day: 1)
    switch self {
    case .julian(let n):
      return january1 + n - 1 + (CivilDate.isLeap(year) && n >= 60 ? 1 : 0)
    case .zeroBased(let n):
      return january1 + n
    case .monthWeekDay(let month, let week, let weekday):
      let first = CivilDate(year: year, month: month, day: 1)!
      // CivilDate.weekday is ISO (Monday 1 … Sunday 7); POSIX counts Sunday as 0.
      let firstWeekday = first.weekday % 7
      var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
      let length = CivilDate.daysIn(year: year, month: month)
      while day > length { day -= 7 }
      return first.dayNumber + day - 1
    }
  }
}
