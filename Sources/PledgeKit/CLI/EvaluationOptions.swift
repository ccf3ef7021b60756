/// The options of every command that evaluates obligations: which store, which batches, which
/// instant, and the rule options.
struct EvaluationOptions {
  static let specs = [
    CommonOptions.store,
    OptionSpec("--as-of", value: "TIME", "evaluate at TIME or DATE (00:00:00; default: the latest business time)"),
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
        // A plain date means 00:00:00 of that day (SPEC §7.37).
        guard let date = try? TimeParser.date(text) else {
          throw usage("--as-of: \(error.message), or a date like 2026-06-01, got \(quoted(text))")
        }
        asOf = date.start
      }
    } else {
      asOf = nil
    }
    batch = try CommonOptions.batchNumber(arguments, "--batch", command: command)
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
    var overrides: [WorkCalendar.Entry] = []
    for file in calendarFiles { overrides += try WorkCalendar.load(path: file) }
    return RuleOptions(
      calendarOverrides: overrides, workingHours: workingHours,
      emergencyCategories: emergencyCategories)
  }

  /// Opens the store for reading and folds batches 1…N (all by default); with a period, only
  /// what evaluating that period needs is read from the cache.
  func projection(for period: ReportPeriod? = nil) throws -> Projection {
    let store = try CommonOptions.openForReading(storeDirectory, through: batch)
    Timings.mark("index the log")
    return try Projection.replaying(
      store, through: batch, materializing: period.map { .callsStartingIn($0) } ?? .everything)
  }

  func evaluation(for period: ReportPeriod? = nil) throws -> Evaluation {
    try Evaluation(projection: try projection(for: period), options: try ruleOptions(), asOf: asOf)
  }
}
