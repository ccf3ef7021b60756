/// `pledge history ID`
struct HistoryCommand: Command {
  static let name = "history"
  static let summary = "every event about one record, corrections included, oldest first"
  static let usage = """
    Usage: pledge history ID [--format text|csv|json] [--batch N] [--store DIR]

    ID is the id of a record of any source: a call, dispatch, visit, complaint, activity, unit,
    key person, duty, or a calendar date (YYYY-MM-DD). Each event shows the batch and the file
    line it came from; a correction also shows the value it replaced.
    """
  static let options = [
    CommonOptions.store,
    OptionSpec("--format", value: "FORMAT", "text (default), csv or json (JSON Lines)"),
    OptionSpec("--batch", value: "N", "only batches up to N"),
  ]

  enum Format { case text, csv, json }

  let id: String
  let storeDirectory: String
  let format: Format
  let through: Int?

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.count == 1 else {
      throw Self.usageError(arguments.positionals.isEmpty ? "name a record ID" : "give one ID")
    }
    id = arguments.positionals[0]
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
    switch arguments.value("--format") ?? "text" {
    case "text": format = .text
    case "csv": format = .csv
    case "json": format = .json
    case let other: throw Self.usageError("unknown format '\(other)'; use text, csv or json")
    }
    through = try CommonOptions.batchNumber(arguments, "--batch", command: Self.name)
  }

  func run(_ console: Console) throws -> ExitCode {
    let store = try CommonOptions.openForReading(storeDirectory, through: through)
    let files = store.batches.map(\.provenance.fileName)
    var found: [(RecordedEvent, position: Int, previous: EventValue?)] = []
    var latest: [EventKind: EventValue] = [:]
    var positions = BatchPositions()
    try store.replay(through: through, sources: nil) { recorded in
      let position = positions.next(recorded)
      guard sameBytes(recorded.event.recordID, id) else { return }
      let kind = recorded.event.kind
      found.append((recorded, position, recorded.isCorrection ? latest[kind] : nil))
      latest[kind] = recorded.event.value
    }
    guard !found.isEmpty else {
      throw Diagnostic("no events about '\(id)' in \(storeDirectory); check the id with 'pledge events'")
    }
    switch format {
    case .json:
      for (recorded, position, previous) in found {
        var object = EventsCommand.json(recorded, position: position, file: files[recorded.batch - 1])
        if let previous { object.add("replaces", previous.displayText) }
        try console.write(object.rendered + "\n")
      }
    case .csv:
      var csv = CSVWriter()
      csv.row(["batch", "file", "line", "source", "type", "value", "correction", "replaces"])
      for (recorded, _, previous) in found {
        csv.row([
          String(recorded.batch), files[recorded.batch - 1], String(recorded.line),
          recorded.event.kind.source.description, recorded.event.kind.name,
          recorded.event.value.displayText, recorded.isCorrection ? "yes" : "no",
          previous?.displayText ?? "",
        ])
      }
      try console.write(csv.bytes)
    case .text:
      var text = ""
      for (recorded, _, previous) in found {
        text += "batch \(recorded.batch) \(files[recorded.batch - 1]):\(recorded.line)  "
          + recorded.event.kind.name
        let value = recorded.event.value.displayText
        if !value.isEmpty { text += " " + value }
        if let previous { text += "  (correction; was \(previous.displayText))" }
        text += "\n"
      }
      try console.write(text)
    }
    return .success
  }
}
