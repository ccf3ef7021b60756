import PledgeKit

/// Where a unit works; calls take their zone from it.
enum Zone: Int {
  case urban, suburb, rural, island

  var word: [UInt8] { Zone.words[rawValue] }
  private static let words = ["urban", "suburb", "rural", "island"].map { Array($0.utf8) }
}

/// What a unit does, which decides the calls, windows and complaints it handles.
enum Service: Int, CaseIterable {
  case policeHeadquarters, policeBranch, policeStation, trafficPolice
  case healthCommission, emergencyCentre, hospital, healthInspection, diseaseControl
  case fireBrigade, fireStation
  case cityAdministration, water, power, gas, urbanManagement, municipalWorks

  var kind: String {
    switch self {
    case .policeHeadquarters, .policeBranch, .policeStation: "police"
    case .trafficPolice: "traffic"
    case .healthCommission, .emergencyCentre, .hospital, .healthInspection, .diseaseControl:
      "health"
    case .fireBrigade, .fireStation: "fire"
    case .cityAdministration, .urbanManagement: "urban-management"
    case .water: "water"
    case .power: "power"
    case .gas: "gas"
    case .municipalWorks: "municipal"
    }
  }

  /// A top body that supervises others and answers no calls itself.
  var isSupervisor: Bool {
    self == .policeHeadquarters || self == .policeBranch || self == .healthCommission
      || self == .fireBrigade || self == .cityAdministration
  }
}

struct Unit {
  let id: [UInt8]
  let name: String
  let classNumber: Int
  let service: Service
  let committedMinutes: Int?
  let parent: Int?
  let zone: Zone
  /// Relative share of the calls and visits of its service that this unit gets.
  let weight: Int
  let staffCount: Int
  let index: Int

  /// The id of the unit's `k`-th member of staff.
  func appendStaffID(_ k: Int, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "P"))
    appendDigits(10_000 + index * 100 + k % 100, to: &bytes)
  }
}

/// The register of linkage units (联动单位名册): about 40% class 1 (police), the rest class 2
/// (health, fire) and class 3 (utilities, city management), with their supervising bodies.
struct UnitRegister {
  let units: [Unit]
  private var byService: [[Int]]
  private var tables: [WeightedTable]

  init(count: Int, seed: UInt64) {
    var random = RandomSource(seed: seed, stream: .units)
    var plan: [Service] = []
    let class1 = count * 4 / 10
    let class2 = count * 35 / 100
    let class3 = count - class1 - class2
    plan += UnitRegister.mix(
      class1,
      tops: [.policeHeadquarters] + Array(repeating: .policeBranch, count: max(0, class1 / 14)),
      [(.policeStation, 86), (.trafficPolice, 14)])
    plan += UnitRegister.mix(
      class2, tops: [.healthCommission, .fireBrigade],
      [
        (.emergencyCentre, 22), (.hospital, 18), (.healthInspection, 20), (.diseaseControl, 10),
        (.fireStation, 30),
      ])
    plan += UnitRegister.mix(
      class3, tops: [.cityAdministration],
      [(.water, 20), (.power, 25), (.gas, 15), (.urbanManagement, 25), (.municipalWorks, 15)])
    if plan.isEmpty && count > 0 { plan = [.policeStation] }
    while plan.count < count { plan.append(.policeStation) }

    var units: [Unit] = []
    var placeUse = Array(repeating: 0, count: Vocabulary.places.count * Service.allCases.count)
    for (index, service) in plan.enumerated() {
      var id: [UInt8] = Array("DW".utf8)
      appendDigits(index + 1, width: 3, to: &id)
      let zone: Zone
      switch random.below(100) {
      case 0..<48: zone = .urban
      case 48..<78: zone = .suburb
      case 78..<96: zone = .rural
      default: zone = .island
      }
      let classNumber: Int
      switch service {
      case .policeHeadquarters, .policeBranch, .policeStation, .trafficPolice: classNumber = 1
      case .healthCommission, .emergencyCentre, .hospital, .healthInspection, .diseaseControl,
        .fireBrigade, .fireStation:
        classNumber = 2
      default: classNumber = 3
      }
      let place = random.below(Vocabulary.places.count)
      let use = service.rawValue * Vocabulary.places.count + place
      placeUse[use] += 1
      let name = UnitRegister.name(
        service, place: place, use: placeUse[use], ordinal: index, random: &random)
      var committed: Int? = nil
      if classNumber > 1 && !service.isSupervisor && random.below(100) >= 5 {
        let choices: [Int]
        switch service {
        case .emergencyCentre, .fireStation: choices = [15, 15, 20]
        case .hospital: choices = [15, 20, 30]
        case .urbanManagement: choices = [20, 30]
        case .municipalWorks: choices = [30, 45, 60]
        default: choices = [30, 30, 45]
        }
        committed = random.pick(choices) + (zone == .rural || zone == .island ? 15 : 0)
      }
      let zoneWeight = [130, 100, 45, 20][zone.rawValue]
      let weight = service.isSupervisor ? 0 : zoneWeight * random.within(70, 130)
      units.append(
        Unit(
          id: id, name: name, classNumber: classNumber, service: service,
          committedMinutes: committed, parent: nil, zone: zone, weight: weight,
          staffCount: service == .policeStation ? random.within(20, 40) : random.within(6, 20),
          index: index))
    }
    // Parents: branches under the headquarters, stations under a branch, other units under
    // the top body of their class.
    func first(_ services: [Service]) -> [Int] {
      units.indices.filter { services.contains(units[$0].service) }
    }
    let headquarters = first([.policeHeadquarters])
    let branches = first([.policeBranch])
    let health = first([.healthCommission])
    let fire = first([.fireBrigade])
    let city = first([.cityAdministration])
    units = units.map { unit in
      var parent: Int? = nil
      switch unit.service {
      case .policeHeadquarters, .healthCommission, .fireBrigade, .cityAdministration: break
      case .policeBranch: parent = headquarters.first
      case .policeStation, .trafficPolice:
        parent = branches.isEmpty ? headquarters.first : branches[unit.index % branches.count]
      case .emergencyCentre, .hospital, .healthInspection, .diseaseControl: parent = health.first
      case .fireStation: parent = fire.first
      case .water, .power, .gas, .urbanManagement, .municipalWorks: parent = city.first
      }
      return Unit(
        id: unit.id, name: unit.name, classNumber: unit.classNumber, service: unit.service,
        committedMinutes: unit.committedMinutes, parent: parent, zone: unit.zone,
        weight: unit.weight, staffCount: unit.staffCount, index: unit.index)
    }
    self.units = units
    byService = Service.allCases.map { s in units.indices.filter { units[$0].service == s } }
    tables = byService.map { WeightedTable($0.map { max(1, units[$0].weight) }) }
  }

  /// A unit offering one of `services`, by weight; any working unit when none does.
  func pick(_ services: [Service], _ random: inout RandomSource) -> Int {
    var total = 0
    for s in services { total += tables[s.rawValue].isEmpty ? 0 : tables[s.rawValue].total }
    guard total > 0 else {
      let working = units.indices.filter { !units[$0].service.isSupervisor }
      return working.isEmpty ? random.below(units.count) : working[random.below(working.count)]
    }
    var r = random.below(total)
    for s in services {
      let t = tables[s.rawValue]
      if t.isEmpty { continue }
      if r < t.total { return byService[s.rawValue][t.pick(&random)] }
      r -= t.total
    }
    return byService[services[0].rawValue][0]
  }

  func write(to file: ExportFile, on date: CivilDate) throws {
    for unit in units {
      try file.beginRow(on: date)
      unit.id.withUnsafeBytes { file.writer.field($0) }
      file.writer.field(unit.name)
      file.writer.field(String(unit.classNumber))
      file.writer.field(unit.service.kind)
      file.writer.field(unit.committedMinutes.map(String.init) ?? "")
      if let parent = unit.parent {
        units[parent].id.withUnsafeBytes { file.writer.field($0) }
      } else {
        file.writer.field("")
      }
      try file.endRow()
    }
  }

  static let header = ["unit_id", "name", "class", "kind", "committed_minutes", "parent_id"]

  /// `count` services: the top bodies first (as many as fit), the rest split by share.
  private static func mix(_ count: Int, tops: [Service], _ shares: [(Service, Int)]) -> [Service] {
    guard count > 0 else { return [] }
    let topCount = count >= tops.count + 3 ? tops.count : 0
    var result = Array(tops.prefix(topCount))
    let parts = [Int].apportion(count - topCount, by: shares.map(\.1))
    for (share, n) in zip(shares, parts) {
      result += Array(repeating: share.0, count: n)
    }
    return result
  }

  private static func name(
    _ service: Service, place: Int, use: Int, ordinal: Int, random: inout RandomSource
  ) -> String {
    let placeName = String(decoding: Vocabulary.places[place], as: UTF8.self)
    let district = String(decoding: random.pick(Vocabulary.districts), as: UTF8.self)
    let again = use > 1 ? "第\(use)" : ""
    switch service {
    case .policeHeadquarters: return "市公安局"
    case .policeBranch: return "市公安局\(district)分局"
    case .policeStation: return "\(placeName)\(again)派出所"
    case .trafficPolice: return "交警\(district)\(placeName)中队"
    case .healthCommission: return "市卫生健康委员会"
    case .emergencyCentre: return "\(placeName)\(again)急救站"
    case .hospital: return "市第\(ordinal % 9 + 1)人民医院\(placeName)院区"
    case .healthInspection: return "\(district)区卫生监督所\(placeName)\(again)分所"
    case .diseaseControl: return "\(district)区疾病预防控制中心"
    case .fireBrigade: return "市消防救援支队"
    case .fireStation: return "\(placeName)\(again)消防救援站"
    case .cityAdministration: return "市城市管理局"
    case .water: return "\(placeName)\(again)供水所"
    case .power: return "\(placeName)\(again)供电所"
    case .gas: return "\(district)区燃气服务站(\(placeName))"
    case .urbanManagement: return "\(placeName)\(again)城管中队"
    case .municipalWorks: return "\(district)区市政养护所\(placeName)\(again)工区"
    }
  }
}
