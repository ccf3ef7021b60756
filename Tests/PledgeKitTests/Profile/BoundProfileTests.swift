import Testing

@testable import PledgeKit

/// A profile bound to an export's header and read record by record (SPEC 1.5): placeholders,
/// templates, constants, maps, patterns, the zone, and what is not known.
@Suite struct BoundProfileTests {
  // MARK: Binding

  @Test func headerNamesMatchTrimmedAndIgnoringCase() throws {
    let parsed = try profile(
      "source = dispatches\ndispatch_id = {call number}-{UNIT ID}\nunit_id = {Unit ID}")
    let bound = try parsed.bind(
      header: ["\u{FEFF} Call Number ", "Other", "unit id  "], fileName: "cad.csv")
    #expect(bound.headerColumnsRead == [0, 2])
    #expect(bound.mappingIndex(forColumn: "unit_id") == 1)
    #expect(bound.mappingIndex(forColumn: "call_id") == nil)
    #expect(bound.headerColumn(ofMapping: 0) == 0)
    #expect(bound.headerColumn(ofMapping: 1) == 2)
  }

  /// A placeholder for a column the export lacks refuses the file at the profile's line and
  /// column, listing the export's header.
  @Test func missingColumn() throws {
    let parsed = try profile(
      "source = dispatches\n\ndispatch_id = {Call Number}-{Unit Id}\n", name: "cad.profile")
    #expect(
      throws: Diagnostic(
        file: "cad.profile", line: 3, column: 29,
        "{Unit Id} names no column of export.csv; did you mean {Unit}? Its header is 'Call Number',"
          + " 'Unit', 'Received DtTm'; correct the placeholder or the export")
    ) {
      try parsed.bind(header: ["Call Number", "Unit", "Received DtTm"], fileName: "export.csv")
    }
  }

  @Test func longHeaderIsShortened() throws {
    let parsed = try profile("source = calls\ncall_id = {Nope}")
    let header = (1...80).map { "Column \($0)" }
    do {
      _ = try parsed.bind(header: header, fileName: "wide.csv")
      Issue.record("bound")
    } catch {
      #expect(error.message.contains("'Column 50', … (80 columns); correct the placeholder"))
      #expect(!error.message.contains("'Column 51'"))
    }
  }

  @Test func ambiguousColumn() throws {
    let parsed = try profile("source = calls\ncall_id = {ID}")
    #expect(
      throws: Diagnostic(
        file: "test.profile", line: 2, column: 11,
        "{ID} is ambiguous: columns 1, 3 of x.csv are all named so; rename them in the export")
    ) {
      try parsed.bind(header: ["ID", "Name", "id"], fileName: "x.csv")
    }
  }

  // MARK: Values

  /// `{Name}`, templates and constants: cells trimmed, any placeholder not known makes the
  /// value not known.
  @Test func templates() throws {
    let csv = """
      Call Number,Unit ID,Note
      C1,E12,x
       C2 , M7 ,x
      C3,,x
      C4,NULL,x
      \\N,E1,x
      C6,   ,x

      """
    let parsed = try profile(
      """
      source = dispatches
      dispatch_id = {Call Number}-{Unit ID}
      call_id = {Call Number}
      unit_id = Unit {Unit ID}!
      handler_id = "  fixed  "
      zone = ""
      cancelled = "NULL"
      """)
    #expect(
      try mappedTexts("dispatch_id", csv, through: parsed) == [
        "C1-E12", "C2-M7", "<not known>", "<not known>", "<not known>", "<not known>",
      ])
    #expect(
      try mappedTexts("call_id", csv, through: parsed) == [
        "C1", "C2", "C3", "C4", "<not known>", "C6",
      ])
    #expect(
      try mappedTexts("unit_id", csv, through: parsed) == [
        "Unit E12!", "Unit M7!", "<not known>", "<not known>", "Unit E1!", "<not known>",
      ])
    #expect(
      try mappedTexts("handler_id", csv, through: parsed) == Array(repeating: "fixed", count: 6))
    #expect(
      try mappedTexts("zone", csv, through: parsed) == Array(repeating: "<not known>", count: 6))
    #expect(
      try mappedTexts("cancelled", csv, through: parsed)
        == Array(repeating: "<not known>", count: 6))
  }

  /// A single placeholder is the cell itself, not a copy.
  @Test func singlePlaceholderReadsInPlace() throws {
    let parsed = try profile("source = calls\ncall_id = {B}")
    try eachRecord("A,B\nx, y \n", through: parsed) { bound, record, workspace in
      let text = try #require(bound.text(0, in: record, workspace: workspace))
      #expect(text.baseAddress == record[1].baseAddress! + 1)
      #expect(text.count == 1)
    }
  }

  /// Maps: exact match first, `*` for any other known value, unlisted values unchanged without
  /// `*`, `""` not known; quoted values with `,` `=` `"` and spaces.
  @Test func maps() throws {
    let csv = #"""
      Status,Priority
      Cancelled,3
      "Cancelled, by caller",2
      "a=b",1
      "say ""hi""",E
      n/a,
      On Scene,x
      cancelled,3
      ,3

      """#
    let parsed = try profile(
      #"""
      source = calls
      cancelled = {Status} map Cancelled=yes, "Cancelled, by caller"=yes, "a=b"="equals sign", "say ""hi"""="quote ""q""", "n/a"="", *=no
      unit_class = {Priority} map 3=1, E=""
      """#)
    #expect(
      try mappedTexts("cancelled", csv, through: parsed) == [
        "yes", "yes", "equals sign", "quote \"q\"", "<not known>", "no", "no", "<not known>",
      ])
    #expect(
      try mappedTexts("unit_class", csv, through: parsed) == [
        "1", "2", "1", "<not known>", "<not known>", "x", "1", "1",
      ])
  }

  /// Long maps are hashed rather than scanned; both find the same entries.
  @Test func longMap() throws {
    let entries = (1...40).map { "C\($0)=\"category \($0)\"" }.joined(separator: ", ")
    let parsed = try profile("source = calls\ncategory = {Code} map \(entries), *=other")
    let csv = "Code\n" + (0...42).map { "C\($0)" }.joined(separator: "\n") + "\n"
    #expect(
      try mappedTexts("category", csv, through: parsed)
        == ["other"] + (1...40).map { "category \($0)" } + ["other", "other"])
  }

  // MARK: Times

  static let cad = """
    source = dispatches
    timezone = America/Los_Angeles
    dispatched_at = {When} map "n/a"="" as %m/%d/%Y %I:%M:%S %p
    arrived_at = {When}
    """

  /// A pattern first, then the forms of SPEC 1.2; civil times in the zone; offsets kept.
  static let timestamps: [(String, String, String)] = [
    (
      "12/31/2016 11:57:56 PM", "2017-01-01 15:57:56",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    (
      "11/06/2016 01:30:00 AM", "2016-11-06 16:30:00 or 2016-11-06 17:30:00",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    (
      "03/13/2016 02:30:00 AM",
      "error: there was no time 2016-03-13 02:30:00 in America/Los_Angeles: the clocks went forward over it",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    (
      "2016-11-06 01:30:00", "2016-11-06 16:30:00 or 2016-11-06 17:30:00",
      "2016-11-06 16:30:00 or 2016-11-06 17:30:00"
    ),
    ("2016/12/31 23:57", "2017-01-01 15:57:00", "2017-01-01 15:57:00"),
    ("42735.5", "2017-01-01 04:00:00", "2017-01-01 04:00:00"),
    ("2016-11-06T01:30:00-08:00", "2016-11-06 17:30:00", "2016-11-06 17:30:00"),
    ("2016-03-13T02:30:00Z", "2016-03-13 10:30:00", "2016-03-13 10:30:00"),
    (
      "n/a", "<not known>",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    (
      "31.12.2016 23:57",
      "error: expected a time like 12/31/2016 11:57:56 PM (pattern %m/%d/%Y %I:%M:%S %p) or a form of SPEC 1.2",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    (
      "02/30/2016 11:57:56 PM", "error: there is no day 2016-02-30",
      "error: expected a time like 2026-03-05 14:03:22, 2026/3/5 14:03, 2026-03-05T14:03:22+08:00, 2026年3月5日 14:03 or an Excel serial number"
    ),
    ("2016-02-30 10:00", "error: there is no day 2016-02-30", "error: there is no day 2016-02-30"),
    // The range 1900–9999 is checked after conversion to China Standard Time.
    ("1899-12-31 15:00:00", "1900-01-01 07:00:00", "1900-01-01 07:00:00"),
    (
      "9999-12-31 09:00:00", "error: year 10000 is out of range (1900-9999)",
      "error: year 10000 is out of range (1900-9999)"
    ),
    (
      "2016-12-31T23:57:56+25:00", "error: expected a UTC offset like Z, +08:00 or -05:30",
      "error: expected a UTC offset like Z, +08:00 or -05:30"
    ),
  ]

  @Test(arguments: timestamps)
  func timestamp(cell: String, withPattern: String, withoutPattern: String) throws {
    let parsed = try profile(Self.cad)
    let csv = "When\n\"\(cell)\"\n"
    try eachRecord(csv, through: parsed) { bound, record, workspace in
      #expect(
        describe { () throws(ValueProblem) in
          try bound.timestamp(0, in: record, workspace: workspace)
        } == withPattern)
      #expect(
        describe { () throws(ValueProblem) in
          try bound.timestamp(1, in: record, workspace: workspace)
        } == withoutPattern)
    }
  }

  /// A column the profile does not map is read in the zone too.
  @Test func unmappedColumnInTheZone() throws {
    let parsed = try profile(Self.cad)
    try eachRecord("When\nx\n", through: parsed) { bound, _, workspace in
      let cell = Array("2016-11-06 01:30:00".utf8)
      let reading = cell.withUnsafeBytes { bytes in
        describe { () throws(ValueProblem) in try bound.timestamp(cell: bytes, workspace: workspace)
        }
      }
      #expect(reading == "2016-11-06 16:30:00 or 2016-11-06 17:30:00")
    }
  }

  /// Without a zone, a profile reads timestamps exactly as SPEC 1.2 does.
  @Test(arguments: [
    "2026-03-05 14:03:22", "2026-03-05 14:03", "2026/3/5 14:03", "2026-03-05T14:03:22.5Z",
    "2026-03-05T14:03:22+02:00", "2026年3月5日 14:03", "46086.5851", "1899-12-31 23:59:59",
    "2026-02-30 10:00", "2026-03-05 24:00", "10000-01-01 00:00", "60", "2026-03-05", "tomorrow",
    "9999-12-31T20:00:00-10:00",
  ])
  func sameAsSpecWithoutZone(cell: String) throws {
    let parsed = try profile("source = calls\nreceived_at = {T}")
    try eachRecord("T\n\"\(cell)\"\n", through: parsed) { bound, record, workspace in
      let viaProfile = describe { () throws(ValueProblem) in
        try bound.timestamp(0, in: record, workspace: workspace)
      }
      let direct: String
      do throws(ValueProblem) {
        direct = try TimeParser.timestamp(cell).description
      } catch {
        direct = "error: " + error.message
      }
      #expect(viaProfile == direct)
    }
  }

  /// A date where a timestamp may also be a date (the work ledger's `held_at`): its midnight.
  @Test func timestampAllowingDate() throws {
    let parsed = try profile(
      "source = activities\ntimezone = America/Los_Angeles\nheld_at = {Held} as %d.%m.%Y")
    let csv = "Held\n31.12.2016\n2016-12-31\n2016-02-30\nsoon\n"
    var readings: [String] = []
    try eachRecord(csv, through: parsed) { bound, record, workspace in
      readings.append(
        describe { () throws(ValueProblem) in
          try bound.timestamp(0, in: record, workspace: workspace, allowingDate: true)
        })
    }
    #expect(
      readings == [
        "2016-12-31 16:00:00", "2016-12-31 16:00:00", "error: there is no day 2016-02-30",
        "error: expected a time like 31.12.2016 (pattern %d.%m.%Y) or a form of SPEC 1.2",
      ])
  }

  @Test func dates() throws {
    let parsed = try profile(
      "source = keypersons\nenrolled_on = {On} as %d.%m.%Y\nreleased_on = {On}")
    let csv = "On\n31.12.2016\n2016/12/31\n2016年12月31日\n31.02.2016\n31.12.1899\n12/31/2016\nNULL\n"
    var dates: [String] = []
    try eachRecord(csv, through: parsed) { bound, record, workspace in
      for index in 0..<2 {
        do throws(ValueProblem) {
          dates.append(
            try bound.date(index, in: record, workspace: workspace)?.description ?? "<not known>")
        } catch {
          dates.append("error: " + error.message)
        }
      }
    }
    #expect(
      dates == [
        "2016-12-31", "error: expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日",
        "2016-12-31", "2016-12-31",
        "2016-12-31", "2016-12-31",
        "error: there is no day 2016-02-31",
        "error: expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日",
        "error: year 1899 is out of range (1900-9999)",
        "error: expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日",
        "error: expected a date like 31.12.2016 (pattern %d.%m.%Y) or a form of SPEC 1.2",
        "error: expected a date like 2026-03-05, 2026/3/5 or 2026年3月5日",
        "<not known>", "<not known>",
      ])
  }

  /// One workspace reads many rows; each mapping keeps its own buffer, so one template's value
  /// survives reading another.
  @Test func templatesKeepTheirOwnBuffers() throws {
    let parsed = try profile("source = dispatches\ndispatch_id = {A}-{B}\ncall_id = {B}/{A}/{B}")
    let long = String(repeating: "x", count: 300)
    try eachRecord("A,B\n1,2\n\(long),3\n", through: parsed) { bound, record, workspace in
      let first = try #require(bound.text(0, in: record, workspace: workspace))
      let second = try #require(bound.text(1, in: record, workspace: workspace))
      let a = record.string(0)
      let b = record.string(1)
      #expect(String(decoding: first, as: UTF8.self) == "\(a)-\(b)")
      #expect(String(decoding: second, as: UTF8.self) == "\(b)/\(a)/\(b)")
    }
  }
}
