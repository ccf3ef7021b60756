import PledgeKit

struct KeyPerson {
  let index: Int
  let category: Int
  let unit: Int
  /// The helper's staff number within the unit, or nil when none is assigned.
  let helper: Int?
  let enrolled: Int
  let released: Int?
  /// Some helpers visit less reliably than others.
  let diligence: Int

  func appendID(to bytes: inout [UInt8]) {
    bytes.append(contentsOf: KeyPerson.prefix)
    appendDigits(index + 1, width: 6, to: &bytes)
  }

  private static let prefix = Array("ZD".utf8)
}

/// The register of key persons under care (重点人员名册): most enrolled before the span, some
/// during it, a few released during it; each cared for by a police station and a helper.
struct KeyPersonRegister {
  let persons: [KeyPerson]

  init(count: Int, units: UnitRegister, span: Span, seed: UInt64) {
    var random = RandomSource(seed: seed, stream: .keyPersons)
    let categoryTable = WeightedTable([30, 30, 20, 15, 5])
    var persons: [KeyPerson] = []
    persons.reserveCapacity(count)
    for index in 0..<count {
      let unit = units.pick([.policeStation], &random)
      let helper: Int? =
        random.chance(300) ? nil : random.below(units.units[unit].staffCount)
      let enrolled: Int
      if random.chance(1_800) {
        enrolled = span.first.dayNumber + random.below(span.dayCount)
      } else {
        enrolled = span.first.dayNumber - random.within(1, 1_800)
      }
      var released: Int? = nil
      if random.chance(1_200) {
        let from = max(enrolled, span.first.dayNumber)
        released = random.within(from, span.last.dayNumber)
      }
      persons.append(
        KeyPerson(
          index: index, category: categoryTable.pick(&random), unit: unit, helper: helper,
          enrolled: enrolled, released: released,
          diligence: random.chance(400) ? 6_000 : random.within(9_000, 9_900)))
    }
    self.persons = persons
  }

  func write(to file: ExportFile, units: UnitRegister, on date: CivilDate) throws {
    var scratch: [UInt8] = []
    for person in persons {
      try file.beginRow(on: date)
      scratch.removeAll(keepingCapacity: true)
      person.appendID(to: &scratch)
      scratch.withUnsafeBytes { file.writer.field($0) }
      KeyPersonRegister.categories[person.category].withUnsafeBytes { file.writer.field($0) }
      let unit = units.units[person.unit]
      unit.id.withUnsafeBytes { file.writer.field($0) }
      file.writer.plainField { bytes in
        if let helper = person.helper { unit.appendStaffID(helper, to: &bytes) }
      }
      file.writer.plainField {
        CivilDate(dayNumber: person.enrolled).appendISO(to: &$0)
      }
      file.writer.plainField { bytes in
        if let released = person.released {
          CivilDate(dayNumber: released).appendISO(to: &bytes)
        }
      }
      try file.endRow()
    }
  }

  static let header = [
    "person_id", "category", "unit_id", "helper_id", "enrolled_on", "released_on",
  ]
  static let categories = ["社区矫正人员", "刑满释放人员", "社区戒毒康复人员", "严重精神障碍患者", "其他重点人员"]
    .map { Array($0.utf8) }
}
