@testable import PledgeKit

/// The canonical columns of the nine sources (SPEC 1.3, 1.3a, 1.3b, 2.1), as the ingester
/// will give them to `ImportProfile.parse`.
enum SourceColumns {
  static let bySource: [String: [String]] = [
    "calls": [
      "call_id", "received_at", "answered_at", "rings", "inquiry_seconds", "category", "unit_id",
      "unit_class", "zone", "dispatched_at", "departed_at", "arrived_at", "reported_at",
      "operator_id", "handler_id", "cancelled",
    ],
    "dispatches": [
      "dispatch_id", "call_id", "dispatched_at", "unit_id", "unit_class", "zone", "departed_at",
      "arrived_at", "reported_at", "handler_id", "cancelled",
    ],
    "visits": [
      "visit_id", "kind", "started_at", "ended_at", "unit_id", "staff_id", "subject_id", "case_id",
      "matter", "due_at",
    ],
    "complaints": [
      "complaint_id", "kind", "received_at", "channel", "unit_id", "handler_id", "against_unit_id",
      "against_person_id", "in_scope", "serious", "explained", "onsite_at", "notified_at",
      "replied_at", "closed_at", "due_at", "fine_cny", "summary",
    ],
    "activities": ["activity_id", "kind", "unit_id", "held_at", "topic"],
    "units": ["unit_id", "name", "class", "kind", "committed_minutes", "parent_id"],
    "keypersons": ["person_id", "category", "unit_id", "helper_id", "enrolled_on", "released_on"],
    "duties": [
      "duty_id", "unit_id", "kind", "every", "by_day", "clause", "starts_on", "ends_on",
    ],
    "calendar": ["date", "kind", "name"],
  ]

  static func of(_ source: String) -> [String]? { bySource[source] }
}

/// Parses a profile written in a test.
func profile(_ text: String, name: String = "test.profile") throws(Diagnostic) -> ImportProfile {
  try ImportProfile.parse(Array(text.utf8), name: name, columnsOf: SourceColumns.of)
}

/// The error a profile is refused with, as one line (or nil when it parses).
func profileError(_ text: String) -> String? {
  do {
    _ = try profile(text)
    return nil
  } catch {
    return error.description
  }
}

/// Reads `csv` (header first) and hands each data record to `body` with the profile bound to
/// the header and a workspace.
func eachRecord(
  _ csv: String, through profile: ImportProfile, fileName: String = "export.csv",
  _ body: (BoundProfile, CSVRecord, ProfileWorkspace) throws -> Void
) throws {
  let bytes = Array(csv.utf8)
  try bytes.withUnsafeBytes { raw in
    let reader = CSVReader(raw)
    var record = CSVRecord()
    guard try reader.read(into: &record) else { return }
    let bound = try profile.bind(header: record.strings, fileName: fileName)
    let workspace = bound.makeWorkspace()
    while try reader.read(into: &record) { try body(bound, record, workspace) }
  }
}

/// The value of `column` in every data record of `csv` through the profile: the mapped text,
/// or `<not known>`.
func mappedTexts(_ column: String, _ csv: String, through profile: ImportProfile) throws -> [String]
{
  var texts: [String] = []
  try eachRecord(csv, through: profile) { bound, record, workspace in
    let index = bound.mappingIndex(forColumn: column)!
    texts.append(
      bound.text(index, in: record, workspace: workspace).map {
        String(decoding: $0, as: UTF8.self)
      }
        ?? "<not known>")
  }
  return texts
}

/// `YYYY-MM-DD HH:MM:SS` of a reading, both instants of an overlap, or the problem's message.
func describe(_ reading: () throws(ValueProblem) -> TimeReading?) -> String {
  do {
    switch try reading() {
    case nil: return "<not known>"
    case .instant(let instant)?: return instant.description
    case .overlap(let earlier, let later)?: return "\(earlier) or \(later)"
    }
  } catch {
    return "error: " + error.message
  }
}
