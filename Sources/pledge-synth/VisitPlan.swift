import PledgeKit

/// The visit log (来访/走访记录): window visits on working days in working hours (a few
/// stragglers), on-site checks serving commitment applications and report complaints, and a
/// monthly care visit for most enrolled key persons (some months missed).
///
/// The three kinds are made first, then trimmed or topped up with general window visits so
/// the log holds exactly the requested number of rows.
struct VisitPlan {
  private(set) var windows: [VisitRecord] = []
  private(set) var onsite: [VisitRecord] = []
  private(set) var keyPersonVisits: [VisitRecord] = []

  private let span: Span
  private let units: UnitRegister

  init(
    count: Int, units: UnitRegister, persons: KeyPersonRegister, complaints: ComplaintPlan,
    span: Span, seed: UInt64
  ) {
    self.span = span
    self.units = units
    var random = RandomSource(seed: seed, stream: .visits)

    var keyRandom = RandomSource(seed: seed, stream: .keyPersonVisits)
    keyPersonVisits = VisitPlan.keyPersonVisits(persons, units, span, &keyRandom)
    VisitPlan.remove(&keyPersonVisits, keeping: count * 35 / 100, where: { _ in true }, &random)

    for (index, complaint) in complaints.complaints.enumerated()
    where complaint.onsiteVisit != Complaint.none {
      var visit = VisitRecord(
        start: complaint.onsiteVisit, kind: .onsite, unit: Int(complaint.unit))
      let unit = units.units[Int(complaint.unit)]
      visit.staff =
        complaint.handler >= 0 && random.chance(8_000)
        ? complaint.handler : Int32(random.below(unit.staffCount))
      visit.serves = .complaint
      visit.style = TimeStyle.forRecord(&random)
      visit.end = visit.start + Int64(random.within(1_800, 9_000))
      if visit.end > span.end.secondsSinceEpoch { visit.end = VisitRecord.none }
      visit.caseIndex = Int32(index)
      onsite.append(visit)
    }
    VisitPlan.remove(&onsite, keeping: count / 10, where: { _ in true }, &random)

    let left = max(0, count - keyPersonVisits.liveCount - onsite.liveCount)
    var windowRandom = RandomSource(seed: seed, stream: .windowVisits)
    makeWindows(left * 10_000 / 11_400, &windowRandom)
    var total = windows.liveCount + onsite.liveCount + keyPersonVisits.liveCount
    if total < count {
      let days = span.days.filter { span.isWorkingDay($0) }
      for _ in 0..<(count - total) {
        let day =
          days.isEmpty
          ? random.within(span.first.dayNumber, span.last.dayNumber)
          : random.pick(days)
        windows.append(makeWindow(day: day, general: true, &random))
      }
    }
    // Trim in an order that never leaves a case_id pointing at a removed window.
    total = windows.liveCount + onsite.liveCount + keyPersonVisits.liveCount
    var excess = total - count
    func trim(_ records: inout [VisitRecord], _ which: (VisitRecord) -> Bool) {
      guard excess > 0 else { return }
      let candidates = records.reduce(0) { $0 + (!$1.isRemoved && which($1) ? 1 : 0) }
      let n = Swift.min(excess, candidates)
      VisitPlan.remove(&records, keeping: candidates - n, where: which, &random)
      excess -= n
    }
    trim(&windows) { $0.matter != .commitment }
    trim(&keyPersonVisits) { _ in true }
    trim(&onsite) { $0.serves == .complaint }
    trim(&onsite) { _ in true }
    trim(&windows) { _ in true }

    windows.assignIDs()
    onsite.assignIDs()
    keyPersonVisits.assignIDs()
  }

  /// All live visits in time order.
  var ordered: [VisitRecord] {
    let all = (windows + onsite + keyPersonVisits).filter { !$0.isRemoved }
    return all.sorted {
      if $0.start != $1.start { return $0.start < $1.start }
      if $0.kind != $1.kind { return $0.kind.rawValue < $1.kind.rawValue }
      return $0.idSequence < $1.idSequence
    }
  }

  private mutating func makeWindows(_ count: Int, _ random: inout RandomSource) {
    let weekday = [0, 1_150, 1_050, 1_000, 1_000, 900, 0, 0]
    let weights = span.days.map { day -> Int in
      guard span.isWorkingDay(day) else { return 0 }
      let date = CivilDate(dayNumber: day)
      var w = weekday[date.weekday] == 0 ? 950 : weekday[date.weekday]
      // After a long break the queue is longer.
      if !span.isWorkingDay(day - 1) && !span.isWorkingDay(day - 2) && !span.isWorkingDay(day - 3) {
        w = w * 13 / 10
      }
      return w * random.within(92, 108)
    }
    // A few visits on days off (weekend service days, emergencies).
    let restDays = span.days.filter { !span.isWorkingDay($0) }
    let stragglers = restDays.isEmpty ? 0 : count * 3 / 1_000
    var perDay = [Int].apportion(count - stragglers, by: weights)
    if weights.allSatisfy({ $0 == 0 }) {
      perDay = [Int].apportion(count, by: weights.map { _ in 1 })
    }
    for (offset, n) in perDay.enumerated() {
      for _ in 0..<n {
        windows.append(makeWindow(day: span.first.dayNumber + offset, general: false, &random))
      }
    }
    for _ in 0..<stragglers {
      windows.append(makeWindow(day: random.pick(restDays), general: true, &random))
    }
  }

  private mutating func makeWindow(day: Int, general: Bool, _ random: inout RandomSource)
    -> VisitRecord
  {
    let dayStart = CivilDate(dayNumber: day).start.secondsSinceEpoch
    let second: Int
    if random.chance(100) {
      second = random.pick(VisitPlan.stragglerStarts) + random.below(1_800)
    } else {
      second = Span.workingSecond(&random)
    }
    let unit = units.pick(
      [
        .healthInspection, .hospital, .diseaseControl, .policeStation, .trafficPolice, .water,
        .power, .gas, .urbanManagement,
      ], &random)
    var visit = VisitRecord(start: dayStart + Int64(second), kind: .window, unit: unit)
    visit.style = TimeStyle.forRecord(&random)
    visit.staff = Int32(random.below(units.units[unit].staffCount))
    let r = random.below(100)
    visit.matter = general || r < 83 ? .general : r < 98 ? .commitment : .none
    if visit.matter != .commitment {
      if !random.chance(100) {
        visit.end = visit.start + Int64(VisitPlan.serviceSeconds.draw(&random))
      }
    } else {
      if random.chance(6_000) {
        visit.due =
          CivilDate(dayNumber: span.workingDay(20, after: day)).start.secondsSinceEpoch
          + 17 * 3600 + 1800
      }
      var lastStep = visit.start
      if random.chance(9_500) {
        let onsiteDay = span.workingDay(VisitPlan.onsiteDays.draw(&random), after: day)
        var check = VisitRecord(
          start: CivilDate(dayNumber: onsiteDay).start.secondsSinceEpoch
            + Int64(Span.workingSecond(&random)),
          kind: .onsite, unit: unit)
        check.style = visit.style
        check.staff =
          random.chance(7_000) ? visit.staff : Int32(random.below(units.units[unit].staffCount))
        check.end = check.start + Int64(random.within(1_800, 7_200))
        check.serves = .window
        check.caseIndex = Int32(windows.count)
        if check.start <= span.end.secondsSinceEpoch {
          lastStep = check.end
          closeOff(&check)
          onsite.append(check)
        }
      }
      if random.chance(9_500) {
        let doneDay = span.workingDay(random.within(1, 12), after: Int(lastStep / 86_400))
        visit.end = max(
          lastStep + 600,
          CivilDate(dayNumber: doneDay).start.secondsSinceEpoch + Int64(Span.workingSecond(&random))
        )
      }
    }
    closeOff(&visit)
    return visit
  }

  /// Steps after the span's end have not happened; no promise reaches past it.
  private func closeOff(_ visit: inout VisitRecord) {
    let end = span.end.secondsSinceEpoch
    if visit.end > end { visit.end = VisitRecord.none }
    if visit.due > end { visit.due = VisitRecord.none }
  }

  private static func keyPersonVisits(
    _ persons: KeyPersonRegister, _ units: UnitRegister, _ span: Span,
    _ random: inout RandomSource
  ) -> [VisitRecord] {
    var visits: [VisitRecord] = []
    for person in persons.persons {
      let unit = units.units[person.unit]
      for (year, month) in span.months {
        let monthFirst = CivilDate(year: year, month: month, day: 1)!.dayNumber
        let monthLast = monthFirst + CivilDate.daysIn(year: year, month: month) - 1
        let low = max(monthFirst, person.enrolled, span.first.dayNumber)
        let high = min(monthLast, person.released ?? Int.max, span.last.dayNumber)
        guard low <= high else { continue }
        let owed = low == monthFirst && high == monthLast && person.enrolled <= monthFirst
        var n = random.chance(owed ? person.diligence : 5_000) ? 1 : 0
        if n == 1 && random.chance(600) { n = 2 }
        for _ in 0..<n {
          var day = random.within(low, high)
          if random.chance(8_500) {
            let working = span.firstWorkingDay(onOrAfter: day)
            if working <= high { day = working }
          }
          let second =
            random.chance(8_000) ? Span.workingSecond(&random) : random.within(18 * 3600, 20 * 3600)
          var visit = VisitRecord(
            start: CivilDate(dayNumber: day).start.secondsSinceEpoch + Int64(second),
            kind: .keyperson, unit: person.unit)
          visit.style = TimeStyle.forRecord(&random)
          visit.staff =
            person.helper.map { random.chance(9_200) ? $0 : random.below(unit.staffCount) }
            .map(Int32.init) ?? Int32(random.below(unit.staffCount))
          visit.subject = Int32(person.index)
          visit.end = visit.start + Int64(random.within(900, 5_400))
          if visit.end > span.end.secondsSinceEpoch { visit.end = VisitRecord.none }
          visits.append(visit)
        }
      }
    }
    return visits
  }

  /// Marks records matching `which` removed, at random, until `keeping` of them are left.
  private static func remove(
    _ records: inout [VisitRecord], keeping: Int, where which: (VisitRecord) -> Bool,
    _ random: inout RandomSource
  ) {
    var candidates = records.indices.filter { !records[$0].isRemoved && which(records[$0]) }
    var excess = candidates.count - max(0, keeping)
    while excess > 0 {
      let k = random.below(candidates.count)
      records[candidates[k]].isRemoved = true
      candidates.swapAt(k, candidates.count - 1)
      candidates.removeLast()
      excess -= 1
    }
  }

  private static let stragglerStarts = [8 * 3600, 12 * 3600, 17 * 3600 + 1800]
  private static let serviceSeconds = Spread([
    (920, 180, 1_500), (60, 1_501, 3_000), (20, 3_001, 7_200),
  ])
  private static let onsiteDays = Spread([(870, 1, 5), (100, 6, 8), (30, 9, 15)])
}
