import Glibc

// A check of the import-profile hot path (SPEC 1.5), not part of the test suite; run it with
// scripts/profile-bench.sh [ROWS] [ZONE]. It times the row reader's work — read a record, parse
// every cell into a value — for a call log in Pledge's own columns and for the same calls
// exported by "another system" and read through a profile that renames every column, maps two
// value columns and parses every timestamp with a pattern, then the per-value costs.

func seconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let zoneLine = arguments.count > 2 ? "timezone = \(arguments[2])\n" : ""

let columns = [
  "call_id", "received_at", "answered_at", "rings", "inquiry_seconds", "category", "unit_id",
  "unit_class", "zone", "dispatched_at", "departed_at", "arrived_at", "reported_at",
  "operator_id", "handler_id", "cancelled",
]
let types: [ValueType] = [
  .text, .instant, .instant, .integer, .integer, .text, .text, .unitClass, .zone, .instant,
  .instant, .instant, .instant, .text, .text, .flag,
]
let foreignHeader = [
  "Incident No", "Call Received", "Answered", "Rings", "Talk Secs", "Nature", "Station",
  "Station Class", "Area", "Dispatched", "En Route", "On Scene", "Cleared", "Call Taker",
  "Officer", "Disposition",
]
let pattern = "%m/%d/%Y %I:%M:%S %p"
let profileText =
  "source = calls\n" + zoneLine
  + zip(columns, foreignHeader).enumerated().map { index, pair in
    let (column, header) = pair
    var line = "\(column) = {\(header)}"
    if types[index] == .instant { line += " as \(pattern)" }
    if column == "zone" { line += " map 市区=urban, 郊区=suburb, 农村=rural, 海岛=island" }
    if column == "cancelled" { line += " map 已撤警=yes, *=no" }
    return line
  }.joined(separator: "\n")

/// `12/31/2016 11:57:56 PM`.
func usTime(_ instant: Instant) -> String {
  let (y, m, d) = instant.date.components
  let s = instant.secondOfDay
  let h = s / 3600
  func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
  return "\(two(m))/\(two(d))/\(y) \(two(h % 12 == 0 ? 12 : h % 12)):\(two(s / 60 % 60)):"
    + "\(two(s % 60)) \(h < 12 ? "AM" : "PM")"
}

var ownText = columns.joined(separator: ",") + "\n"
var foreignText = foreignHeader.joined(separator: ",") + "\n"
let natures = ["盗窃", "纠纷", "交通事故", "求助", "突发事件", "火警"]
// June to September: no clock change in the zones worth trying.
let base = Instant(year: 2026, month: 6, day: 1)!.secondsSinceEpoch
for r in 0..<rows {
  let t = base + Int64(r) * 37
  let times = [t, t + 9, t + 70, t + 110, t + 400, t + 3000].map { Instant(secondsSinceEpoch: $0) }
  let cells = [
    "JJ\(20_260_000_000 + r)", "\(r % 5 + 1)", "\(60 + r % 90)", natures[r % 6], "PS-\(r % 40)",
    "\(r % 3 + 1)", "OP\(r % 90)", "MJ\(r % 300)",
  ]
  let own = [
    cells[0], times[0].description, times[1].description, cells[1], cells[2], cells[3], cells[4],
    cells[5], r % 4 == 0 ? "suburb" : "urban", times[2].description, times[3].description,
    times[4].description, times[5].description, cells[6], cells[7], r % 17 == 0 ? "yes" : "no",
  ]
  let foreign = [
    cells[0], usTime(times[0]), usTime(times[1]), cells[1], cells[2], cells[3], cells[4],
    cells[5], r % 4 == 0 ? "郊区" : "市区", usTime(times[2]), usTime(times[3]), usTime(times[4]),
    usTime(times[5]), cells[6], cells[7], r % 17 == 0 ? "已撤警" : "已反馈",
  ]
  ownText += own.joined(separator: ",") + "\n"
  foreignText += foreign.joined(separator: ",") + "\n"
}

/// Pledge's own columns, as the row reader reads them today.
func ownFormat(_ raw: UnsafeRawBufferPointer) throws -> Int {
  let reader = CSVReader(raw)
  var record = CSVRecord()
  _ = try reader.read(into: &record)
  var values = [EventValue?](repeating: nil, count: types.count)
  var checksum = 0
  while try reader.read(into: &record) {
    for i in 0..<types.count {
      values[i] = nil
      let cell = trimmedSpaces(record[i])
      if CellParser.isNotKnown(cell) { continue }
      values[i] = try CellParser.parse(cell, as: types[i])
    }
    checksum &+= String(decoding: trimmedSpaces(record[0]), as: UTF8.self).utf8.count
  }
  return checksum
}

/// The foreign export through the profile, as the row reader would read it.
func throughProfile(_ raw: UnsafeRawBufferPointer) throws -> Int {
  let profile = try ImportProfile.parse(Array(profileText.utf8), name: "bench.profile") { _ in
    columns
  }
  let reader = CSVReader(raw)
  var record = CSVRecord()
  _ = try reader.read(into: &record)
  let bound = try profile.bind(header: record.strings, fileName: "bench.csv")
  let workspace = bound.makeWorkspace()
  let mappingOf = columns.map { bound.mappingIndex(forColumn: $0)! }
  var values = [EventValue?](repeating: nil, count: types.count)
  var checksum = 0
  while try reader.read(into: &record) {
    for i in 0..<types.count {
      values[i] = nil
      if types[i] == .instant {
        switch try bound.timestamp(mappingOf[i], in: record, workspace: workspace) {
        case nil: continue
        case .instant(let t)?: values[i] = .instant(t)
        case .overlap(let earlier, _)?: values[i] = .instant(earlier)
        }
      } else {
        guard let cell = bound.text(mappingOf[i], in: record, workspace: workspace) else {
          continue
        }
        values[i] = try CellParser.parse(cell, as: types[i])
      }
    }
    let key = bound.text(mappingOf[0], in: record, workspace: workspace)!
    checksum &+= String(decoding: key, as: UTF8.self).utf8.count
  }
  return checksum
}

/// Both readings, alternately (the machine is shared: its speed drifts), `rounds` times: the
/// fastest of each, and the median of the rounds' ratios.
func compare(rounds: Int) throws -> (own: Double, profiled: Double, ratio: Double) {
  let ownBytes = Array(ownText.utf8)
  let foreignBytes = Array(foreignText.utf8)
  var ownBest = Double.infinity
  var profiledBest = Double.infinity
  var ratios: [Double] = []
  for _ in 0..<rounds {
    let t0 = seconds()
    _ = try ownBytes.withUnsafeBytes(ownFormat)
    let t1 = seconds()
    _ = try foreignBytes.withUnsafeBytes(throughProfile)
    let t2 = seconds()
    ownBest = min(ownBest, t1 - t0)
    profiledBest = min(profiledBest, t2 - t1)
    ratios.append((t2 - t1) / (t1 - t0))
  }
  return (ownBest, profiledBest, ratios.sorted()[rounds / 2])
}

let (own, profiled, ratio) = try compare(rounds: 11)
print(
  "\(rows) rows\(zoneLine.isEmpty ? "" : ", " + zoneLine.dropLast()): own columns"
    + " \(Int(own * 1000)) ms, through the profile \(Int(profiled * 1000)) ms (fastest of 11);"
    + " median ratio \(Double(Int(ratio * 100)) / 100) (reading and parsing only)")

/// Nanoseconds per call of `body`, best of 5 rounds of a million.
func perCall(_ body: () throws -> Int) rethrows -> Int {
  var fastest = Double.infinity
  var sink = 0
  for _ in 0..<5 {
    let start = seconds()
    for _ in 0..<1_000_000 { sink &+= try body() }
    fastest = min(fastest, seconds() - start)
  }
  return Int(fastest * 1000) + (sink == 42 ? 1 : 0)
}

let compiled = try TimePattern(pattern)
let usBytes = Array("03/05/2026 02:03:22 PM".utf8)
let isoBytes = Array("2026-03-05 14:03:22".utf8)
let matchNs = usBytes.withUnsafeBytes { b in
  perCall {
    if case .matched(let c) = compiled.view.match(b) { return Int(c.secondsSinceEpoch) }
    return 0
  }
}
let canonicalNs = try isoBytes.withUnsafeBytes { b in
  try perCall { Int(try TimeParser.timestamp(b).secondsSinceEpoch) }
}
print("per value: pattern \(pattern) \(matchNs) ns; 1.2's 2026-03-05 14:03:22 \(canonicalNs) ns")
