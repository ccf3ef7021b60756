import Testing

@testable import PledgeKit

/// The example profiles of docs/profiles read their sample exports: every value of every row
/// through the profile and its column's parser, so the documentation cannot rot. The rows
/// rejected are the deliberately bad ones, for the reasons the README gives.
@Suite struct ProfileExamplesTests {
  /// Profile, export → the lines whose values are bad, and a part of each reason.
  static let examples: [(String, String, [Int: String])] = [
    (
      "110-jiechujing.profile", "110-jiechujing.csv",
      [
        10: "unit_class: expected one of 1 (一类), 2 (二类), 3 (三类)",
        13: "received_at: there is no day 2016-02-30",
      ]
    ),
    ("cad-calls.profile", "cad-export.csv", [:]),
    (
      "cad-dispatches.profile", "cad-export.csv",
      [
        16:
          "departed_at: expected a time like 12/31/2016 11:57:56 PM (pattern %m/%d/%Y %I:%M:%S %p) or a form of SPEC 1.2"
      ]
    ),
    (
      "12345-hotline.profile", "12345-hotline.csv",
      [
        4: "kind: expected one of report (举报投诉), pledge (违诺投诉)",
        8:
          "due_at: expected a time like 2016年12月31日23时 (pattern %Y年%m月%d日%H时) or a form of SPEC 1.2",
      ]
    ),
    (
      "window-visits.profile", "window-visits-gb18030.csv",
      [
        8: "started_at: expected a time like 2026-03-05 14:03:22",
        12: "matter: expected one of general (一般事项), commitment (承诺件)",
      ]
    ),
  ]

  @Test(arguments: examples)
  func example(profileName: String, exportName: String, expected: [Int: String]) throws {
    var bad: [Int: String] = [:]
    var rows = 0
    try read(profileName, exportName) { bound, record, workspace, _ in
      rows += 1
      if let problem = Self.firstProblem(bound, record, workspace) { bad[record.line] = problem }
    }
    #expect((10...30).contains(rows))
    #expect(bad.keys.sorted() == expected.keys.sorted(), "\(bad)")
    for (line, reason) in expected {
      #expect(bad[line]?.contains(reason) == true, "line \(line): \(bad[line] ?? "accepted")")
    }
  }

  /// The CAD export's fall-back night: a unit on scene at 01:03 after being sent at 01:53 was
  /// there after the clocks went back; a call wholly inside the hour is read as its first pass.
  @Test func cadFallBackNight() throws {
    let checks: [(later: Int, earlier: [Int])] = [(6, [2]), (7, [6, 2]), (8, [7])]
    var resolved: [Int: [String]] = [:]
    try read("cad-dispatches.profile", "cad-export.csv") { bound, record, workspace, columns in
      var times = [TimeReading?](repeating: nil, count: columns.count)
      for (index, column) in columns.enumerated() where column.hasSuffix("_at") {
        guard let mapping = bound.mappingIndex(forColumn: column) else { continue }
        times[index] = try? bound.timestamp(mapping, in: record, workspace: workspace)
      }
      let chosen = OverlapResolver.resolve(times, orderChecks: checks)
      resolved[record.line] = [2, 6, 7].map { chosen[$0]?.description ?? "-" }
    }
    // E03 and M07 of call 163110061: sent and under way in the first 01:5x, on scene in the second 01:0x.
    #expect(resolved[10] == ["2016-11-06 16:53:02", "2016-11-06 16:54:40", "2016-11-06 17:03:15"])
    #expect(resolved[11] == ["2016-11-06 16:53:05", "2016-11-06 16:55:20", "2016-11-06 17:09:48"])
    // E07: sent at 00:49 PDT, on scene at 01:01, the first 01:01.
    #expect(resolved[7] == ["2016-11-06 15:49:11", "2016-11-06 15:51:02", "2016-11-06 16:01:37"])
    // E21: nothing in the row tells which 01:1x it was; the earlier.
    #expect(resolved[13] == ["2016-11-06 16:15:41", "2016-11-06 16:16:30", "2016-11-06 16:21:05"])
    // The cancelled truck never arrived; after 02:00 PST the times are unique again.
    #expect(resolved[12] == ["2016-11-06 16:53:06", "2016-11-06 16:54:58", "-"])
    #expect(resolved[14] == ["2016-11-06 18:07:25", "2016-11-06 18:08:01", "2016-11-06 18:15:33"])
  }

  /// Columns the profile does not map are still found by name and alias (1.1): the visits
  /// ledger's 对象编号 is subject_id's alias.
  @Test func unmappedColumnsFoundByAlias() throws {
    var header: [String] = []
    let bytes = try exportBytes("window-visits-gb18030.csv", encoding: .gb18030)
    try bytes.withUnsafeBytes { raw in
      var record = CSVRecord()
      _ = try CSVReader(raw).read(into: &record)
      header = record.strings
    }
    let match = HeaderMatch(header: header, columns: Schemas.visits.columns)
    #expect(match.indices[Schemas.visits.columns.firstIndex { $0.name == "subject_id" }!] == 8)
  }

  // MARK: Reading

  static let directory = repositoryRoot + "/docs/profiles/"

  func exportBytes(_ name: String, encoding: TextEncoding?) throws -> [UInt8] {
    let raw = try readBytes(Self.directory + name)
    guard encoding == .gb18030 else { return raw }
    var utf8: [UInt8] = []
    try raw.withUnsafeBytes { bytes in try GB18030.decode(bytes) { utf8.append(contentsOf: $0) } }
    return utf8
  }

  /// Every data record of the export through the profile, with the source's columns.
  func read(
    _ profileName: String, _ exportName: String,
    _ body: (BoundProfile, CSVRecord, ProfileWorkspace, [String]) throws -> Void
  ) throws {
    let parsed = try ImportProfile.parse(
      try readBytes(Self.directory + profileName), name: profileName, columnsOf: SourceColumns.of)
    let columns = SourceColumns.of(parsed.source)!
    try parsed.checkPatterns(
      timeColumns: Set(columns.filter { $0.hasSuffix("_at") || $0.hasSuffix("_on") }))
    let bytes = try exportBytes(exportName, encoding: parsed.encoding)
    try bytes.withUnsafeBytes { raw in
      let reader = CSVReader(raw)
      var record = CSVRecord()
      guard try reader.read(into: &record) else { return }
      let bound = try parsed.bind(header: record.strings, fileName: exportName)
      let workspace = bound.makeWorkspace()
      while try reader.read(into: &record) {
        #expect(record.fault == nil)
        try body(bound, record, workspace, columns)
      }
    }
  }

  /// The first mapped value of the record its column's parser refuses: `column: reason`.
  static func firstProblem(
    _ bound: BoundProfile, _ record: CSVRecord, _ workspace: ProfileWorkspace
  ) -> String? {
    for (index, mapping) in bound.profile.mappings.enumerated() {
      let type = valueType(bound.profile.source, mapping.column)
      do throws(ValueProblem) {
        switch type {
        case .instant: _ = try bound.timestamp(index, in: record, workspace: workspace)
        case .date: _ = try bound.date(index, in: record, workspace: workspace)
        default:
          guard let text = bound.text(index, in: record, workspace: workspace) else { continue }
          _ = try CellParser.parse(text, as: type)
        }
      } catch {
        return "\(mapping.column): \(error.message)"
      }
    }
    return nil
  }

  /// The type of a canonical column (SPEC 1.3), as the schemas give it.
  static func valueType(_ source: String, _ column: String) -> ValueType {
    if column.hasSuffix("_at") { return .instant }
    if column.hasSuffix("_on") { return .date }
    switch column {
    case "rings", "inquiry_seconds", "committed_minutes", "by_day": return .integer
    case "unit_class", "class": return .unitClass
    case "zone": return .zone
    case "matter": return .matter
    case "cancelled", "in_scope", "serious", "explained": return .flag
    case "fine_cny": return .money
    case "kind":
      return source == "visits" ? .visitKind : source == "complaints" ? .complaintKind : .text
    default: return .text
    }
  }
}
