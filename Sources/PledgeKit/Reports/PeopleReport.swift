/// people — one row per responsible person with a breach (SPEC 5, §7.23).
enum PeopleReport {
  static func render(_ report: PeriodReport) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(
      ["quarter", "person_id", "unit_id", "breaches", "compensation_cny"]
        + RuleID.allCases.map(\.rawValue))
    struct Person {
      let id: String
      var breaches = 0
      var compensation = Money.zero
      var perRule = [Int](repeating: 0, count: RuleID.allCases.count)
      /// Breaches per unit; a person works for one or two units, so a short list.
      var perUnit: [(unit: String, count: Int)] = []
    }
    var people: [Person] = []
    var position = StringIndex()
    for breach in report.breaches {
      guard let id = breach.personID, !id.isEmpty else { continue }
      let (index, isNew) = position.insert(id)
      if isNew { people.append(Person(id: id)) }
      people[index].breaches += 1
      people[index].compensation = people[index].compensation + breach.compensation
      people[index].perRule[breach.rule.order] += 1
      if let slot = people[index].perUnit.firstIndex(where: { sameBytes($0.unit, breach.unitID) }) {
        people[index].perUnit[slot].count += 1
      } else {
        people[index].perUnit.append((breach.unitID, 1))
      }
    }
    let quarter = report.period.description
    people.sort { a, b in a.breaches != b.breaches ? a.breaches > b.breaches : byteOrder(a.id, b.id) }
    for person in people {
      let id = person.id
      // The unit holding most of the person's breaches; ties go to the smallest id. Breaches
      // without a unit take part only when none of the person's has one (SPEC §7.23).
      let withUnit = person.perUnit.filter { !$0.unit.isEmpty }
      let unit = (withUnit.isEmpty ? person.perUnit : withUnit).min { a, b in
        a.count != b.count ? a.count > b.count : byteOrder(a.unit, b.unit)
      }!.unit
      csv.row(
        [
          quarter, CellFormat.spreadsheetSafe(id), CellFormat.spreadsheetSafe(unit),
          String(person.breaches), person.compensation.description,
        ] + person.perRule.map { String($0) })
    }
    return csv
  }
}

