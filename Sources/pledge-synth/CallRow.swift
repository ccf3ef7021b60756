import PledgeKit

/// One call, generated step by step so that its times never run backwards.
struct CallRow {
  static let none = Int64.min

  private(set) var day = CivilDate(dayNumber: 0)
  private(set) var sequence = 0
  private(set) var received: Int64 = 0
  private(set) var answered = none
  private(set) var dispatched = none
  private(set) var departed = none
  private(set) var arrived = none
  private(set) var reported = none
  private var rings = 0
  private var inquiry = -1
  private(set) var category = 0
  private(set) var unit = -1
  private var showsClass = false
  private(set) var zone = -1
  private var operatorNumber = 0
  private(set) var handler = -1
  private(set) var cancelled = false
  private var style = TimeStyle.standard
  private var address: [UInt8] = []
  private var remarks: [UInt8] = []
  private var scratch: [UInt8] = []
  private var clock = TimeWriter()
  /// `JJ` and the date, the start of every call id of the day.
  private var idPrefix: [UInt8] = []

  mutating func generate(
    day: CivilDate, sequence: Int, received receivedAt: Instant, export: CallExport,
    random: inout RandomSource
  ) {
    if idPrefix.isEmpty || day != self.day {
      idPrefix = Array("JJ".utf8)
      ByteText.appendCompactDate(day, to: &idPrefix)
    }
    self.day = day
    self.sequence = sequence
    received = receivedAt.secondsSinceEpoch
    style = TimeStyle.forCall(&random)
    category = CallCategory.table.pick(&random)
    let kind = CallCategory.all[category]
    operatorNumber = random.within(101, 168)

    rings = CallRow.ringTable.pick(&random) + 1
    answered = received + Int64(max(1, rings * 5 - random.below(5)))
    if random.chance(80) { rings = 0 }
    inquiry = CallRow.inquirySpread.draw(&random)
    let afterInquiry = answered + Int64(inquiry)
    if random.chance(80) { inquiry = -1 }
    if random.chance(50) { answered = CallRow.none }

    let isDispatched = random.chance(kind.dispatched)
    let units = export.units
    unit = units.pick(kind.services, &random)
    let register = units.units[unit]
    zone = register.zone.rawValue
    if random.chance(900) { zone = CallRow.neighbour(register.zone, &random).rawValue }
    if random.chance(80) { zone = -1 }
    showsClass = random.chance(5_000)

    dispatched = CallRow.none
    departed = CallRow.none
    arrived = CallRow.none
    reported = CallRow.none
    handler = -1
    cancelled = false
    if isDispatched {
      dispatched = afterInquiry + Int64(CallRow.dispatchSpread.draw(&random))
      let depart =
        register.classNumber == 1
        ? CallRow.policeDepartSpread.draw(&random) : CallRow.serviceDepartSpread.draw(&random)
      let arrive = CallRow.arrival(
        unit: register, zone: Zone(rawValue: zone), depart: depart, &random)
      departed = dispatched + Int64(depart)
      arrived = dispatched + Int64(arrive)
      if random.chance(620) {
        let withdrawn = dispatched + Int64(CallRow.cancelSpread.draw(&random))
        cancelled = true
        if departed > withdrawn { departed = CallRow.none }
        if arrived > withdrawn {
          arrived = CallRow.none
          reported = withdrawn + Int64(random.within(60, 1_800))
        }
      } else {
        if random.chance(120) { departed = CallRow.none }
        if random.chance(60) { arrived = CallRow.none }
      }
      if reported == CallRow.none, arrived != CallRow.none {
        reported = arrived + Int64(CallRow.handlingSpread.draw(&random))
      }
      if random.chance(100) { reported = CallRow.none }
      handler = random.chance(100) ? -1 : random.below(register.staffCount)
    } else {
      if random.chance(4_000) { unit = -1 }
      if random.chance(2_000) { reported = afterInquiry + Int64(random.within(0, 120)) }
    }

    // Nothing after the end of the span has happened yet: the call is still open there.
    let end = export.span.end.secondsSinceEpoch
    if dispatched > end { dispatched = CallRow.none }
    if dispatched == CallRow.none || departed > end { departed = CallRow.none }
    if dispatched == CallRow.none || arrived > end { arrived = CallRow.none }
    if reported > end { reported = CallRow.none }
    if answered > end { answered = CallRow.none }
    if cancelled && dispatched == CallRow.none { cancelled = false }

    address.removeAll(keepingCapacity: true)
    if isDispatched || random.chance(1_500) {
      TextMaker.appendAddress(zone: register.zone, to: &address, &random)
    }
    remarks.removeAll(keepingCapacity: true)
    if random.chance(100) {
      TextMaker.appendTwoLineRemark(kind.remarks, to: &remarks, &random)
    } else if random.chance(isDispatched ? 1_300 : 2_500) {
      TextMaker.appendRemark(kind.remarks, to: &remarks, &random)
    }
  }

  mutating func write(to writer: inout CSVWriter, units: UnitRegister) {
    let sequence = self.sequence
    idPrefix.withUnsafeBytes { prefix in
      writer.plainField { bytes in
        bytes.append(contentsOf: prefix)
        appendDigits(sequence, width: 4, to: &bytes)
      }
    }
    time(received, &writer)
    time(answered, &writer)
    let rings = self.rings
    writer.plainField { if rings > 0 { appendDigits(rings, to: &$0) } }
    let inquiry = self.inquiry
    writer.plainField { if inquiry >= 0 { appendDigits(inquiry, to: &$0) } }
    CallCategory.all[category].word.withUnsafeBytes { writer.field($0) }
    if unit >= 0 {
      let register = units.units[unit]
      register.id.withUnsafeBytes { writer.field($0) }
      let shown = showsClass ? register.classNumber : 0
      writer.plainField { if shown > 0 { appendDigits(shown, to: &$0) } }
    } else {
      writer.plainField { _ in }
      writer.plainField { _ in }
    }
    if zone >= 0 {
      Zone(rawValue: zone)!.word.withUnsafeBytes { writer.field($0) }
    } else {
      writer.plainField { _ in }
    }
    time(dispatched, &writer)
    time(departed, &writer)
    time(arrived, &writer)
    time(reported, &writer)
    let operatorNumber = self.operatorNumber
    writer.plainField {
      $0.append(UInt8(ascii: "J"))
      appendDigits(operatorNumber, to: &$0)
    }
    if handler >= 0 {
      scratch.removeAll(keepingCapacity: true)
      units.units[unit].appendStaffID(handler, to: &scratch)
      scratch.withUnsafeBytes { writer.field($0) }
    } else {
      writer.plainField { _ in }
    }
    let cancelled = self.cancelled
    writer.plainField { if cancelled { $0.append(contentsOf: CallRow.yes) } }
    address.withUnsafeBytes { writer.field($0) }
    remarks.withUnsafeBytes { writer.field($0) }
  }

  @inline(__always)
  private mutating func time(_ seconds: Int64, _ writer: inout CSVWriter) {
    writer.plainField { bytes in
      if seconds != CallRow.none { clock.append(seconds, style: style, to: &bytes) }
    }
  }

  /// Seconds from dispatch to arrival: class 1 by zone (about 8% of urban arrivals later than
  /// 5 minutes, 10% of suburban later than 10), classes 2 and 3 by their committed minutes.
  static func arrival(unit: Unit, zone: Zone?, depart: Int, _ random: inout RandomSource)
    -> Int
  {
    let arrive: Int
    if unit.classNumber == 1 {
      switch zone ?? unit.zone {
      case .urban:
        arrive =
          onTime(limit: 300, floor: 90, depart: depart, chance: 9_330, &random)
          ?? 300 + urbanLateSpread.draw(&random)
      case .suburb:
        arrive =
          onTime(limit: 600, floor: 180, depart: depart, chance: 9_000, &random)
          ?? 600 + suburbLateSpread.draw(&random)
      case .rural:
        arrive = ruralSpread.draw(&random)
      case .island:
        arrive = islandSpread.draw(&random)
      }
    } else {
      let limit = (unit.committedMinutes ?? 30) * 60
      arrive =
        onTime(limit: limit, floor: limit / 3, depart: depart, chance: 8_800, &random)
        ?? limit + random.within(1, random.chance(7_000) ? limit / 2 : 2 * limit)
    }
    return max(arrive, depart + random.within(20, 90))
  }

  private static func onTime(
    limit: Int, floor: Int, depart: Int, chance: Int, _ random: inout RandomSource
  ) -> Int? {
    guard random.chance(chance) else { return nil }
    let low = max(depart + 30, floor)
    return low <= limit ? random.within(low, limit) : depart + random.within(30, 240)
  }

  static func neighbour(_ zone: Zone, _ random: inout RandomSource) -> Zone {
    switch zone {
    case .urban: return .suburb
    case .suburb: return random.chance(5_000) ? .urban : .rural
    case .rural: return .suburb
    case .island: return .island
    }
  }

  private static let yes = Array("yes".utf8)
  /// Rings 1 … 6: mostly 1–3, a tail of 4–6.
  private static let ringTable = WeightedTable([4_000, 3_600, 1_800, 420, 130, 50])
  private static let inquirySpread = Spread([
    (450, 20, 60), (300, 61, 90), (170, 91, 120), (60, 121, 180), (20, 181, 420),
  ])
  private static let dispatchSpread = Spread([(800, 5, 60), (170, 61, 180), (30, 181, 900)])
  static let policeDepartSpread = Spread([(930, 3, 60), (50, 61, 180), (20, 181, 600)])
  static let serviceDepartSpread = Spread([
    (700, 30, 300), (250, 301, 900), (50, 901, 2_400),
  ])
  private static let urbanLateSpread = Spread([(60, 1, 180), (30, 181, 600), (10, 601, 1_500)])
  private static let suburbLateSpread = Spread([(60, 1, 300), (30, 301, 900), (10, 901, 2_400)])
  private static let ruralSpread = Spread([
    (500, 480, 1_200), (400, 1_201, 2_400), (100, 2_401, 4_200),
  ])
  private static let islandSpread = Spread([
    (500, 900, 3_600), (420, 3_601, 7_200), (80, 7_201, 23_000),
  ])
  static let cancelSpread = Spread([(600, 20, 240), (300, 241, 600), (100, 601, 1_800)])
  static let handlingSpread = Spread([
    (300, 300, 1_200), (450, 1_201, 3_600), (200, 3_601, 10_800), (50, 10_801, 43_200),
  ])
}
