import PledgeKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// pledge-synth: writes seeded synthetic exports for benchmarks (see SynthOptions.usage).
func run() throws {
  let options = try SynthOptions(arguments: Array(CommandLine.arguments.dropFirst()))
  if options.wantsHelp {
    print(SynthOptions.usage)
    return
  }
  try makeDirectory(options.out)
  let span = Span(first: options.from, last: options.to)
  if !span.coversOnlyKnownYears {
    StandardError.note(
      "note: the bundled calendar covers 2020-2026; other years use Monday-Friday as working days")
  }
  let seed = options.seed
  let units = UnitRegister(count: options.units, seed: seed)
  func export(
    _ name: String, _ header: [String], split: ExportFile.Split = options.split,
    _ body: (ExportFile) throws -> Void
  ) throws {
    let file = try ExportFile(
      directory: options.out, name: name, header: header, span: span, split: split)
    try body(file)
    try file.finish()
  }

  if options.wants(.units) {
    try export("units", UnitRegister.header, split: .none) {
      try units.write(to: $0, on: span.first)
    }
  }
  let needsPersons = options.wants(.keypersons) || options.wants(.visits)
  let persons = KeyPersonRegister(
    count: needsPersons ? options.keyPersons : 0, units: units, span: span, seed: seed)
  if options.wants(.keypersons) {
    try export("keypersons", KeyPersonRegister.header, split: .none) {
      try persons.write(to: $0, units: units, on: span.first)
    }
  }
  let calls = CallExport(count: options.calls, span: span, units: units, seed: seed)
  if options.wants(.calls) {
    try export("calls", CallExport.header) { try calls.write(to: $0) }
  }
  if options.wants(.dispatches) {
    try export("dispatches", DispatchExport.header) {
      try DispatchExport(calls: calls, logRows: options.dispatchLog, seed: seed).write(to: $0)
    }
  }
  let needsComplaints = options.wants(.complaints) || options.wants(.visits)
  let complaints = ComplaintPlan(
    count: needsComplaints ? options.complaints : 0, units: units, span: span, seed: seed)
  if options.wants(.complaints) {
    try export("complaints", ComplaintExport.header) {
      try ComplaintExport(plan: complaints, units: units, seed: seed).write(to: $0)
    }
  }
  if options.wants(.visits) {
    let plan = VisitPlan(
      count: options.visits, units: units, persons: persons, complaints: complaints, span: span,
      seed: seed)
    try export("visits", VisitExport.header) {
      try VisitExport(
        plan: plan, units: units, persons: persons, complaints: complaints, seed: seed
      ).write(to: $0)
    }
  }
  let needsDuties = options.wants(.duties) || options.wants(.activities)
  let duties = DutyRegister(
    count: needsDuties ? options.duties : 0, units: units, span: span, seed: seed)
  if options.wants(.duties) {
    try export("duties", DutyRegister.header, split: .none) {
      try duties.write(to: $0, units: units, on: span.first)
    }
  }
  if options.wants(.activities) {
    let plan = LedgerPlan(
      count: options.activities, duties: duties, units: units, span: span, seed: seed)
    try export("activities", LedgerExport.header) {
      try LedgerExport(plan: plan, units: units).write(to: $0)
    }
  }
}

/// Creates `path` and any missing parents, like `mkdir -p`.
func makeDirectory(_ path: String) throws {
  var current = path.hasPrefix("/") ? "" : "."
  for part in path.split(separator: "/") {
    current += "/" + part
    if mkdir(current, 0o755) != 0 && errno != EEXIST {
      throw SynthError("cannot create directory \(current): \(String(cString: strerror(errno)))")
    }
  }
}

// Progress lines go to stderr; a reader that went away must not kill the generator.
signal(SIGPIPE, SIG_IGN)
do {
  try run()
} catch let error as SynthError {
  StandardError.note("pledge-synth: error: \(error.message)")
  exit(2)
} catch {
  StandardError.note("pledge-synth: error: \(error)")
  exit(2)
}
