import Testing

@testable import PledgeKit

/// Profile files (SPEC 1.5): settings, mappings, comments, and every error, each naming the
/// profile's line and column.
@Suite struct ImportProfileTests {
  static let sanFrancisco = """
    # San Francisco Fire Department "Calls for Service": one row per responding unit
    source   = dispatches
    timezone = America/Los_Angeles

    dispatch_id   = {Call Number}-{Unit ID}
    call_id       = {Call Number}
    unit_id       = {Unit ID}
    dispatched_at = {Dispatch DtTm} as %m/%d/%Y %I:%M:%S %p
    departed_at   = {Response DtTm} as %m/%d/%Y %I:%M:%S %p
    arrived_at    = {On Scene DtTm} as %m/%d/%Y %I:%M:%S %p
    cancelled     = {Call Final Disposition} map Cancelled=yes, *=no
    unit_class    = {Priority} map 3=1, 2=2, *=3
    zone          = "urban"

    """

  @Test func specExample() throws {
    let parsed = try profile(Self.sanFrancisco, name: "sf.profile")
    #expect(parsed.name == "sf.profile")
    #expect(parsed.source == "dispatches")
    #expect(parsed.timeZone?.name == "America/Los_Angeles")
    #expect(parsed.encoding == nil)
    #expect(
      parsed.mappings.map(\.column) == [
        "dispatch_id", "call_id", "unit_id", "dispatched_at", "departed_at", "arrived_at",
        "cancelled", "unit_class", "zone",
      ])
    #expect(parsed.mappings.map(\.line) == [5, 6, 7, 8, 9, 10, 11, 12, 13])
    let dispatchID = try #require(parsed.mapping(for: "dispatch_id"))
    #expect(
      dispatchID.template.parts == [
        .placeholder("Call Number", column: 17), .text("-"), .placeholder("Unit ID", column: 31),
      ])
    #expect(parsed.mapping(for: "dispatched_at")?.pattern?.text == "%m/%d/%Y %I:%M:%S %p")
    #expect(parsed.mapping(for: "zone")?.template.constant == "urban")
    let priority = try #require(parsed.mapping(for: "unit_class")?.map)
    #expect(
      priority.entries == [
        .init(key: Array("3".utf8), replacement: Array("1".utf8)),
        .init(key: Array("2".utf8), replacement: Array("2".utf8)),
      ])
    #expect(priority.otherwise == .some(Array("3".utf8)))
  }

  @Test func settings() throws {
    let parsed = try profile("source = complaints\nencoding = GB18030\ntimezone = \"UTC\"\n")
    #expect(parsed.source == "complaints")
    #expect(parsed.encoding == .gb18030)
    #expect(parsed.timeZone?.name == "UTC")
    #expect(parsed.mappings.isEmpty)
    #expect(try profile("encoding = utf8\nsource = calls").encoding == .utf8)
  }

  /// Comments start at `#` outside quotes and braces; a byte-order mark, `\r\n` and blank lines
  /// are fine.
  @Test func commentsAndLineEnds() throws {
    let text =
      "\u{FEFF}# a comment\r\n\r\n  source = calls   # trailing comment\r\n"
      + "call_id = {Incident #} # the # in braces is part of the name\r\n"
      + "category = \"#1 # not a comment\"\r\n\t\r\n"
      + "unit_id = {Unit} map \"#7\"=\"U#7\" # comment\r\n"
    let parsed = try profile(text)
    #expect(parsed.mapping(for: "call_id")?.template.placeholders.map(\.name) == ["Incident #"])
    #expect(parsed.mapping(for: "category")?.template.constant == "#1 # not a comment")
    #expect(
      parsed.mapping(for: "unit_id")?.map?.entries == [
        .init(key: Array("#7".utf8), replacement: Array("U#7".utf8))
      ])
    #expect(parsed.mapping(for: "unit_id")?.line == 7)
  }

  /// Templates: literal text around and between placeholders, quoted literals, constants.
  @Test(arguments: [
    ("call_id = {A}", [ValueTemplate.Part.placeholder("A", column: 11)]),
    ("call_id = { A }", [.placeholder("A", column: 11)]),
    (
      "call_id = JJ-{A}/{B} x",
      [
        .text("JJ-"), .placeholder("A", column: 14), .text("/"), .placeholder("B", column: 18),
        .text(" x"),
      ]
    ),
    (
      "call_id = {A}\" as \"{B}",
      [.placeholder("A", column: 11), .text(" as "), .placeholder("B", column: 20)]
    ),
    ("call_id = \"a \"\"quoted\"\" text\"", [.text("a \"quoted\" text")]),
    ("call_id = \"\"", []),
    ("call_id = {A}  map x=y", [.placeholder("A", column: 11)]),
    ("call_id = {接警单编号}", [.placeholder("接警单编号", column: 11)]),
  ])
  func templates(line: String, parts: [ValueTemplate.Part]) throws {
    #expect(try profile("source = calls\n" + line).mappings[0].template.parts == parts)
  }

  /// Map entries: bare and quoted keys and replacements, `""` not known, `*`.
  @Test func mapEntries() throws {
    let line =
      #"cancelled = {S} map "Cancelled, by caller"="yes", "a=b"=no, "say ""hi"""=1,"#
      + #"  "n/a" = "" , "*"=star, 已撤警=是, *=否 as %Y-%m-%d"#
    let map = try #require(try profile("source = calls\n" + line).mappings[0].map)
    #expect(
      map.entries.map { String(decoding: $0.key, as: UTF8.self) } == [
        "Cancelled, by caller", "a=b", "say \"hi\"", "n/a", "*", "已撤警",
      ])
    #expect(
      map.entries.map {
        $0.replacement.map { String(decoding: $0, as: UTF8.self) } ?? "<not known>"
      } == [
        "yes", "no", "1", "<not known>", "star", "是",
      ])
    #expect(map.otherwise == .some(Array("否".utf8)))
    #expect(
      try profile("source = calls\nzone = {Z} map a=b, *=\"\"").mappings[0].map?.otherwise
        == .some(nil))
    #expect(try profile("source = calls\nzone = {Z} map a=b").mappings[0].map?.otherwise == .none)
  }

  @Test func patternMayBeQuoted() throws {
    let parsed = try profile("source = calls\nreceived_at = {T} as \"%d.%m.%Y  %H:%M\"  # note")
    #expect(parsed.mappings[0].pattern?.text == "%d.%m.%Y  %H:%M")
  }

  /// Profile → the one-line error: file, line and column, what is wrong and how to fix it.
  static let errors: [(String, String)] = [
    (
      "call_id = {A}\n",
      "test.profile:1:1: error: the profile names no source; add a line such as 'source = calls' (the sources are calls, visits, complaints, units, keypersons, dispatches, activities, duties, calendar)"
    ),
    ("# only a comment\n\n", "test.profile:1:1: error: the profile names no source"),
    (
      "source = call\n",
      "test.profile:1:10: error: unknown source 'call'; did you mean 'calls'? Sources: calls, visits, complaints"
    ),
    ("source =\n", "test.profile:1:9: error: expected a value after '='"),
    (
      "source = calls\nsource = visits\n",
      "test.profile:2:1: error: 'source' is set twice (first on line 1); keep one"
    ),
    (
      "source = calls\n  sorce = visits\n",
      "test.profile:2:3: error: 'sorce' is neither a setting nor a column of calls; did you mean 'source'? The settings are source, timezone, encoding; the columns of calls are call_id, received_at"
    ),
    (
      "source = calls\ncall_di = {A}\n",
      "test.profile:2:1: error: 'call_di' is neither a setting nor a column of calls; did you mean 'call_id'?"
    ),
    (
      "source = calls\nvisit_id = {A}\n",
      "test.profile:2:1: error: 'visit_id' is neither a setting nor a column of calls"
    ),
    (
      "source = calls\n报警时间 = {A}\n",
      "test.profile:2:1: error: '报警时间' is neither a setting nor a column of calls"
    ),
    (
      "source = calls\ncall_id = {A}\n\ncall_id = {B}\n",
      "test.profile:4:1: error: 'call_id' is mapped twice (first on line 2); keep one"
    ),
    (
      "source = calls\ncall_id {A}\n",
      "test.profile:2:9: error: expected '=' after 'call_id'; a line is COLUMN = VALUE, or a setting such as source = calls"
    ),
    (
      "source = calls\n= {A}\n",
      "test.profile:2:1: error: expected a column name or a setting before '='"
    ),
    (
      "source = calls\ncall_id =\n",
      "test.profile:2:10: error: expected a value for call_id: {Column} for a column of the export, or \"text\" for a constant"
    ),
    (
      "source = calls\ncall_id = {A\n",
      "test.profile:2:11: error: the '{' opened here is not closed; write {Column Name}"
    ),
    (
      "source = calls\ncall_id = {A}}\n",
      "test.profile:2:14: error: a '}' without its '{'; a placeholder is written {Column Name}"
    ),
    (
      "source = calls\ncall_id = x{ }\n",
      "test.profile:2:12: error: an empty placeholder {}; name a column of the export: {Call Number}"
    ),
    (
      "source = calls\ncategory = \"open\n",
      "test.profile:2:12: error: the quote opened here is not closed; write a quote inside quotes as \"\""
    ),
    (
      "source = calls\nzone = urban\n",
      "test.profile:2:8: error: 'urban' is neither a placeholder nor a constant; write {urban} for the export's column or \"urban\" for a constant"
    ),
    ("source = calls\nzone = map a=b\n", "test.profile:2:8: error: expected a value for zone"),
    (
      "source = calls\nzone = {Z} map\n",
      "test.profile:2:15: error: expected an entry like A=B after 'map'"
    ),
    (
      "source = calls\nzone = {Z} map a=b,\n",
      "test.profile:2:20: error: expected an entry like A=B after ','"
    ),
    (
      "source = dispatches\ncancelled = {D} map Cancelled En Route=yes\n",
      "test.profile:2:31: error: expected '=' after 'Cancelled'; write a value holding spaces, ',', '=' or '\"' in quotes: \"Cancelled En Route\"=yes"
    ),
    (
      "source = calls\nzone = {Z} map a=\n",
      "test.profile:2:18: error: expected a replacement after '='; write \"\" for a value not known"
    ),
    (
      "source = calls\nzone = {Z} map a=b c=d\n",
      "test.profile:2:20: error: expected ',' before the next entry, or 'as PATTERN'"
    ),
    (
      "source = calls\nzone = {Z} map \"\"=b\n",
      "test.profile:2:16: error: an empty value is not known and never reaches the map; remove this entry"
    ),
    (
      "source = calls\nzone = {Z} map a=b, c=d, a=e\n",
      "test.profile:2:26: error: 'a' is mapped twice (first at column 16); keep one"
    ),
    (
      "source = calls\nzone = {Z} map *=b, c=d, *=e\n",
      "test.profile:2:26: error: a second '*' entry (the first is at column 16); keep one"
    ),
    (
      "source = calls\nreceived_at = {T} as\n",
      "test.profile:2:19: error: expected a pattern after 'as', like %m/%d/%Y %I:%M:%S %p"
    ),
    (
      "source = calls\nreceived_at = {T} as %m/%d/%Y %H:%M:%s\n",
      "test.profile:2:37: error: unknown pattern token '%s'; the tokens are %Y %y %m %d %H %M %S %I %p %f %%"
    ),
    (
      "source = calls\nreceived_at = {T} as \"%d.%m.%Q\"\n",
      "test.profile:2:29: error: unknown pattern token '%Q'"
    ),
    (
      "source = calls\nreceived_at = {T} as %m/%d %H:%M\n",
      "test.profile:2:22: error: the pattern must read a year (%Y or %y), a month (%m) and a day (%d)"
    ),
    (
      "source = calls\nreceived_at = {T} as %d.%m.%Y map x=y\n",
      "test.profile:2:31: error: 'map' comes before 'as': {When} map \"n/a\"=\"\" as %d.%m.%Y"
    ),
    (
      "source = calls\nreceived_at = {T} as %d.%m.%Y MAP x=y\n",
      "test.profile:2:31: error: 'map' comes before 'as': {When} map \"n/a\"=\"\" as %d.%m.%Y"
    ),
    (
      "source = calls\nreceived_at = {T} as \"%d.%m.%Y\" x\n",
      "test.profile:2:33: error: unexpected text; a mapping is COLUMN = VALUE [map A=B, …] [as PATTERN]"
    ),
    (
      "source = calls\ntimezone = America/LosAngeles\n",
      "test.profile:2:12: error: unknown time zone 'America/LosAngeles' (no such zone in /usr/share/zoneinfo); name a zone of the time-zone database such as Asia/Shanghai, America/New_York or UTC"
    ),
    (
      "source = calls\ntimezone = ../../etc/passwd\n",
      "test.profile:2:12: error: unknown time zone '../../etc/passwd' (not a zone name of the time-zone database)"
    ),
    (
      "source = calls\ntimezone = America\n",
      "test.profile:2:12: error: unknown time zone 'America' (no such zone in /usr/share/zoneinfo)"
    ),
    (
      "source = calls\nencoding = latin1\n",
      "test.profile:2:12: error: unknown encoding 'latin1'; use utf8 or gb18030"
    ),
    (
      "source = calls\nencoding = \"utf8\" x\n",
      "test.profile:2:19: error: unexpected text after the quoted value"
    ),
    (
      "source = calls\nencoding = utf8\nencoding = utf8\n",
      "test.profile:3:1: error: 'encoding' is set twice (first on line 2); keep one"
    ),
  ]

  @Test(arguments: errors)
  func refused(text: String, expected: String) {
    let error = profileError(text)
    #expect(error?.hasPrefix(expected) == true, "got \(error ?? "no error")")
  }

  /// A profile that is not UTF-8 is refused at the line and column of the first bad byte.
  @Test func notUTF8() {
    let bytes = Array("source = calls\nzone = \"".utf8) + [0xC7, 0xF8] + Array("\"\n".utf8)
    #expect(
      throws: Diagnostic(
        file: "gbk.profile", line: 2, column: 9,
        "the profile is not UTF-8 text; save it as UTF-8 (the export itself may be GB18030: say so with encoding = gb18030)"
      )
    ) {
      try ImportProfile.parse(bytes, name: "gbk.profile", columnsOf: SourceColumns.of)
    }
  }

  /// `as PATTERN` only on the columns the ingester says hold times or dates.
  @Test func patternsOnlyOnTimeColumns() throws {
    let parsed = try profile(
      "source = calls\nreceived_at = {T} as %d.%m.%Y\nunit_id = {U}   as %d.%m.%Y\n")
    #expect(throws: Never.self) {
      try parsed.checkPatterns(timeColumns: ["received_at", "unit_id"])
    }
    #expect(
      throws: Diagnostic(
        file: "test.profile", line: 3, column: 17,
        "unit_id holds no time or date, so it has no 'as PATTERN'; remove it")
    ) {
      try parsed.checkPatterns(timeColumns: ["received_at"])
    }
  }

  /// The profile's identity is the SHA-256 of its bytes: any change, a comment included, is
  /// another profile (SPEC 1.5 "Identity").
  @Test func identity() throws {
    let text = "source = calls\ncall_id = {A}\n"
    let parsed = try profile(text)
    #expect(parsed.sha256 == Array(text.utf8).withUnsafeBytes { SHA256.hex(of: $0) })
    #expect(parsed.sha256.count == 64)
    #expect(try profile(text).sha256 == parsed.sha256)
    #expect(try profile(text + "# same mappings\n").sha256 != parsed.sha256)
    #expect(try profile("source = calls\ncall_id = {B}\n").sha256 != parsed.sha256)
    // The digest of a known text, so that the helper is the one the store uses.
    #expect(
      try profile("source = units").sha256
        == Array("source = units".utf8).withUnsafeBytes { SHA256.hex(of: $0) })
  }

  /// Every source the ingester names may be profiled, each with its own columns.
  @Test(arguments: SourceColumns.bySource.keys.sorted())
  func everySource(source: String) throws {
    let column = SourceColumns.of(source)![0]
    let parsed = try profile("source = \(source)\n\(column) = {First}\n")
    #expect(parsed.source == source)
    #expect(parsed.mappings.map(\.column) == [column])
  }
}
