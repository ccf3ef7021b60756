/// `pledge show case|unit|person ID`
struct ShowCommand: Command {
  static let name = "show"
  static let summary = "the current state of a case, unit or person, with every obligation"
  static let usage = """
    Usage: pledge show case|unit|person ID [--quarter Q] [--format text|csv|json]
                       [--as-of TIME] [--batch N] [--store DIR] [rule options]

    case ID    a call (with each of its dispatches), a dispatch, a visit, a complaint or a
               duty: its recorded values, its obligations, and every rule of its source
               that does not apply to it, with the reason (a value not known, or one that
               rules it out)
    unit ID    a unit: its register entry and the obligations of its records
    person ID  a key person's register entry and monthly visits, and the obligations the
               person is responsible for

    Each obligation shows its start, deadline, done time, state (met, breached, open, exempt)
    and lateness at the evaluation instant. --quarter limits a unit's or person's obligations
    to one quarter. --format csv prints the obligations as CSV.
    """
  static let options =
    [
      OptionSpec("--quarter", value: "Q", "only obligations starting in quarter Q"),
      OptionSpec("--format", value: "FORMAT", "text (default), csv or json"),
    ] + EvaluationOptions.specs

  enum Subject: String { case `case`, unit, person }
  enum Format { case text, csv, json }

  let subject: Subject
  let id: String
  let quarter: Quarter?
  let format: Format
  let evaluation: EvaluationOptions

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.count == 2, let subject = Subject(rawValue: arguments.positionals[0]) else {
      throw Self.usageError("expected 'case ID', 'unit ID' or 'person ID'")
    }
    self.subject = subject
    id = arguments.positionals[1]
    if let text = arguments.value("--quarter") {
      guard let quarter = Quarter(text) else {
        throw Self.usageError("--quarter: expected a quarter like 2026Q1, got \(quoted(text))")
      }
      self.quarter = quarter
    } else {
      quarter = nil
    }
    switch arguments.value("--format") ?? "text" {
    case "text": format = .text
    case "csv": format = .csv
    case "json": format = .json
    case let other: throw Self.usageError("unknown format '\(other)'; use text, csv or json")
    }
    evaluation = try EvaluationOptions(arguments, environment: environment, command: Self.name)
  }

  /// One record shown: its values, its obligations and the rules that do not apply to it.
  struct Section {
    let title: String
    let fields: [(String, String)]
    var obligations: [Obligation]
    var inapplicable: [(rule: RuleID, why: Inapplicability)] = []
  }

  func run(_ console: Console) throws -> ExitCode {
    let evaluation = try self.evaluation.evaluation()
    let projection = evaluation.projection
    var sections: [Section] = []
    switch subject {
    case .case:
      sections = try Self.caseSections(id, evaluation)
      guard !sections.isEmpty else {
        throw Diagnostic(
          "no call, dispatch, visit, complaint or duty '\(id)' in the store; check the id (a key"
            + " person: 'pledge show person')")
      }
    case .unit:
      let unit = projection.units[id]
      var obligations: [Obligation] = []
      try evaluation.forEachObligation(.init(quarter: quarter, unitID: id)) { obligations.append($0) }
      guard unit != nil || !obligations.isEmpty else {
        throw Diagnostic("no unit '\(id)' in the register and no obligations of it; check the id")
      }
      sections = [
        Section(
          title: "unit \(id)" + (unit == nil ? " (not in the units register)" : ""),
          fields: unit.map { Self.fields($0, Schemas.units) } ?? [], obligations: obligations)
      ]
    case .person:
      let person = projection.persons[id]
      var obligations: [Obligation] = []
      try evaluation.forEachObligation(.init(quarter: quarter, personID: id)) { obligations.append($0) }
      guard person != nil || !obligations.isEmpty else {
        throw Diagnostic("no key person '\(id)' and no obligations of a person '\(id)'; check the id")
      }
      sections = [
        Section(
          title: "person \(id)" + (person == nil ? " (not a registered key person)" : ""),
          fields: person.map { Self.fields($0, Schemas.keypersons) } ?? [], obligations: obligations)
      ]
    }
    for i in sections.indices {
      sections[i].obligations.sort { ($0.rule, $0.start, $0.recordID) < ($1.rule, $1.start, $1.recordID) }
    }
    switch format {
    case .csv: try console.write(Self.csv(sections.flatMap(\.obligations)).bytes)
    case .json: try console.write(sections.map { Self.json($0, evaluation.asOf) + "\n" }.joined())
    case .text: try console.write(sections.map { Self.text($0, evaluation.asOf) }.joined(separator: "\n"))
    }
    return .success
  }

  /// Every record with this id that can hold obligations: a call (then its dispatches, each
  /// with its own obligations), a dispatch, a visit, a complaint, a duty. Ids of different
  /// sources are separate key spaces (SPEC §7.35), so several may show.
  static func caseSections(_ id: String, _ evaluation: Evaluation) throws -> [Section] {
    let projection = evaluation.projection
    var sections: [Section] = []
    func add<R: Record>(_ kind: String, _ record: R?, _ schema: SourceSchema<R>, _ source: Source) throws {
      guard let record else { return }
      sections.append(
        Section(
          title: "\(kind) \(record.id)", fields: fields(record, schema),
          obligations: try evaluation.obligations(of: source, id: record.id),
          inapplicable: evaluation.inapplicableRules(of: source, id: record.id)))
    }
    try add("call", projection.calls[id], Schemas.calls, .calls)
    // A dispatch carrying its call's id is shown once, with the call.
    var shownDispatches = Set<ByteKey>()
    if projection.calls[id] != nil {
      for dispatch in projection.dispatches(ofCall: id) {
        try add("dispatch", dispatch, Schemas.dispatches, .dispatches)
        shownDispatches.insert(ByteKey(dispatch.id))
      }
    }
    if let dispatch = projection.dispatches[id], !shownDispatches.contains(ByteKey(dispatch.id)) {
      try add("dispatch", dispatch, Schemas.dispatches, .dispatches)
    }
    try add("visit", projection.visits[id], Schemas.visits, .visits)
    try add("complaint", projection.complaints[id], Schemas.complaints, .complaints)
    try add("duty", projection.duties[id], Schemas.duties, .duties)
    return sections
  }

  static func fields<R: Record>(_ record: R, _ schema: SourceSchema<R>) -> [(String, String)] {
    [(schema.key.name, record.id)]
      + schema.fields.compactMap { field in
        record[fact: field.fact].map { (field.column.name, $0.displayText) }
      }
  }

  static let obligationColumns = [
    "record_id", "rule", "unit_id", "person_id", "started_at", "deadline", "done_at", "state",
    "late_seconds", "late_days", "compensation_cny",
  ]

  static func row(_ o: Obligation) -> [String] {
    [
      o.recordID, o.rule.rawValue, o.unitID, o.personID ?? "", o.start.description,
      o.deadline?.description ?? "", o.done?.description ?? "", o.state.rawValue,
      o.lateSeconds.map { String($0) } ?? "", o.lateDays.map { String($0) } ?? "",
      o.compensation.description,
    ]
  }

  static func csv(_ obligations: [Obligation]) -> CSVWriter {
    var csv = CSVWriter()
    csv.row(obligationColumns)
    for o in obligations { csv.row(row(o)) }
    return csv
  }

  static func json(_ section: Section, _ asOf: Instant) -> String {
    var record = JSONObject()
    for (name, value) in section.fields { record.add(name, value) }
    var object = JSONObject()
    object.add("subject", section.title)
    object.add("as_of", asOf.description)
    object.add("record", raw: record.rendered)
    object.add("obligations", raw: jsonArray(section.obligations.map { o in
      var item = JSONObject()
      for (name, value) in zip(obligationColumns, row(o)) { item.add(name, value.isEmpty ? nil : value) }
      return item.rendered
    }))
    object.add("does_not_apply", raw: jsonArray(section.inapplicable.map { entry in
      var item = JSONObject()
      item.add("rule", entry.rule.rawValue)
      item.add("reason", entry.why.reason)
      item.add("detail", entry.why.detail)
      item.add("value_not_known", entry.why.isUnknownValue)
      return item.rendered
    }))
    return object.rendered
  }

  static func text(_ section: Section, _ asOf: Instant) -> String {
    let fields = section.fields
    var text = section.title + "\n"
    let width = fields.map(\.0.count).max() ?? 0
    for (name, value) in fields {
      text += "  " + name + String(repeating: " ", count: width - name.count + 2) + value + "\n"
    }
    text += "obligations at \(asOf): \(section.obligations.count)\n"
    for o in section.obligations {
      var line = "  \(o.rule.rawValue)  \(o.recordID)  start \(o.start)"
      if let deadline = o.deadline { line += "  deadline \(deadline)" }
      if let done = o.done { line += "  done \(done)" }
      line += "  \(o.state.rawValue)"
      if let late = o.lateSeconds { line += "  late \(late) s" }
      if let days = o.lateDays { line += " (\(days) day\(days == 1 ? "" : "s"))" }
      if o.compensation.fen > 0 { line += "  owes \(o.compensation) yuan" }
      text += line + "\n"
    }
    for (rule, why) in section.inapplicable {
      text += "  \(rule.rawValue): does not apply: \(why.description)\n"
    }
    return text
  }
}
