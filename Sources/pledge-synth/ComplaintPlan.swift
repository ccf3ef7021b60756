import PledgeKit

/// One complaint, kept compactly: the visit export needs the ids and on-site visits of the
/// reports, so the whole plan is made first and written afterwards.
struct Complaint {
  static let none = Int64.min

  var day: Int32
  var sequence: Int32 = 0
  var received: Int64
  var isReport = true
  var channel: UInt8
  var style = TimeStyle.standard
  var unit: Int32 = 0
  var handler: Int32 = -1
  var againstUnit: Int32 = -1
  var againstPerson: Int32 = -1
  /// 0 empty, 1 yes, 2 no.
  var inScope: UInt8 = 0
  var serious: UInt8 = 0
  var explained: UInt8 = 0
  var onsiteAt = none
  /// When an on-site visit record (in the visit export) serves this report.
  var onsiteVisit = none
  var notified = none
  var replied = none
  var closed = none
  var due = none
  /// The fine in fen (1/100 yuan), or -1.
  var fineFen = -1

  func appendID(to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "T"))
    bytes.append(UInt8(ascii: "S"))
    ByteText.appendCompactDate(CivilDate(dayNumber: Int(day)), to: &bytes)
    appendDigits(Int(sequence), width: 4, to: &bytes)
  }
}

/// Reports (举报投诉) and pledge-breach complaints (违诺投诉) over the span: most handled
/// within their limits (3 working days on site, 7 days to notify, 30 days to close,
/// 10 working days to reply), a tail of late ones, and some still open at the end.
struct ComplaintPlan {
  private(set) var complaints: [Complaint] = []

  init(count: Int, units: UnitRegister, span: Span, seed: UInt64) {
    var random = RandomSource(seed: seed, stream: .complaints)
    let weights = span.days.map { day in
      (span.isWorkingDay(day) ? 1_000 : 300) * random.within(90, 110)
    }
    let perDay = [Int].apportion(count, by: weights)
    complaints.reserveCapacity(count)
    let channelTable = WeightedTable([40, 15, 8, 12, 12, 10, 3])
    var today: [Complaint] = []
    for (offset, n) in perDay.enumerated() where n > 0 {
      let day = span.first.dayNumber + offset
      let start = CivilDate(dayNumber: day).start.secondsSinceEpoch
      today.removeAll(keepingCapacity: true)
      for _ in 0..<n {
        let channel = channelTable.pick(&random)
        let second: Int
        switch channel {
        case 2, 3, 6: second = Span.workingSecond(&random)  // letters, visits, mailbox
        case 4, 5: second = random.below(86_400)  // online: any hour
        default: second = ComplaintPlan.hotlineHours.pick(&random) * 3600 + random.below(3600)
        }
        today.append(
          Complaint(day: Int32(day), received: start + Int64(second), channel: UInt8(channel)))
      }
      // Ties keep the order they were drawn in, whatever the sort algorithm.
      let order = today.indices.sorted {
        today[$0].received != today[$1].received ? today[$0].received < today[$1].received : $0 < $1
      }
      for (k, i) in order.enumerated() {
        var complaint = today[i]
        complaint.sequence = Int32(k + 1)
        ComplaintPlan.fill(&complaint, units: units, span: span, &random)
        complaints.append(complaint)
      }
    }
  }

  private static func fill(
    _ c: inout Complaint, units: UnitRegister, span: Span, _ random: inout RandomSource
  ) {
    let day = Int(c.day)
    let received = c.received
    c.style = TimeStyle.forRecord(&random)
    c.isReport = random.chance(7_500)
    func at(_ day: Int, _ second: Int) -> Int64 {
      CivilDate(dayNumber: day).start.secondsSinceEpoch + Int64(second)
    }
    func workingTime(after n: Int) -> Int64 {
      max(received + 600, at(span.workingDay(n, after: day), Span.workingSecond(&random)))
    }
    if c.isReport {
      let unit = units.pick([.healthInspection, .diseaseControl, .urbanManagement], &random)
      c.unit = Int32(unit)
      if !random.chance(300) { c.handler = Int32(random.below(units.units[unit].staffCount)) }
      if random.chance(1_500) {
        let against = units.pick([.hospital, .emergencyCentre], &random)
        c.againstUnit = Int32(against)
        if random.chance(3_500) {
          c.againstPerson = Int32(random.below(units.units[against].staffCount))
        }
      }
      let inScope = !random.chance(900)
      c.inScope = inScope ? (random.chance(7_500) ? 1 : 0) : 2
      let serious = random.chance(600)
      c.serious = serious ? 1 : (random.chance(6_000) ? 2 : 0)
      var lastStep = received
      if inScope ? random.chance(9_600) : random.chance(1_000) {
        let n = ComplaintPlan.onsiteDays.draw(&random)
        let onsite =
          n == 0
          ? received + Int64(random.within(3_600, 14_400)) : workingTime(after: n)
        lastStep = onsite
        switch random.below(100) {
        case 0..<55: c.onsiteAt = onsite
        case 55..<85: c.onsiteVisit = onsite
        default:
          c.onsiteAt = onsite
          c.onsiteVisit = max(received + 60, onsite + Int64(random.within(-3_600, 3_600)))
        }
      }
      if random.chance(9_600) {
        let d = ComplaintPlan.notifyDays.draw(&random)
        let notifyDay = span.firstWorkingDay(onOrAfter: day + d)
        c.notified = max(received + 600, at(notifyDay, Span.workingSecond(&random)))
        lastStep = max(lastStep, c.notified)
        if random.chance(3_000) { c.replied = c.notified + Int64(random.within(0, 3_600)) }
      }
      if random.chance(9_700) {
        let d = (serious ? ComplaintPlan.seriousCloseDays : ComplaintPlan.closeDays).draw(&random)
        let closeDay = span.firstWorkingDay(onOrAfter: day + d)
        c.closed = max(lastStep + 3_600, at(closeDay, Span.workingSecond(&random)))
        if inScope && random.chance(800) {
          c.fineFen = random.pick(ComplaintPlan.fines) * 100
          if random.chance(1_500) {
            c.fineFen += random.within(1, 99) * (random.chance(5_000) ? 10 : 1)
          }
        }
      }
    } else {
      let against = units.pick(
        [
          .policeStation, .trafficPolice, .emergencyCentre, .hospital, .healthInspection,
          .fireStation, .water, .power, .gas, .urbanManagement,
        ], &random)
      c.againstUnit = Int32(against)
      if random.chance(6_000) {
        c.againstPerson = Int32(random.below(units.units[against].staffCount))
      }
      let unit = random.chance(7_000) ? (units.units[against].parent ?? against) : against
      c.unit = Int32(unit)
      if !random.chance(300) { c.handler = Int32(random.below(units.units[unit].staffCount)) }
      c.inScope = random.chance(2_000) ? 1 : 0
      c.explained = random.chance(1_200) ? 1 : (random.chance(5_000) ? 2 : 0)
      if random.chance(9_600) {
        c.replied = workingTime(after: ComplaintPlan.replyDays.draw(&random))
        if random.chance(3_000) { c.notified = c.replied }
        if random.chance(7_500) {
          let closeDay = span.firstWorkingDay(
            onOrAfter: Int(c.replied / 86_400) + random.within(0, 5))
          c.closed = max(c.replied, at(closeDay, Span.workingSecond(&random)))
        }
      }
    }
    if random.chance(1_500) {
      let dueDay = span.workingDay(15, after: day)
      c.due = at(dueDay, 17 * 3600 + 1800)
    }
    // Nothing later than the span's end has happened yet; no promise reaches past it.
    let end = span.end.secondsSinceEpoch
    if c.onsiteAt > end { c.onsiteAt = Complaint.none }
    if c.onsiteVisit > end { c.onsiteVisit = Complaint.none }
    if c.notified > end { c.notified = Complaint.none }
    if c.replied > end { c.replied = Complaint.none }
    if c.closed > end {
      c.closed = Complaint.none
      c.fineFen = -1
    }
    if c.due > end { c.due = Complaint.none }
  }

  private static let hotlineHours = WeightedTable([
    3, 2, 1, 1, 1, 2, 5, 20, 70, 100, 100, 90, 60, 70, 95, 100, 95, 80, 50, 40, 35, 25, 12, 6,
  ])
  /// Working days to the on-site investigation; 0 = the same day.
  private static let onsiteDays = Spread([(150, 0, 0), (770, 1, 3), (55, 4, 6), (25, 7, 15)])
  private static let notifyDays = Spread([(900, 1, 7), (70, 8, 12), (30, 13, 25)])
  private static let closeDays = Spread([(880, 5, 30), (80, 31, 45), (40, 46, 90)])
  private static let seriousCloseDays = Spread([(500, 20, 60), (500, 61, 120)])
  private static let replyDays = Spread([(860, 1, 10), (100, 11, 15), (40, 16, 30)])
  private static let fines = [
    500, 1_000, 1_000, 2_000, 3_000, 5_000, 5_000, 10_000, 20_000, 50_000,
  ]
}
