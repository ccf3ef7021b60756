/// Matching a compiled pattern on a cell's bytes: the hot path of `as PATTERN`, a loop over a
/// few plain steps with a pointer into the bytes (measured: about 25 ns for
/// `12/31/2016 11:57:56 PM`, where SPEC 1.2's `2016-12-31 23:57:56` takes 13 ns; reading at
/// fixed offsets when every field is at full width was tried and gained nothing).
extension TimePattern {
  /// One token as the matcher runs it.
  struct Step {
    enum Kind: UInt8 {
      case byte, spaces, oneOrTwoDigits, fourDigits, twoDigitYear, meridiem, fraction
    }

    let kind: Kind
    /// The field digits go to: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second.
    let field: UInt8
    let byte: UInt8

    init(_ token: Token) {
      var byte: UInt8 = 0
      switch token {
      case .byte(let b): (kind, field, byte) = (.byte, 0, b)
      case .spaces: (kind, field) = (.spaces, 0)
      case .year: (kind, field) = (.fourDigits, 0)
      case .shortYear: (kind, field) = (.twoDigitYear, 0)
      case .month: (kind, field) = (.oneOrTwoDigits, 1)
      case .day: (kind, field) = (.oneOrTwoDigits, 2)
      case .hour, .hour12: (kind, field) = (.oneOrTwoDigits, 3)
      case .minute: (kind, field) = (.oneOrTwoDigits, 4)
      case .second: (kind, field) = (.oneOrTwoDigits, 5)
      case .meridiem: (kind, field) = (.meridiem, 0)
      case .fraction: (kind, field) = (.fraction, 0)
      }
      self.byte = byte
    }
  }

  /// A compiled pattern as plain pointers: matching allocates nothing and retains nothing.
  struct View: @unchecked Sendable {
    let steps: UnsafeBufferPointer<Step>
    /// `%p` is in the pattern, so the hour is `%I`: 1–12.
    let hasMeridiem: Bool

    func match(_ bytes: UnsafeRawBufferPointer) -> Match {
      guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
        return .noMatch
      }
      // Year, month, day, hour, minute, second, indexed by `Step.field`.
      return withUnsafeTemporaryAllocation(of: Int.self, capacity: 6) { fields in
        let f = fields.baseAddress!
        f.initialize(repeating: 0, count: 6)
        let end = start + bytes.count
        var p = start
        var isAfternoon = false
        for step in steps {
          var value: Int
          switch step.kind {
          case .byte:
            guard p < end, p.pointee == step.byte else { return .noMatch }
            p += 1
            continue
          case .spaces:
            guard p < end, p.pointee == 0x20 else { return .noMatch }
            repeat { p += 1 } while p < end && p.pointee == 0x20
            continue
          case .oneOrTwoDigits:
            guard p < end, isDigit(p.pointee) else { return .noMatch }
            value = Int(p.pointee &- 48)
            p += 1
            if p < end, isDigit(p.pointee) {
              value = value &* 10 &+ Int(p.pointee &- 48)
              p += 1
            }
          case .fourDigits:
            guard end - p >= 4, isDigit(p[0]), isDigit(p[1]), isDigit(p[2]), isDigit(p[3]) else {
              return .noMatch
            }
            value =
              Int(p[0] &- 48) &* 1000 &+ Int(p[1] &- 48) &* 100 &+ Int(p[2] &- 48) &* 10
              &+ Int(p[3] &- 48)
            p += 4
          case .twoDigitYear:
            guard end - p >= 2, isDigit(p[0]), isDigit(p[1]) else { return .noMatch }
            value = Int(p[0] &- 48) &* 10 &+ Int(p[1] &- 48)
            value &+= value >= 69 ? 1900 : 2000
            p += 2
          case .meridiem:
            guard let afternoon = View.meridiem(&p, end) else { return .noMatch }
            isAfternoon = afternoon
            continue
          case .fraction:
            guard p < end, isDigit(p.pointee) else { return .noMatch }
            repeat { p += 1 } while p < end && isDigit(p.pointee)
            continue
          }
          f[Int(step.field)] = value
        }
        guard p == end else { return .noMatch }
        return View.civil(
          year: f[0], month: f[1], day: f[2], hour: f[3], minute: f[4], second: f[5],
          afternoon: hasMeridiem ? isAfternoon : nil)
      }
    }

    /// The fields read, checked: a civil time, or why there is none.
    @inline(__always)
    private static func civil(
      year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, afternoon: Bool?
    ) -> Match {
      var hour = hour
      if let afternoon {
        guard hour >= 1, hour <= 12 else { return .noMatch }
        hour = hour % 12 + (afternoon ? 12 : 0)
      }
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

    /// `AM`/`PM` in any case, `上午` or `下午` at `p`: whether it is the afternoon.
    @inline(__always)
    private static func meridiem(
      _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> Bool? {
      let rest = end - p
      if rest >= 2, p[1] | 0x20 == UInt8(ascii: "m") {
        switch p[0] | 0x20 {
        case UInt8(ascii: "a"):
          p += 2
          return false
        case UInt8(ascii: "p"):
          p += 2
          return true
        default: return nil
        }
      }
      // 上午 E4 B8 8A E5 8D 88, 下午 E4 B8 8B E5 8D 88.
      guard rest >= 6, p[0] == 0xE4, p[1] == 0xB8, p[3] == 0xE5, p[4] == 0x8D, p[5] == 0x88 else {
        return nil
      }
      switch p[2] {
      case 0x8A:
        p += 6
        return false
      case 0x8B:
        p += 6
        return true
      default: return nil
      }
    }
  }
}
