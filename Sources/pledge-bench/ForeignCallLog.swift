import PledgeKit

/// The call log as another system would export it, and the import profile that reads it back
/// (issue "Import profiles", speed): every column renamed, the unit class and zone coded in
/// the system's own words, every timestamp written `03/05/2026 02:03:22 PM`. Ingesting it
/// through the profile is timed against the same rows in Pledge's own format.
enum ForeignCallLog {
  /// Pledge's column → the foreign system's.
  static let names: [String: String] = [
    "call_id": "Incident No", "received_at": "Call Received", "answered_at": "Call Answered",
    "rings": "Ring Count", "inquiry_seconds": "Talk Seconds", "category": "Incident Type",
    "unit_id": "Responding Agency", "unit_class": "Agency Grade", "zone": "Area Type",
    "dispatched_at": "Dispatched", "departed_at": "En Route", "arrived_at": "On Scene",
    "reported_at": "Cleared", "operator_id": "Call Taker", "handler_id": "Officer",
    "cancelled": "Cancelled", "address": "Location", "remarks": "Notes",
  ]
  static let grades = ["1": "一级", "2": "二级", "3": "三级"]
  static let areas = ["urban": "市区", "suburb": "郊区", "rural": "农村地区", "island": "海岛"]
  static let times: Set<String> = ["received_at", "answered_at", "dispatched_at", "departed_at", "arrived_at", "reported_at"]

  static var profile: String {
    var text = "# The synthetic call log as a foreign system exports it (pledge-bench foreign).\nsource = calls\n\n"
    for column in ["call_id", "received_at", "answered_at", "rings", "inquiry_seconds", "category", "unit_id",
      "unit_class", "zone", "dispatched_at", "departed_at", "arrived_at", "reported_at", "operator_id",
      "handler_id", "cancelled"]
    {
      text += column + " = {" + names[column]! + "}"
      if column == "unit_class" { text += " map 一级=1, 二级=2, 三级=3" }
      if column == "zone" { text += " map 市区=urban, 郊区=suburb, 农村地区=rural, 海岛=island" }
      if times.contains(column) { text += " as %m/%d/%Y %I:%M:%S %p" }
      text += "\n"
    }
    return text
  }

  /// `2026-03-05 14:03:22` → `03/05/2026 02:03:22 PM`.
  static func usTime(_ iso: String) -> String {
    let b = Array(iso.utf8)
    guard b.count == 19 else { return iso }
    let hour = Int(b[11] - 48) * 10 + Int(b[12] - 48)
    let twelve = hour % 12 == 0 ? 12 : hour % 12
    var out: [UInt8] = [b[5], b[6], 0x2F, b[8], b[9], 0x2F, b[0], b[1], b[2], b[3], 0x20]
    out += [UInt8(48 + twelve / 10), UInt8(48 + twelve % 10)] + Array(b[13...18])
    out += Array((hour < 12 ? " AM" : " PM").utf8)
    return String(decoding: out, as: UTF8.self)
  }

  /// Rewrites the call log at `input` to `output` and writes the profile to `profilePath`.
  static func write(from input: String, to output: String, profile profilePath: String) throws {
    let source = try TextInput(path: input)
    let reader = CSVReader(source.text)
    var record = CSVRecord()
    guard try reader.read(into: &record) else { return }
    let header = record.strings
    var csv = CSVWriter()
    csv.row(header.map { names[$0] ?? $0 })
    while try reader.read(into: &record) {
      var row = record.strings
      for (i, column) in header.enumerated() where i < row.count {
        if times.contains(column) { row[i] = usTime(row[i]) }
        if column == "unit_class" { row[i] = grades[row[i]] ?? row[i] }
        if column == "zone" { row[i] = areas[row[i]] ?? row[i] }
      }
      csv.row(row)
    }
    try OutputFile.write(csv.bytes, to: output, durable: false)
    try OutputFile.write(Array(profile.utf8), to: profilePath, durable: false)
  }
}
