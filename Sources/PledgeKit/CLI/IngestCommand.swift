import Glibc

/// `pledge ingest SOURCE FILE...`
struct IngestCommand: Command {
  static let name = "ingest"
  static let summary = "ingest exports of one source into the store (one batch per file)"
  static let usage = """
    Usage: pledge ingest SOURCE FILE... [--store DIR] [--encoding utf8|gb18030]
                         [--rejects FILE] [--summary text|json]
           pledge ingest [SOURCE] --profile PROFILE FILE... [...]

    SOURCE is calls, dispatches, visits, complaints, activities, units, keypersons, duties or
    calendar; FILE is a CSV export, or - for standard input. 'pledge columns SOURCE' lists
    the columns each source reads.

    Another system's export is read as it is through an import profile (--profile PROFILE): a
    small text file naming the source and, per Pledge column, the export's columns
    ({Call Number}-{Unit ID}), constants ("urban"), value maps (map 一级=1, *=3), time patterns
    (as %m/%d/%Y %I:%M:%S %p) and the export's time zone (timezone = America/Los_Angeles).
    Columns the profile does not map are still found by name. The same file through another
    profile is another batch. Examples: docs/profiles/.

    Each file becomes one batch, appended atomically. A file already ingested (same SHA-256)
    appends nothing; an overlapping export appends only facts not yet recorded; a different
    value for a recorded fact appends a correction; an empty cell never erases.

    Rejected rows go to the store's quarantine.csv (and to --rejects FILE) and the rest of the
    file is ingested. A file missing a required column, or with malformed CSV, is refused whole.
    One summary line per file goes to standard error (with --summary json, one JSON object per
    file goes to standard output). A file whose rows are all rejected is refused (nothing is
    appended; --rejects still receives them); a file with a header and no rows appends nothing.
    Rows that repeat an earlier row's key with other values are merged as corrections and
    counted in the summary: an export with one row per responding unit belongs in dispatches.

    A new year's working-day arrangements (published by the State Council each November) go in
    with 'pledge ingest calendar 2027.csv' (columns date,kind,name; kind off or work). When the
    store's business time nears the end of the covered years, every ingest warns.

    When writing to the store itself fails (a full disk, a file size limit), the failed batch
    is removed again and the remaining files are not attempted.

    Exit codes: 0 all ingested, 3 some rows rejected, 1 a file refused (no rows accepted, a
    missing column, malformed CSV) or the store could not be written, 4 the store is locked.
    """
  static let options = [
    CommonOptions.store,
    OptionSpec("--profile", value: "PROFILE", "read the files through an import profile (SPEC 1.5)"),
    OptionSpec("--encoding", value: "ENC", "read the files as utf8 or gb18030 (default: detect)"),
    OptionSpec("--rejects", value: "FILE", "also write the rejected rows to FILE (CSV)"),
    OptionSpec("--summary", value: "FORMAT", "text (default, standard error) or json (standard output)"),
  ]

  /// The source named on the command line; with a profile, nil means the profile's.
  let namedSource: Source?
  let profilePath: String?
  let files: [String]
  let storeDirectory: String
  let encoding: TextEncoding?
  let rejectsPath: String?
  let jsonSummary: Bool

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    profilePath = arguments.value("--profile")
    let first = arguments.positionals.first
    if let first, let source = Source(name: first) {
      namedSource = source
      files = Array(arguments.positionals.dropFirst())
    } else if let first, profilePath == nil || Self.looksLikeAMisspelledSource(first) {
      throw Self.usageError(Source.unknownNameMessage(first))
    } else if profilePath != nil {
      // The profile names the source.
      namedSource = nil
      files = arguments.positionals
    } else {
      throw Self.usageError("name a SOURCE (" + Source.allCases.map(\.description).joined(separator: ", ") + ")")
    }
    guard !files.isEmpty else { throw Self.usageError("name at least one FILE (or - for standard input)") }
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
    if let name = arguments.value("--encoding") {
      guard let encoding = TextEncoding(option: name) else {
        throw Self.usageError("unknown encoding '\(name)'; use utf8 or gb18030")
      }
      self.encoding = encoding
    } else {
      encoding = nil
    }
    rejectsPath = arguments.value("--rejects")
    switch arguments.value("--summary") ?? "text" {
    case "text": jsonSummary = false
    case "json": jsonSummary = true
    case let other: throw Self.usageError("unknown summary format '\(other)'; use text or json")
    }
  }

  /// With --profile SOURCE may be left out, so a first argument that is no source is a file;
  /// unless no such file exists and it reads like a source's name mistyped (`dispatchs`: no
  /// `.` or `/`, as a file name would have).
  private static func looksLikeAMisspelledSource(_ argument: String) -> Bool {
    argument != "-" && !argument.contains(".") && !argument.contains("/") && access(argument, F_OK) != 0
      && nearest(to: argument, among: Source.allCases.map(\.description)) != nil
  }

  /// The import profile, read before anything else: a profile that does not parse refuses
  /// every file before one is read (SPEC 1.5).
  private func loadProfile() throws(Diagnostic) -> ImportProfile? {
    guard let profilePath else { return nil }
    let profile = try ImportProfile.load(path: profilePath) { name in
      Source(name: name).map { Schemas.columns(of: $0).map(\.name) }
    }
    if let namedSource, namedSource.description != profile.source {
      throw Diagnostic(
        "SOURCE \(namedSource) does not match the profile's 'source = \(profile.source)' (\(profilePath));"
          + " leave SOURCE out, or use the profile written for \(namedSource)", exitCode: .usage)
    }
    return profile
  }

  func run(_ console: Console) throws -> ExitCode {
    let profile = try loadProfile()
    let source = namedSource ?? Source(name: profile!.source)!
    let encoding = self.encoding ?? profile?.encoding
    let store = try FileEventStore(writingTo: storeDirectory)
    if let note = store.recoveryNote { console.note("pledge: " + note) }
    let session = IngestSession(store: store)
    var exitCode = ExitCode.success
    var allRejections: [Rejection] = []
    for (position, file) in files.enumerated() {
      do {
        let input = try TextInput(path: file, encoding: encoding)
        session.writesSnapshots = position == files.count - 1  // the snapshot once, after the last file
        let result = try session.ingest(
          input, as: source, ingestedAt: CommonOptions.wallClock(), profile: profile)
        report(result, source: source, file: input.name, console)
        allRejections += result.rejections
        if result.status == .noRowAccepted {
          exitCode = .failure
        } else if !result.rejections.isEmpty, exitCode == .success {
          exitCode = .rowsRejected
        }
      } catch let diagnostic as Diagnostic {
        console.note(diagnostic.description + " (nothing of the file was appended)")
        try reportRefused(file, source, status: "refused", error: diagnostic.description, console)
        exitCode = .failure
      } catch let failure as StoreFailure {
        // The store itself failed (a full disk, a file size limit, an I/O error): the next
        // file would fail the same way, so none is tried.
        let rest = files[(position + 1)...]
        var line = failure.description
        if !rest.isEmpty {
          line += " (not attempted: " + rest.map(TextInput.displayName).joined(separator: ", ") + ")"
        }
        console.note(line)
        try reportRefused(file, source, status: "failed", error: failure.description, console)
        for skipped in rest {
          try reportRefused(skipped, source, status: "not_attempted", error: nil, console)
        }
        exitCode = .failure
        break
      }
    }
    if let rejectsPath {
      var writer = CSVWriter()
      writer.row(Rejection.quarantineHeader)
      for rejection in allRejections { rejection.write(to: &writer) }
      try OutputFile.write(writer.bytes, to: rejectsPath)
    }
    if let warning = calendarWarning(store) { console.note(warning) }
    ProcessLifetime.keepUntilExit(session)
    return exitCode
  }

  /// The calendar's end, once per run (SPEC 2.1): the store's latest business time against
  /// the years the bundled calendar and the store's own dates cover. Advisory: a store that
  /// cannot be read for it says nothing here (the next report or status says what is wrong).
  private func calendarWarning(_ store: FileEventStore) -> String? {
    guard let latest = try? store.latestBusinessTime(),
      let days = try? store.projection(sources: [.calendar], savingSnapshots: false).calendarDays
    else { return nil }
    let covered = RuleOptions().calendar(with: days).coveredYears
    return CalendarHorizon.warning(latestBusinessTime: latest, coveredYears: covered)
  }

  /// The JSON summary of a file that was not ingested.
  private func reportRefused(
    _ file: String, _ source: Source, status: String, error: String?, _ console: Console
  ) throws {
    guard jsonSummary else { return }
    var object = JSONObject()
    object.add("file", TextInput.displayName(file))
    object.add("source", source.description)
    object.add("status", status)
    if let error { object.add("error", error) }
    try console.write(object.rendered + "\n")
  }

  private func report(
    _ result: IngestSession.FileResult, source: Source, file: String, _ console: Console
  ) {
    let shown = 10
    for rejection in result.rejections.prefix(shown) { console.note(rejection.diagnostic.description) }
    if result.rejections.count > shown {
      let kept = result.status == .noRowAccepted
        ? (rejectsPath.map { "see \($0)" } ?? "give --rejects FILE to keep them")
        : "see quarantine.csv in the store"
      console.note("\(file): … and \(result.rejections.count - shown) more rejected rows; \(kept)")
    }
    let c = result.counts
    switch result.status {
    case .alreadyIngested(let batch):
      console.note("\(file): already ingested in batch \(batch) (same SHA-256); nothing appended")
    case .noRows:
      console.note("\(file): the file has a header and no rows; nothing appended")
    case .noRowAccepted:
      console.note(
        "\(file): error: none of its \(c.rowsRead) rows was accepted (reasons above), so the file is"
          + " refused and nothing appended; check that this is a \(source) export and that its"
          + " columns hold what their names say (pledge columns \(source))")
    case .ingested(let batch):
      var line = "\(file): batch \(batch): \(c.rowsRead) rows read, \(c.rowsAccepted) accepted,"
        + " \(c.rowsRejected) rejected; \(c.newFacts) new facts, \(c.corrections) corrections,"
        + " \(c.unchangedRows) rows unchanged"
      if !c.unknownColumns.isEmpty { line += "; unknown columns: " + c.unknownColumns.joined(separator: ", ") }
      console.note(line)
    }
    if c.repeatedKeys > 0, result.status != .noRowAccepted {
      console.note(
        "\(file): note: \(c.repeatedKeys) row\(c.repeatedKeys == 1 ? "" : "s") repeat the key of an earlier"
          + " row of the file with other values and were merged into it as corrections (later"
          + " rows win). If the export has one row per responding unit, ingest it as dispatches"
          + " ('pledge ingest dispatches') or key it with a profile (--profile)")
    }
    guard jsonSummary else { return }
    var object = JSONObject()
    object.add("file", file)
    object.add("source", source.description)
    switch result.status {
    case .ingested(let batch):
      object.add("status", "ingested")
      object.add("batch", batch)
    case .alreadyIngested(let batch):
      object.add("status", "already_ingested")
      object.add("batch", batch)
    case .noRows:
      object.add("status", "no_rows")
    case .noRowAccepted:
      object.add("status", "refused")
      object.add("error", "none of its \(c.rowsRead) rows was accepted")
    }
    object.add("rows_read", c.rowsRead)
    object.add("rows_accepted", c.rowsAccepted)
    object.add("rows_rejected", c.rowsRejected)
    object.add("new_facts", c.newFacts)
    object.add("corrections", c.corrections)
    object.add("unchanged_rows", c.unchangedRows)
    object.add("repeated_keys", c.repeatedKeys)
    object.add("unknown_columns", c.unknownColumns)
    try? console.write(object.rendered + "\n")
  }
}
