import PledgeKit

/// Which units join a call's own unit at the scene (联动): an ambulance to a fight, police and
/// power to a fire, a utility to a traffic accident. About a third of the dispatched calls of
/// the city are attended by two or three units.
struct JointResponse {
  /// Per 10 000 dispatched calls of the category, how many are attended by more than one unit.
  let chance: Int
  /// The services the joining units come from.
  let services: [Service]

  /// By `CallCategory.all`'s index.
  static let byCategory: [JointResponse] = CallCategory.all.map {
    table[String(decoding: $0.word, as: UTF8.self)] ?? JointResponse(chance: 0, services: [])
  }

  private static let table: [String: JointResponse] = [
    "纠纷": .init(chance: 2_000, services: [.emergencyCentre, .urbanManagement]),
    "治安案件": .init(chance: 2_500, services: [.emergencyCentre, .trafficPolice]),
    "盗窃": .init(chance: 1_000, services: [.trafficPolice]),
    "求助": .init(chance: 3_000, services: [.emergencyCentre, .fireStation, .urbanManagement]),
    "噪音扰民": .init(chance: 2_000, services: [.urbanManagement]),
    "诈骗": .init(chance: 500, services: [.policeStation]),
    "刑事案件": .init(chance: 5_500, services: [.emergencyCentre, .policeStation, .trafficPolice]),
    "可疑情况": .init(chance: 1_500, services: [.policeStation]),
    "交通事故": .init(chance: 6_000, services: [.emergencyCentre, .fireStation, .municipalWorks]),
    "交通堵塞": .init(chance: 3_000, services: [.policeStation, .municipalWorks]),
    "火灾": .init(chance: 9_500, services: [.policeStation, .emergencyCentre, .power, .gas]),
    "医疗救助": .init(chance: 5_000, services: [.policeStation]),
    "水电气故障": .init(chance: 4_000, services: [.policeStation, .fireStation, .municipalWorks]),
    "市政设施": .init(chance: 3_000, services: [.policeStation, .trafficPolice]),
    "城市管理": .init(chance: 3_000, services: [.policeStation]),
    "突发事件": .init(chance: 9_500, services: [.fireStation, .emergencyCentre, .trafficPolice]),
    "突发公共卫生事件": .init(
      chance: 9_500, services: [.emergencyCentre, .hospital, .policeStation]),
  ]

  /// Dispatch orders per 10 000 calls when every dispatched call has its orders written:
  /// what a standalone log needs to size its days.
  static let ordersPerTenThousandCalls: Int = {
    var orders = 0
    var calls = 0
    for (category, joint) in zip(CallCategory.all, byCategory) {
      calls += category.weight
      // 1 order, plus 1.3 joining units on average when the call is a joint one.
      orders += category.weight * category.dispatched * (10_000 + joint.chance * 13 / 10) / 10_000
    }
    return max(1, orders / max(1, calls))
  }()

  /// Appends the dispatch orders of `call`. In the city, only joint calls have orders (a call
  /// attended by its own unit alone keeps it in its own columns, as 110 systems export it); in
  /// a standalone log (`everyCall`), every dispatched call has them.
  static func append(
    call: CallRow, units: UnitRegister, span: Span, everyCall: Bool,
    to records: inout [DispatchRecord], _ random: inout RandomSource
  ) {
    guard call.dispatched != CallRow.none, call.unit >= 0 else { return }
    let joint = byCategory[call.category]
    let isJoint = !joint.services.isEmpty && random.chance(joint.chance)
    guard isJoint || everyCall else { return }
    let scene = call.zone >= 0 ? Zone(rawValue: call.zone)! : units.units[call.unit].zone

    // The call's own unit: the very dispatch the call's columns describe.
    var own = DispatchRecord(call: call, order: 1, unit: call.unit, dispatched: call.dispatched)
    own.departed = call.departed
    own.arrived = call.arrived
    own.reported = call.reported
    own.handler = Int32(call.handler)
    own.cancelled = call.cancelled
    decorate(&own, scene: scene, &random)
    records.append(own)
    guard isJoint else { return }

    var taken = [call.unit]
    for order in 2...(random.chance(3_000) ? 3 : 2) {
      let unit = units.pick(joint.services, &random)
      // The same unit drawn twice: one unit fewer at the scene.
      guard !taken.contains(unit) else { continue }
      taken.append(unit)
      let dispatched = call.dispatched + Int64(joinDelay.draw(&random))
      var record = DispatchRecord(call: call, order: order, unit: unit, dispatched: dispatched)
      respond(&record, call: call, scene: scene, units: units, &random)
      decorate(&record, scene: scene, &random)
      guard record.dispatched <= span.end.secondsSinceEpoch else { continue }
      clip(&record, at: span.end.secondsSinceEpoch)
      records.append(record)
    }
  }

  /// A joining unit's departure, arrival and report, with the service times of the call log.
  private static func respond(
    _ record: inout DispatchRecord, call: CallRow, scene: Zone, units: UnitRegister,
    _ random: inout RandomSource
  ) {
    let register = units.units[Int(record.unit)]
    let depart =
      register.classNumber == 1
      ? CallRow.policeDepartSpread.draw(&random) : CallRow.serviceDepartSpread.draw(&random)
    let arrive = CallRow.arrival(unit: register, zone: scene, depart: depart, &random)
    record.departed = record.dispatched + Int64(depart)
    record.arrived = record.dispatched + Int64(arrive)
    if call.cancelled || random.chance(300) {
      let withdrawn = record.dispatched + Int64(CallRow.cancelSpread.draw(&random))
      // A withdrawn call reaches its orders anyway (SPEC 7.32); most exports repeat the flag.
      record.cancelled = !call.cancelled || random.chance(6_000)
      if record.departed > withdrawn { record.departed = DispatchRecord.none }
      if record.arrived > withdrawn {
        record.arrived = DispatchRecord.none
        record.reported = withdrawn + Int64(random.within(60, 1_800))
      }
    } else {
      if random.chance(120) { record.departed = DispatchRecord.none }
      if random.chance(60) { record.arrived = DispatchRecord.none }
    }
    if record.reported == DispatchRecord.none, record.arrived != DispatchRecord.none {
      record.reported = record.arrived + Int64(CallRow.handlingSpread.draw(&random))
    }
    if random.chance(100) { record.reported = DispatchRecord.none }
    record.handler = random.chance(100) ? -1 : Int32(random.below(register.staffCount))
  }

  /// What the export shows beside the times: the class for 60% of orders (else the register's
  /// applies), the scene's zone for two thirds (else the call's applies), a few a neighbour's.
  private static func decorate(
    _ record: inout DispatchRecord, scene: Zone, _ random: inout RandomSource
  ) {
    record.style = TimeStyle.forCall(&random)
    record.showsClass = random.chance(6_000)
    switch random.below(100) {
    case 0..<65: record.zone = Int8(scene.rawValue)
    case 65..<68: record.zone = Int8(CallRow.neighbour(scene, &random).rawValue)
    default: record.zone = -1
    }
  }

  /// Nothing after the end of the span has happened yet.
  private static func clip(_ record: inout DispatchRecord, at end: Int64) {
    if record.departed > end { record.departed = DispatchRecord.none }
    if record.arrived > end { record.arrived = DispatchRecord.none }
    if record.reported > end { record.reported = DispatchRecord.none }
  }

  /// Seconds from the call's own order to a joining unit's: most within two minutes.
  private static let joinDelay = Spread([(700, 15, 120), (250, 121, 420), (50, 421, 1_800)])
}
