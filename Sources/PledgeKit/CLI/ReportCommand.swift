/// `pledge report KIND --quarter Q` (or `--year Y`)
struct ReportCommand: Command {
  static let name = "report"
  static let summary =
    "write a report as CSV (compliance, penalties, people, disclosure, ranking, obligations, all)"
  static let usage = """
    Usage: pledge report KIND --quarter Q|--year Y [--out FILE] [--bom] [--encoding utf8|gb18030]
                         [--as-of TIME] [--batch N] [--store DIR]
           pledge report all --quarter Q|--year Y --dir DIR [...]
           pledge report dashboard --quarter Q|--year Y [--out FILE.html] [--lang zh|en] [...]

    KIND is compliance, penalties, people, disclosure, ranking or obligations (every obligation
    with its state, for pivot tables and DuckDB). The report goes to standard output, or to
    FILE (written to a temporary file and renamed, so no reader sees half of it). 'all'
    evaluates once and writes every report into DIR (created when missing) as
    KIND-2026Q1.csv. --year 2026 reports the whole year (the year-end evaluation, 年终总评):
    the obligations that start in it; the quarter column then reads 2026.

    'dashboard' writes one self-contained HTML page of the period (headline figures, the
    ranking, a heat map of units and rules, breaches per rule and month, what falls due next):
    no script, nothing fetched from a network, printable on A4 landscape. Chinese by default,
    --lang en for English. Its numbers are those of the CSV reports of the same evaluation.

    Obligations are evaluated at --as-of TIME (or a DATE, meaning 00:00:00), by default at the
    latest business time the store records, so the same store always gives the same bytes.
    --batch N replays only the first N batches: the report as it stood then.

    A deadline in a year the working-day calendar does not cover fails the report, naming the
    year and how many obligations need it; add the year with 'pledge ingest calendar
    YEAR.csv'. The disclosure report needs no deadline and never fails on the calendar; 'all'
    still writes it.

    Cells copied from input text (ids, summaries) that begin with = + - @, a tab or a carriage
    return are written with a leading ' so spreadsheets never run them as formulas.
    """
  static let options =
    [
      OptionSpec("--quarter", value: "Q", "the quarter, e.g. 2026Q1"),
      OptionSpec("--year", value: "Y", "a whole year, e.g. 2026 (instead of --quarter)"),
      OptionSpec("--out", value: "FILE", "write to FILE instead of standard output"),
      OptionSpec("--dir", value: "DIR", "with 'all': the directory for the report files"),
      OptionSpec("--bom", "start the file with a UTF-8 byte-order mark (for Excel)"),
      OptionSpec("--encoding", value: "ENC", "utf8 (default) or gb18030"),
      OptionSpec("--lang", value: "LANG", "with 'dashboard': zh (default) or en"),
    ] + EvaluationOptions.specs

  let kinds: [ReportKind]
  let isAll: Bool
  let period: ReportPeriod
  let out: String?
  let directory: String?
  let byteOrderMark: Bool
  let encoding: TextEncoding
  let evaluation: EvaluationOptions
  // The dashboard is an HTML page, not one of the CSV reports of ReportKind.
  /// The page's language when the kind is `dashboard`; nil for the CSV reports.
  let dashboardLanguage: DashboardLanguage?

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    let names = ReportKind.allCases.map(\.rawValue) + ["all", "dashboard"]
    guard let kindName = arguments.positionals.first else {
      throw Self.usageError("name a report: " + names.joined(separator: ", "))
    }
    guard arguments.positionals.count == 1 else {
      throw Self.usageError("unexpected argument '\(arguments.positionals[1])'")
    }
    if kindName == "all" {
      isAll = true
      kinds = ReportKind.allCases
    } else if kindName == "dashboard" {
      isAll = false
      kinds = []
    } else if let kind = ReportKind(rawValue: kindName) {
      isAll = false
      kinds = [kind]
    } else {
      var message = "unknown report '\(kindName)'"
      if let guess = nearest(to: kindName, among: names) { message += "; did you mean '\(guess)'?" }
      throw Self.usageError(message)
    }
    period = try Self.period(arguments)
    out = arguments.value("--out")
    directory = arguments.value("--dir")
    if isAll {
      guard directory != nil else { throw Self.usageError("'report all' needs --dir DIR") }
      guard out == nil else { throw Self.usageError("'report all' writes into --dir, not --out") }
    } else if directory != nil {
      throw Self.usageError("--dir goes with 'report all'; use --out FILE for one report")
    }
    byteOrderMark = arguments.has("--bom")
    if let name = arguments.value("--encoding") {
      guard let encoding = TextEncoding(option: name) else {
        throw Self.usageError("unknown encoding '\(name)'; use utf8 or gb18030")
      }
      self.encoding = encoding
    } else {
      encoding = .utf8
    }
    if byteOrderMark, encoding == .gb18030 {
      throw Self.usageError(
        "--bom is a UTF-8 byte-order mark and GB18030 has none; use --bom for Excel with UTF-8,"
          + " or --encoding gb18030 alone")
    }
    evaluation = try EvaluationOptions(arguments, environment: environment, command: Self.name)
    if kindName == "dashboard" {
      guard !byteOrderMark, arguments.value("--encoding") == nil else {
        throw Self.usageError(
          "--bom and --encoding are for CSV reports; the dashboard is UTF-8 HTML")
      }
      let name = arguments.value("--lang") ?? DashboardLanguage.zh.rawValue
      guard let language = DashboardLanguage(rawValue: name) else {
        throw Self.usageError("--lang: expected zh or en, got \(quoted(name))")
      }
      dashboardLanguage = language
    } else {
      guard !arguments.has("--lang") else {
        throw Self.usageError("--lang goes with 'report dashboard'; CSV reports have no language")
      }
      dashboardLanguage = nil
    }
  }

  /// `--quarter Q` or `--year Y`, exactly one of them (SPEC §7.40).
  static func period(_ arguments: ParsedArguments) throws(Diagnostic) -> ReportPeriod {
    switch (arguments.value("--quarter"), arguments.value("--year")) {
    case (nil, nil):
      throw usageError("--quarter or --year is required, e.g. --quarter 2026Q1 or --year 2026")
    case (_?, _?):
      throw usageError("--quarter and --year exclude each other; give one")
    case (let text?, nil):
      guard let quarter = Quarter(text) else {
        throw usageError("--quarter: expected a quarter like 2026Q1, got \(quoted(text))")
      }
      return .quarter(quarter)
    case (nil, let text?):
      guard let period = ReportPeriod(year: text) else {
        throw usageError("--year: expected a year like 2026, got \(quoted(text))")
      }
      return period
    }
  }

  /// What the asked-for reports need evaluated.
  private var scope: PeriodReport.Scope {
    if dashboardLanguage != nil { return .summaries }
    return kinds.map(\.scope).max() ?? .summaries
  }

  func run(_ console: Console) throws -> ExitCode {
    Timings.mark("start")
    if let directory { try OutputFile.prepareDirectory(directory) }
    let evaluated = try evaluation.evaluation(for: period)
    Timings.mark("load the store")
    if let warning = CalendarHorizon.warning(
      latestBusinessTime: evaluated.projection.latestBusinessTime,
      coveredYears: evaluated.calendar.coveredYears)
    {
      console.note(warning)
    }
    let report: PeriodReport
    do {
      report = try PeriodReport(evaluation: evaluated, period: period, scope: scope)
    } catch let gaps as CalendarGaps {
      // What needs no deadline is still written (SPEC §7.36): the disclosure report.
      if kinds.contains(.disclosure), kinds.count > 1 {
        let fines = try PeriodReport(evaluation: evaluated, period: period, scope: .finesOnly)
        try write([.disclosure], fines, console)
      }
      throw gaps
    }
    ProcessLifetime.keepUntilExit((evaluated, report))
    Timings.mark("evaluate \(period)")
    // A rule gone silent for want of a value says so (SPEC 6).
    if scope != .finesOnly {
      for warning in evaluated.silentRuleWarnings(in: period, totals: report.totals) { console.note(warning) }
    }
    // The dashboard draws the same PeriodReport as the CSV reports, as one page.
    if let dashboardLanguage {
      let page = Dashboard(report: report, units: evaluated.projection.units.records).html(language: dashboardLanguage)
      if let out {
        try OutputFile.write(Array(page.utf8), to: out, durable: false)
      } else {
        try console.write(page)
      }
      return .success
    }
    try write(kinds, report, console)
    return .success
  }

  /// Renders `kinds` on every core (they share only the read-only evaluation), then writes
  /// them in order; the obligations report, a million rows a quarter in a city, is streamed
  /// to its file as its rows are put in order, while the others are rendered.
  private func write(_ kinds: [ReportKind], _ report: PeriodReport, _ console: Console) throws {
    let encoding = encoding
    let byteOrderMark = byteOrderMark
    let rendered = kinds.filter { $0 != .obligations }
    func path(_ kind: ReportKind) -> String? { directory.map { $0 + "/" + kind.fileName(for: period) } ?? out }
    func renderOthers() throws -> [[UInt8]] {
      let writers = ReportKind.render(rendered, report)
      let finished = try Parallel.map(writers.count) { i in
        try writers[i].finish(encoding: encoding, byteOrderMark: byteOrderMark)
      }
      Timings.mark("render \(rendered.map(\.rawValue).joined(separator: ", "))")
      return finished
    }
    // Reports are written aside and renamed (a reader never sees half of one) but not forced
    // to disk: they are derived from the store and the next run writes them again.
    let obligations = { (emit: ([UInt8]) throws -> Void) throws in
      try ObligationsReport.stream(report, encoding: encoding, byteOrderMark: byteOrderMark, emit)
      Timings.mark("render and write obligations")
    }
    var finished: [[UInt8]]
    if kinds.contains(.obligations), let file = path(.obligations) {
      (finished, _) = try Parallel.pair(renderOthers, { try OutputFile.write(to: file, durable: false, obligations) })
    } else {
      finished = try renderOthers()
    }
    for kind in kinds {
      let path = path(kind)
      if kind == .obligations {
        if path == nil { try obligations { try console.write($0) } }
      } else {
        let bytes = finished[rendered.firstIndex(of: kind)!]
        if let path {
          try OutputFile.write(bytes, to: path, durable: false)
        } else {
          try console.write(bytes)
        }
      }
      if directory != nil, let path { console.note("wrote \(path)") }
    }
  }
}
