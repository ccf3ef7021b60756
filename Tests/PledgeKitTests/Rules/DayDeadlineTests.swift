import Testing

@testable import PledgeKit

extension Rules {
  /// Deadlines counted in days, through the rules that use them (SPEC 2.2, §7.6, §7.7): working
  /// days from the day after S, calendar days rolled forward off non-working days, across weekends,
  /// Spring Festival 2026 (02-15..02-23 off, Saturdays 02-14 and 02-28 worked) and New Year 2026
  /// (01-01..01-03 off, Sunday 01-04 worked).
  @Suite struct DayDeadlineTests {
    struct DayCase: Sendable, CustomTestStringConvertible {
      let rule: RuleID
      let start: Instant
      let deadline: Instant
      let note: String
      var testDescription: String { "\(rule.rawValue) from \(start): \(note)" }

      /// The one record that owes `rule`, received or started at `start`.
      var facts: [Event] {
        switch rule {
        case .windowOnsite:
          return RuleBench.visit("X", kind: .window, started: start, matter: .commitment)
        case .pledgeReply:
          return RuleBench.complaint("X", kind: .pledge, received: start)
        default:
          return RuleBench.complaint("X", kind: .report, received: start)
        }
      }
    }

    static let workingDays: [DayCase] = [
      DayCase(
        rule: .reportOnsite, start: cst(2026, 3, 6, 15), deadline: cst(2026, 3, 11, 23, 59, 59),
        note: "Friday, across a weekend"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 3, 7, 10), deadline: cst(2026, 3, 11, 23, 59, 59),
        note: "Saturday: counting starts on Monday"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 3, 8, 23, 59, 59),
        deadline: cst(2026, 3, 11, 23, 59, 59),
        note: "last second of a Sunday"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 3, 9, 0), deadline: cst(2026, 3, 12, 23, 59, 59),
        note: "first second of a Monday: the day of S never counts"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 2, 13, 15), deadline: cst(2026, 2, 25, 23, 59, 59),
        note: "§7.7: 02-14 make-up Saturday, Spring Festival, 02-24, 02-25"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 2, 18, 10), deadline: cst(2026, 2, 26, 23, 59, 59),
        note: "inside Spring Festival"),
      DayCase(
        rule: .reportOnsite, start: cst(2026, 2, 14, 9), deadline: cst(2026, 2, 26, 23, 59, 59),
        note: "on a make-up Saturday, which does not count either"),
      DayCase(
        rule: .windowOnsite, start: cst(2026, 2, 14, 9), deadline: cst(2026, 2, 28, 23, 59, 59),
        note: "5 days from a make-up Saturday end on the other make-up Saturday"),
      DayCase(
        rule: .windowOnsite, start: cst(2026, 2, 12, 9), deadline: cst(2026, 2, 26, 23, 59, 59),
        note: "13, 14 (make-up), 24, 25, 26"),
      DayCase(
        rule: .pledgeReply, start: cst(2026, 2, 13, 15), deadline: cst(2026, 3, 5, 23, 59, 59),
        note: "10 days across Spring Festival and both make-up Saturdays"),
      DayCase(
        rule: .reportOnsite, start: cst(2025, 12, 31, 10), deadline: cst(2026, 1, 6, 23, 59, 59),
        note: "New Year: make-up Sunday 01-04, then 01-05, 01-06"),
      DayCase(
        rule: .reportOnsite, start: cst(2025, 12, 30, 10), deadline: cst(2026, 1, 5, 23, 59, 59),
        note: "12-31, make-up Sunday 01-04, 01-05"),
      DayCase(
        rule: .windowOnsite, start: cst(2026, 1, 4, 9), deadline: cst(2026, 1, 9, 23, 59, 59),
        note: "on the make-up Sunday, which does not count"),
      DayCase(
        rule: .pledgeReply, start: cst(2025, 12, 31, 10), deadline: cst(2026, 1, 15, 23, 59, 59),
        note: "10 days across New Year"),
      DayCase(
        rule: .pledgeReply, start: cst(2026, 1, 1, 10), deadline: cst(2026, 1, 15, 23, 59, 59),
        note: "on New Year's Day: counting starts on the make-up Sunday"),
    ]

    static let calendarDays: [DayCase] = [
      DayCase(
        rule: .reportNotify, start: cst(2026, 2, 7, 10), deadline: cst(2026, 2, 14, 23, 59, 59),
        note: "§7.6: lands on a make-up Saturday, which stays"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 2, 9, 10), deadline: cst(2026, 2, 24, 23, 59, 59),
        note: "lands in Spring Festival, rolls to 02-24"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 2, 21, 10), deadline: cst(2026, 2, 28, 23, 59, 59),
        note: "lands on make-up Saturday 02-28, which stays"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 3, 7, 10), deadline: cst(2026, 3, 16, 23, 59, 59),
        note: "lands on a Saturday, rolls to Monday"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 3, 1, 23, 59, 59),
        deadline: cst(2026, 3, 9, 23, 59, 59),
        note: "lands on a Sunday, rolls to Monday"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 3, 2, 0), deadline: cst(2026, 3, 9, 23, 59, 59),
        note: "the day of S is not counted"),
      DayCase(
        rule: .reportNotify, start: cst(2025, 12, 25, 10), deadline: cst(2026, 1, 4, 23, 59, 59),
        note: "lands on New Year's Day, rolls over the holiday to the make-up Sunday"),
      DayCase(
        rule: .reportNotify, start: cst(2026, 4, 28, 10), deadline: cst(2026, 5, 6, 23, 59, 59),
        note: "lands on Labour Day holiday 05-05"),
      DayCase(
        rule: .reportClose, start: cst(2026, 3, 5, 10), deadline: cst(2026, 4, 7, 23, 59, 59),
        note: "lands on Qingming Saturday 04-04, rolls over 04-05, 04-06"),
      DayCase(
        rule: .reportClose, start: cst(2026, 1, 31, 10), deadline: cst(2026, 3, 2, 23, 59, 59),
        note: "across the end of February"),
      DayCase(
        rule: .reportClose, start: cst(2026, 1, 15, 10), deadline: cst(2026, 2, 14, 23, 59, 59),
        note: "01-15 + 30 = 02-14, a make-up Saturday, stays"),
      DayCase(
        rule: .reportClose, start: cst(2026, 1, 20, 10), deadline: cst(2026, 2, 24, 23, 59, 59),
        note: "01-20 + 30 = 02-19, Spring Festival, rolls to 02-24"),
    ]

    @Test(arguments: workingDays + calendarDays)
    func theDeadlineIsTheEndOfTheRightDay(_ c: DayCase) throws {
      let o = try RuleBench.obligation(c.rule, of: "X", in: c.facts, asOf: c.start)
      #expect(o.start == c.start)
      #expect(o.deadline == c.deadline)
      #expect(o.state == .open)
    }

    /// late_days counts calendar days from the date of T, holidays included.
    @Test func lateDaysCountCalendarDaysAcrossAHoliday() throws {
      // Received Mon 02-09: notify by 02-24 (rolled over Spring Festival); notified Thu 02-26
      // 09:00.
      let facts = RuleBench.complaint(
        "R1", kind: .report, received: cst(2026, 2, 9, 10), notified: cst(2026, 2, 26, 9))
      let o = try RuleBench.obligation(.reportNotify, of: "R1", in: facts, asOf: cst(2026, 3, 1))
      #expect(o.deadline == cst(2026, 2, 24, 23, 59, 59))
      #expect(o.state == .breached)
      #expect(o.lateSeconds == 118_801)
      #expect(o.lateDays == 2)
    }

    /// A pledge complaint of Fri 02-13 replied to on the Monday after its deadline: late by the
    /// four calendar days from Thu 03-05, so 40 yuan.
    @Test func aPledgeReplyLateAcrossAWeekendOwesForEveryCalendarDay() throws {
      let facts = RuleBench.complaint(
        "P1", kind: .pledge, received: cst(2026, 2, 13, 15), handler: "H1",
        replied: cst(2026, 3, 9, 9))
      let o = try RuleBench.obligation(.pledgeReply, of: "P1", in: facts, asOf: cst(2026, 3, 31))
      #expect(o.deadline == cst(2026, 3, 5, 23, 59, 59))
      #expect(o.lateDays == 4)
      #expect(o.compensation == Money(yuan: 40))
    }
  }
}
