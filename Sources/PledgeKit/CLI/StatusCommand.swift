/// `pledge status`
struct StatusCommand: Command {
  static let name = "status"
  static let summary =
    "batches, events, records per source, business-time range, last ingest, calendar years"
  static let usage = """
    Usage: pledge status [--store DIR] [--format text|json]

    Reads the store without locking it and prints what it holds: batches, events, records per
    source, rejected rows, the range of business time, the last ingest, and the years the
    working-day calendar covers (bundled with Pledge, or ingested with 'pledge ingest
    calendar'). When the latest business time comes within 60 days of the end of the covered
    years, a warning on standard error says which year to add.
    """
  static let options = [
    CommonOptions.store,
    OptionSpec("--format", value: "FORMAT", "text (default) or json"),
  ]

  let storeDirectory: String
  let json: Bool

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.isEmpty else {
      throw Self.usageError("unexpected argument '\(arguments.positionals[0])'")
    }
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
    json = try OutputFormat.isJSON(arguments, command: Self.name)
  }

  func run(_ console: Console) throws -> ExitCode {
    let store = try FileEventStore(readingFrom: storeDirectory)
    var projection = Projection()
    try store.fold(through: nil, sources: nil, into: &projection)
    let earliest = projection.earliestBusinessTime
    let latest = projection.latestBusinessTime
    let records: [(Source, Int)] = [
      (.calls, projection.calls.count), (.dispatches, projection.dispatches.count),
      (.visits, projection.visits.count), (.complaints, projection.complaints.count),
      (.activities, projection.activities.count), (.units, projection.units.count),
      (.keypersons, projection.persons.count), (.duties, projection.duties.count),
      (.calendar, projection.calendarDays.count),
    ]
    let calendar = RuleOptions().calendar(with: projection.calendarDays)
    let years = YearRanges(calendar.coveredYears)
    let stored = YearRanges(Set(projection.calendarDays.records.compactMap { $0.date?.year }))
    if let warning = CalendarHorizon.warning(latestBusinessTime: latest, coveredYears: calendar.coveredYears) {
      console.note(warning)
    }
    let last = store.batches.last
    let rejected = store.batches.reduce(0) { $0 + $1.counts.rowsRejected }
    if json {
      var object = JSONObject()
      object.add("store", storeDirectory)
      object.add("batches", store.batches.count)
      object.add("events", projection.eventCount)
      var counts = JSONObject()
      for (source, count) in records { counts.add(source.description, count) }
      object.add("records", raw: counts.rendered)
      object.add("rows_rejected", rejected)
      object.add("earliest_business_time", earliest?.description)
      object.add("latest_business_time", latest?.description)
      object.add("calendar_years", years.description)
      object.add("calendar_years_in_store", stored.description)
      if let last {
        var batch = JSONObject()
        batch.add("batch", last.number)
        batch.add("source", last.provenance.source.description)
        batch.add("file", last.provenance.fileName)
        batch.add("sha256", last.provenance.sha256)
        batch.add("ingested_at", last.provenance.ingestedAt.description)
        object.add("last_ingest", raw: batch.rendered)
      } else {
        object.add("last_ingest", raw: "null")
      }
      if let damage = store.tailDamage { object.add("damage", damage.message) }
      try console.write(object.rendered + "\n")
      return .success
    }
    var text = "store: \(storeDirectory)\n"
    text += "batches: \(store.batches.count)\n"
    text += "events: \(projection.eventCount)\n"
    text += "records: " + records.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
    text += "rows rejected: \(rejected)\n"
    if let earliest, let latest {
      text += "business time: \(earliest) to \(latest)\n"
    } else {
      text += "business time: none\n"
    }
    text += "calendar: \(years.isEmpty ? "no year" : years.description)"
      + (stored.isEmpty ? " (bundled)" : " (bundled; \(stored) from the store)") + "\n"
    if let last {
      text += "last ingest: batch \(last.number), \(last.provenance.source) \(last.provenance.fileName),"
        + " at \(last.provenance.ingestedAt) (+08:00)\n"
    } else {
      text += "last ingest: none\n"
    }
    if let damage = store.tailDamage {
      text += "warning: \(damage.message); run 'pledge verify'\n"
    }
    try console.write(text)
    return .success
  }
}

/// Years as ranges: `2004–2026, 2028`.
struct YearRanges: CustomStringConvertible {
  let years: [Int]

  init(_ years: Set<Int>) { self.years = years.sorted() }

  var isEmpty: Bool { years.isEmpty }

  var description: String {
    var parts: [String] = []
    var index = 0
    while index < years.count {
      var end = index
      while end + 1 < years.count, years[end + 1] == years[end] + 1 { end += 1 }
      parts.append(end == index ? String(years[index]) : "\(years[index])–\(years[end])")
      index = end + 1
    }
    return parts.joined(separator: ", ")
  }
}

enum OutputFormat {
  /// `--format text|json` (or csv|json): true for json.
  static func isJSON(_ arguments: ParsedArguments, command: String, default: String = "text") throws(Diagnostic) -> Bool {
    let value = arguments.value("--format") ?? `default`
    switch value {
    case "json": return true
    case "text", "csv": return false
    default:
      throw Diagnostic(
        "unknown format '\(value)'; use \(`default`) or json; see 'pledge help \(command)'",
        exitCode: .usage)
    }
  }

  /// A table to standard output: CSV with a header, or with `json` one JSON object per row
  /// (JSON Lines) keyed by the header's names.
  static func writeTable(header: [String], rows: [[String]], json: Bool, to console: Console) throws {
    if json {
      for row in rows {
        var object = JSONObject()
        for (name, value) in zip(header, row) { object.add(name, value) }
        try console.write(object.rendered + "\n")
      }
      return
    }
    var csv = CSVWriter()
    csv.row(header)
    for row in rows { csv.row(row) }
    try console.write(csv.bytes)
  }
}
