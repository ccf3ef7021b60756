import PledgeKit

/// One row of the work ledger, kept compactly until the ledger can be put in time order.
struct Activity {
  /// `held_at`; 00:00:00 of the day when the row gives only a date.
  var held: Int64
  var isDateOnly: Bool
  var timeStyle = TimeStyle.standard
  var dateStyle = DateStyle.iso
  /// Into `LedgerPlan.kinds`.
  var kind: Int16
  var unit: Int32
  /// What the topic cell says: nothing, the period and kind, or a place and kind.
  var topic: Topic = .none
  /// The first day of the period it was held for, and how long that period is.
  var period: Int32 = 0
  var every = Every.month
  /// Into `Vocabulary.places`, for a topic naming a place.
  var place: Int16 = 0
  /// The order it was made in: ties in `held` keep it.
  var order: Int32 = 0
  var idDay: Int32 = 0
  var idSequence: Int32 = 0

  enum Topic: UInt8 { case none, period, place }

  var day: Int { Int(held >= 0 ? held / 86_400 : (held - 86_399) / 86_400) }
}

/// The city's work ledger (工作台账, SPEC 1.3b): for every period a duty owes, the activity
/// that fulfils it — mostly on time, some after a `by_day`, some missing (a few of those held
/// just after the period ends) — then other work up to `count` rows, in time order.
///
/// Units differ: most keep nearly every duty, one in twenty is sloppy.
struct LedgerPlan {
  private(set) var activities: [Activity] = []
  /// The kinds of the duties catalog, then the other kinds.
  static let kinds: [[UInt8]] = DutyTemplate.all.map(\.kind) + DutyTemplate.otherKinds

  init(count: Int, duties: DutyRegister, units: UnitRegister, span: Span, seed: UInt64) {
    var random = RandomSource(seed: seed, stream: .activities)
    let diligence = units.units.map { _ in
      random.chance(500) ? random.within(6_500, 8_000) : random.within(9_200, 9_900)
    }
    let first = span.first.dayNumber
    let last = span.last.dayNumber
    func add(
      _ day: Int, _ kind: Int, _ unit: Int, topic: Activity.Topic, period: Int = 0,
      every: Every = .month
    ) {
      guard day >= first, day <= last else { return }
      let isDateOnly = random.chance(2_500)
      let second = isDateOnly ? 0 : Span.workingSecond(&random)
      var activity = Activity(
        held: Int64(day) * 86_400 + Int64(second), isDateOnly: isDateOnly, kind: Int16(kind),
        unit: Int32(unit))
      activity.timeStyle = TimeStyle.forRecord(&random)
      activity.dateStyle = DateStyle.draw(&random)
      activity.topic = random.chance(2_000) ? .none : topic
      activity.period = Int32(period)
      activity.every = every
      if topic == .place { activity.place = Int16(random.below(Vocabulary.places.count)) }
      activity.order = Int32(activities.count)
      activities.append(activity)
    }

    for duty in duties.duties {
      let template = DutyTemplate.all[duty.template]
      let kind = duty.template
      for period in duty.every.periods(from: span.first, to: span.last)
      where duty.owes(first: period.first, last: period.last) {
        let due = duty.dueDay(first: period.first, last: period.last)
        let r = random.below(10_000)
        // Reports with a `by_day` slip past it more often than meetings miss their period.
        let keeps = diligence[duty.unit] - (duty.byDay == nil ? 0 : 800)
        if r < keeps {
          let day = LedgerPlan.day(template.timing, period.first, due, span, &random)
          add(day, kind, duty.unit, topic: .period, period: period.first, every: duty.every)
        } else if due < period.last && r < keeps + (10_000 - keeps) * 2 / 3 {
          let day = LedgerPlan.day(.anytime, due + 1, period.last, span, &random)
          add(day, kind, duty.unit, topic: .period, period: period.first, every: duty.every)
        } else if random.chance(5_000) {
          // Held after all, but only once the period was over.
          let day = span.firstWorkingDay(onOrAfter: period.last + 1 + random.below(7))
          add(day, kind, duty.unit, topic: .period, period: period.first, every: duty.every)
        }
        if random.chance(800) {
          let day = LedgerPlan.day(.anytime, period.first, period.last, span, &random)
          add(day, kind, duty.unit, topic: .period, period: period.first, every: duty.every)
        }
      }
    }

    if activities.count > count {
      activities.keepSample(count, &random)
    }
    let working = span.days.filter { span.isWorkingDay($0) }
    let extra = count - activities.count
    for _ in 0..<max(0, extra) {
      let unit = random.below(units.units.count)
      let day =
        working.isEmpty || random.chance(800)
        ? random.within(first, last) : random.pick(working)
      let kind =
        random.chance(1_500)
        ? random.below(DutyTemplate.all.count)
        : DutyTemplate.all.count + random.below(DutyTemplate.otherKinds.count)
      add(day, kind, unit, topic: .place)
    }

    activities.sort { $0.held != $1.held ? $0.held < $1.held : $0.order < $1.order }
    var day = Int.min
    var sequence: Int32 = 0
    for i in activities.indices {
      if activities[i].day != day {
        day = activities[i].day
        sequence = 0
      }
      sequence += 1
      activities[i].idDay = Int32(day)
      activities[i].idSequence = sequence
    }
  }

  /// A day in `first…last` as `timing` places it, moved onto a working day inside the range
  /// when there is one (offices keep their ledgers on working days).
  private static func day(
    _ timing: Timing, _ first: Int, _ last: Int, _ span: Span, _ random: inout RandomSource
  ) -> Int {
    let length = last - first
    var day: Int
    switch timing {
    case .early: day = first + random.within(0, min(9, length))
    case .beforeDue: day = last - random.within(0, min(8, length))
    case .late: day = last - random.within(0, min(20, length))
    case .anytime: day = random.within(first, last)
    }
    var back = day
    while back >= first && !span.isWorkingDay(back) { back -= 1 }
    if back >= first { return back }
    while day <= last && !span.isWorkingDay(day) { day += 1 }
    return day <= last ? day : first + random.within(0, length)
  }
}
