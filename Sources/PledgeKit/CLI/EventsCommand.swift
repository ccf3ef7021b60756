/// `pledge events`
struct EventsCommand: Command {
  static let name = "events"
  static let summary = "print the event stream as JSON Lines, for pipelines"
  static let usage = """
    Usage: pledge events [--since-batch N] [--batch N] [--store DIR]

    One JSON object per line, oldest first, with stable field names:
      {"batch":3,"source":"calls","file":"calls-2026-02.csv","line":14,
       "type":"unitArrived","record":"JJ2026020301","value":"2026-02-03 10:05:00",
       "correction":false,"id":"3.14"}
    Times are China Standard Time, YYYY-MM-DD HH:MM:SS. --since-batch N prints only batches
    after N (for incremental loads); --batch N stops after batch N. The id is the batch and the
    event's position in it: unique in the store and the same on every run, so a consumer that
    loads increments can drop re-delivered events by id.
    """
  static let options = [
    CommonOptions.store,
    OptionSpec("--since-batch", value: "N", "only events of batches after N"),
    OptionSpec("--batch", value: "N", "only events of batches up to N"),
  ]

  let storeDirectory: String
  let since: Int
  let through: Int?

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.isEmpty else {
      throw Self.usageError("unexpected argument '\(arguments.positionals[0])'")
    }
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
    since = try CommonOptions.batchNumber(arguments, "--since-batch", command: Self.name) ?? 0
    through = try CommonOptions.batchNumber(arguments, "--batch", command: Self.name)
  }

  func run(_ console: Console) throws -> ExitCode {
    let store = try CommonOptions.openForReading(storeDirectory, through: through)
    // Straight from the log's bytes to JSON; the batches up to `since` are not read.
    console.widenOutputPipe()
    var writer = EventJSONWriter(console: console)
    do {
      try store.scan(after: since, through: through, into: &writer)
    } catch {
      try? writer.finish()
      throw error
    }
    try writer.finish()
    return .success
  }

  /// One event as a JSON object with the stable field names of `pledge events`; `position` is
  /// the event's 1-based place in its batch. (`EventJSONWriter` writes the same bytes straight
  /// from the log; this is the reference it is tested against.)
  static func json(_ recorded: RecordedEvent, position: Int, file: String) -> JSONObject {
    let event = recorded.event
    var object = JSONObject()
    object.add("batch", recorded.batch)
    object.add("source", event.kind.source.description)
    object.add("file", file)
    object.add("line", recorded.line)
    object.add("type", event.kind.name)
    object.add("record", event.recordID)
    switch event.value {
    case .none: object.add("value", raw: "null")
    case .integer(let n): object.add("value", n)
    case .flag(let b): object.add("value", b)
    default: object.add("value", event.value.displayText)
    }
    object.add("correction", recorded.isCorrection)
    object.add("id", "\(recorded.batch).\(position)")
    return object
  }
}

/// Numbers the events of a replay within their batch (1, 2, … per batch), for event ids.
struct BatchPositions {
  private var batch = 0
  private var position = 0

  mutating func next(_ recorded: RecordedEvent) -> Int {
    if recorded.batch != batch { (batch, position) = (recorded.batch, 0) }
    position += 1
    return position
  }
}
