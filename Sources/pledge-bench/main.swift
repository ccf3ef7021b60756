import Glibc
import PledgeKit

// Micro-benchmarks of the hot paths, used by scripts/bench.sh (release build):
//   pledge-bench read FILE          read every field of a CSV file; MB/s on one core
//   pledge-bench store N DIR        append N call events to a new store, replay them; events/s
//   pledge-bench evaluate STORE     fold the store and evaluate every obligation of every rule
//   pledge-bench ingest CALLS STORE the phases of one ingest: map and validate, hash, decide, append
//   pledge-bench foreign CALLS OUT PROFILE
//                                   the call log as a foreign export, and the profile reading it

func seconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
  let bytes = Array("pledge-bench: \(message)\n".utf8)
  _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  fail("usage: pledge-bench read FILE | store N DIR | evaluate STORE | ingest CALLS.csv STORE")
}

switch arguments[1] {
case "foreign":
  guard arguments.count >= 5 else { fail("usage: pledge-bench foreign CALLS.csv OUT.csv OUT.profile") }
  try ForeignCallLog.write(from: arguments[2], to: arguments[3], profile: arguments[4])

case "read":
  let opened = seconds()
  let input = try TextInput(path: arguments[2])
  let start = seconds()
  let reader = CSVReader(input.text)
  var record = CSVRecord()
  var records = 0
  var fields = 0
  var checksum = 0
  while try reader.read(into: &record) {
    records += 1
    for i in 0..<record.count {
      let field = record[i]
      fields += 1
      checksum &+= field.count &+ Int(field.first ?? 0)
    }
  }
  let elapsed = seconds() - start
  let megabytes = Double(input.text.count) / 1e6
  print(
    "read: \(records) records, \(fields) fields, \(String(format: megabytes)) MB in \(String(format: elapsed)) s"
      + " = \(String(format: megabytes / elapsed)) MB/s; with mapping and UTF-8 validation"
      + " \(String(format: megabytes / (seconds() - opened))) MB/s (checksum \(checksum))")

case "store":
  guard let count = Int(arguments[2]), arguments.count >= 4 else { fail("usage: pledge-bench store N DIR") }
  let directory = arguments[3]
  let store = try FileEventStore(writingTo: directory)
  let batchSize = 1_000_000
  let base = Instant(year: 2026, month: 1, day: 1)!
  let facts: [CallFact] = [.received, .answered, .ringsCounted, .categorized, .assigned, .located,
    .dispatched, .departed, .arrived, .reported, .takenBy]
  let categories = ["盗窃", "纠纷", "交通事故", "求助", "突发事件", "火警"]
  var appendTime = 0.0
  var buildTime = 0.0
  var written = 0
  var batch = 0
  while written < count {
    batch += 1
    let t0 = seconds()
    var draft = BatchDraft(
      provenance: BatchProvenance(
        source: .calls, fileName: "bench-\(batch).csv", sha256: "bench-\(batch)", ingestedAt: base))
    let n = min(batchSize, count - written)
    var call = written / facts.count
    var time = base.adding(seconds: Int64(call * 26))
    for i in 0..<n {
      let fact = facts[(written + i) % facts.count]
      if fact == .received {
        call += 1
        time = base.adding(seconds: Int64(call * 26))
      }
      let value: EventValue
      switch fact.valueType {
      case .instant: value = .instant(time.adding(seconds: Int64(fact.rawValue) * 40))
      case .integer: value = .integer(call % 5 + 1)
      case .zone: value = .zone(.urban)
      default:
        value = .text(fact == .categorized ? categories[call % 6] : fact == .assigned ? "PS-\(call % 40)" : "OP\(call % 90)")
      }
      draft.append(Event(.call(fact), "JJ\(20_260_000_000 + call)", value), line: call + 1, isCorrection: false)
    }
    draft.counts.newFacts = n
    let t1 = seconds()
    _ = try store.append(draft)
    let t2 = seconds()
    buildTime += t1 - t0
    appendTime += t2 - t1
    written += n
  }
  let size = Double(store.batches.last!.byteRange.upperBound)
  let reader = try FileEventStore(readingFrom: directory)
  let r0 = seconds()
  var replayed = 0
  var sum: Int64 = 0
  try reader.replay(through: nil, sources: nil) { event in
    replayed += 1
    if case .instant(let t) = event.event.value { sum &+= t.secondsSinceEpoch }
  }
  let replayTime = seconds() - r0
  print(
    "store: \(written) events; encode \(String(format: Double(written) / buildTime / 1e6)) M events/s,"
      + " append+fsync \(String(format: Double(written) / appendTime / 1e6)) M events/s,"
      + " encode+append \(String(format: Double(written) / (buildTime + appendTime) / 1e6)) M events/s;"
      + " replay (read, check, decode) \(String(format: Double(replayed) / replayTime / 1e6)) M events/s;"
      + " \(String(format: size / Double(written))) bytes/event (\(sum % 7))")

case "evaluate":
  // Without the snapshot cache: the whole log is folded.
  let t0 = seconds()
  let store = try FileEventStore(readingFrom: arguments[2])
  let projection = try store.projection(useCache: false)
  let t1 = seconds()
  let evaluation = try Evaluation(projection: projection, options: RuleOptions())
  let counts = try evaluation.stateCounts(in: nil)
  let t2 = seconds()
  let obligations = counts.values.reduce(0, +)
  print(
    "evaluate: fold of \(projection.eventCount) events \(String(format: t1 - t0)) s;"
      + " \(obligations) obligations of every rule evaluated in \(String(format: t2 - t1)) s;"
      + " together \(String(format: t2 - t0)) s (met \(counts[.met] ?? 0), breached \(counts[.breached] ?? 0),"
      + " open \(counts[.open] ?? 0), exempt \(counts[.exempt] ?? 0))")

case "ingest":
  // Phases of one ingest: map and validate, SHA-256, parse and decide, append.
  guard arguments.count >= 4 else { fail("usage: pledge-bench ingest CALLS.csv STORE") }
  let t0 = seconds()
  let input = try TextInput(path: arguments[2])
  let t1 = seconds()
  _ = input.sha256()
  let t2 = seconds()
  let store = try FileEventStore(writingTo: arguments[3])
  let session = IngestSession(store: store)
  let t3 = seconds()
  let result = try session.ingest(input, as: .calls, ingestedAt: Instant(secondsSinceEpoch: 0))
  let t4 = seconds()
  print(
    "ingest phases: map+validate \(String(format: t1 - t0)) s, sha256 \(String(format: t2 - t1)) s,"
      + " open store \(String(format: t3 - t2)) s, sha256+parse+decide+append \(String(format: t4 - t3)) s;"
      + " \(result.counts.newFacts) facts")

default:
  fail("unknown benchmark '\(arguments[1])'")
}

extension String {
  init(format value: Double) {
    let scaled = (value * 100).rounded()
    let whole = Int(scaled) / 100
    let fraction = abs(Int(scaled) % 100)
    self = "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
