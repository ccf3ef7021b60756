/// The options of every command that evaluates obligations: which store, which batches, which
/// instant, and the rule options.
struct EvaluationOptions {
  static let specs = [
    CommonOptions.store,
    OptionSpec("--as-of", value: "TIME", "evaluate at TIME (default: the latest business time)"),
    OptionSpec("--batch", value: "N", "replay only batches 1…N: what the store knew then"),
    OptionSpec(
      "--calendar", value: "FILE", repeatable: true,
      "add or correct working-day arrangements (CSV date,kind,name; kind off or work)"),
    OptionSpec("--working-hours", value: "SPEC", "office hours, default 08:30-12:00,14:00-17:30"),
    OptionSpec(
      "--emergency-categories", value: "LIST",
      "comma-separated emergency categories, default 突发事件,突发公共卫生事件,emergency"),
  ]

  let storeDirectory: String
  let asOf: Instant?
  let batch: Int?
  let calendarFiles: [String]
  let workingHours: WorkingHours
  let emergencyCategories: [String]

  init(_ arguments: ParsedArguments, environment: [String: String], command: String) throws(Diagnostic) {
    func usage(_ message: String) -> Diagnostic {
      Diagnostic(message + "; see 'pledge help \(command)'", exitCode: .usage)
    }
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
    if let text = arguments.value("--as-of") {
      do {
        asOf = try TimeParser.timestamp(text)
      } catch {
        throw usage("--as-of: \(error.message), got \(quoted(text))")
      }
    } else {
      asOf = nil
    }
    if let text = arguments.value("--batch") {
      guard let n = Int(text), n >= 0 else { throw usage("--batch needs a batch number, got \(quoted(text))") }
      batch = n
    } else {
      batch = nil
    }
    calendarFiles = arguments.all("--calendar")
    if let text = arguments.value("--working-hours") {
      guard let hours = WorkingHours(parsing: text) else {
        throw usage("--working-hours: expected intervals like 08:30-12:00,14:00-17:30, got \(quoted(text))")
      }
      workingHours = hours
    } else {
      workingHours = .standard
    }
    if let text = arguments.value("--emergency-categories") {
      let list = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
      guard !list.isEmpty else { throw usage("--emergency-categories needs at least one category") }
      emergencyCategories = list
    } else {
      emergencyCategories = RuleOptions.defaultEmergencyCategories
    }
  }

  /// The rule options, with calendar files read.
  func ruleOptions() throws(Diagnostic) -> RuleOptions {
    var calendar = WorkCalendar.bundled
    for file in calendarFiles { calendar = calendar.adding(try WorkCalendar.load(path: file)) }
    return RuleOptions(
      calendar: calendar, workingHours: workingHours, emergencyCategories: emergencyCategories)
  }

  /// Opens the store for reading and folds batches 1…N (all by default); with a quarter, only
  /// what evaluating that quarter needs is read from the cache.
  func projection(for quarter: Quarter? = nil) throws -> Projection {
    let store = try CommonOptions.openForReading(storeDirectory, through: batch)
    Timings.mark("index the log")
    if let batch, batch > store.batches.count {
      throw Diagnostic(
        "--batch \(batch): the store has only \(store.batches.count) batches", exitCode: .usage)
    }
    return try Projection.replaying(
      store, through: batch, materializing: quarter.map { .callsStartingIn($0) } ?? .everything)
  }

  func evaluation(for quarter: Quarter? = nil) throws -> Evaluation {
    try Evaluation(projection: try projection(for: quarter), options: try ruleOptions(), asOf: asOf)
  }
}
