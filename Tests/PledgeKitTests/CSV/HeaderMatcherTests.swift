import Testing

@testable import PledgeKit

/// Header matching (SPEC 1.1): trimmed of spaces and a byte-order mark, case-insensitive,
/// canonical names and aliases in English or Chinese, simplified or traditional.
@Suite struct HeaderMatcherTests {
  static let columns = [
    ColumnSpec("call_id", aliases: ["接警编号", "警情编号"], required: true),
    ColumnSpec("received_at", aliases: ["接警时间", "来电时间"], required: true),
    ColumnSpec("unit_id", aliases: ["处警单位"]),
    ColumnSpec("replied_at", aliases: ["答复时间"]),
  ]

  /// A header → the input column of each spec column, in spec order.
  static let headers: [([String], [Int?])] = [
    (["call_id", "received_at", "unit_id", "replied_at"], [0, 1, 2, 3]),
    (["replied_at", "unit_id", "received_at", "call_id"], [3, 2, 1, 0]),
    ([" CALL_ID", "Received_At  ", "UNIT_ID", "Replied_AT"], [0, 1, 2, 3]),
    (["\u{FEFF}call_id", " \u{FEFF} received_at \u{FEFF}", "x"], [0, 1, nil, nil]),
    (["接警编号", "接警时间", "处警单位", "答复时间"], [0, 1, 2, 3]),
    (["警情编号", "来电时间"], [0, 1, nil, nil]),
    // Traditional spellings, whole and mixed.
    (["接警編號", "接警時間", "處警單位", "答覆時間"], [0, 1, 2, 3]),
    (["警情編号", "來電時間", "处警單位", "答復时间"], [0, 1, 2, 3]),
    // Only spaces and byte-order marks are trimmed.
    (["\tcall_id", "received_at\t", "unit_id"], [nil, nil, 2, nil]),
    (["call id", "received-at", "unit_id_2"], [nil, nil, nil, nil]),
    // The first matching column is found; a repeat is a duplicate (see below), not unknown.
    (["unit_id", "call_id", "处警单位", "received_at"], [1, 3, 0, nil]),
    ([], [nil, nil, nil, nil]),
  ]

  @Test(arguments: headers)
  func columnsFound(header: [String], expected: [Int?]) {
    #expect(HeaderMatch(header: header, columns: Self.columns).indices == expected)
  }

  @Test func unknownColumnsAreListedAsWritten() {
    let match = HeaderMatch(
      header: ["接警編號", " Address ", "received_at", "備註", "处警单位", "处警单位"],
      columns: Self.columns)
    #expect(match.indices == [0, 2, 4, nil])
    #expect(match.unknown == [" Address ", "備註"])
    #expect(match.unknownCount == 2)
    #expect(match.unknownForSummary == [" Address ", "備註"])
    #expect(match.missing.isEmpty)
  }

  /// A spec column claimed again, by the same name or another of its spellings, is a
  /// duplicate: which of the two values counts would be a guess.
  @Test func columnsClaimedTwiceAreDuplicates() {
    let header = ["接警編號", "received_at", "处警单位", " UNIT_ID", "来电时间", "call_id"]
    let match = HeaderMatch(header: header, columns: Self.columns)
    #expect(match.indices == [0, 1, 2, nil])
    #expect(match.unknown.isEmpty)
    #expect(
      match.duplicates == [
        .init(column: "unit_id", first: 2, second: 3),
        .init(column: "received_at", first: 1, second: 4),
        .init(column: "call_id", first: 0, second: 5),
      ])
    #expect(
      match.duplicates[0].message(header: header)
        == "columns 3 '处警单位' and 4 ' UNIT_ID' both hold unit_id; which one counts would be a"
        + " guess. Remove or rename one of them")
    #expect(HeaderMatch(header: ["call_id", "received_at"], columns: Self.columns).duplicates.isEmpty)
  }

  /// At most 50 unknown names are kept, each at most 100 bytes of UTF-8 with control
  /// characters escaped; the count covers them all.
  /// A column an import profile provides is not looked for in the header and never missing;
  /// a header column of that name is then unknown unless the profile reads it.
  @Test func providedColumnsAreNotLookedFor() {
    let match = HeaderMatch(
      header: ["Incident", "received_at", "Note"], columns: Self.columns, provided: [0, 1], claimed: [0])
    #expect(match.indices == [nil, nil, nil, nil])
    #expect(match.missing.isEmpty)
    #expect(match.unknown == ["received_at", "Note"])
  }

  @Test func unknownColumnsAreBounded() {
    let header = ["call_id"] + (1...120).map { "列\($0)" } + [String(repeating: "é", count: 80)]
    let match = HeaderMatch(header: header, columns: Self.columns)
    #expect(match.unknownCount == 121)
    #expect(match.unknown == (1...50).map { "列\($0)" })
    #expect(match.unknownForSummary.last == "… and 71 more")
    #expect(match.unknownForSummary.count == 51)

    let long = HeaderMatch(header: [String(repeating: "é", count: 80), "a\tb\u{1B}"], columns: Self.columns)
    #expect(long.unknown[0] == String(repeating: "é", count: 48) + "…")
    #expect(long.unknown[0].utf8.count == 99)
    #expect(long.unknown[1] == "a\\tb\\u{1B}")
    #expect(HeaderMatch.shortened(String(repeating: "x", count: 100)) == String(repeating: "x", count: 100))
    #expect(HeaderMatch.shortened(String(repeating: "x", count: 101)) == String(repeating: "x", count: 97) + "…")
  }

  @Test func missingRequiredColumnsAreReportedWithTheirAliases() {
    let match = HeaderMatch(header: ["unit_id", "summary"], columns: Self.columns)
    #expect(match.indices == [nil, nil, 0, nil])
    #expect(match.missing.map(\.name) == ["call_id", "received_at"])
    #expect(match.unknown == ["summary"])
    #expect(match.missing.first?.describedWithAliases == "'call_id' (or 接警编号, 警情编号)")
    #expect(ColumnSpec("zone").describedWithAliases == "'zone'")
    // An optional column may be missing.
    let optional = HeaderMatch(header: ["call_id", "received_at"], columns: Self.columns)
    #expect(optional.missing.isEmpty)
    #expect(optional.indices == [0, 1, nil, nil])
  }

  static let normalized: [(String, String)] = [
    ("Call_ID", "call_id"),
    ("  RECEIVED_AT  ", "received_at"),
    ("\u{FEFF}Zone", "zone"),
    ("\u{FEFF} 接警編號 \u{FEFF}", "接警編號"),
    ("ÉTAT", "État"),  // only ASCII letters are folded
    ("\tA\t", "\ta\t"),
    ("   ", ""),
  ]

  @Test(arguments: normalized)
  func normalizedName(name: String, expected: String) {
    #expect(HeaderMatch.normalized(name) == expected)
  }

  static let spellings: [(String, [String])] = [
    ("接警编号", ["接警编号", "接警编號", "接警編号", "接警編號"]),
    ("答复", ["答复", "答覆", "答復"]),
    ("call_id", ["call_id"]),
    ("是", ["是"]),
    ("报警时间", ["报警时间", "报警时間", "报警時间", "报警時間", "報警时间", "報警时間", "報警時间", "報警時間"]),
  ]

  @Test(arguments: spellings)
  func traditionalSpellings(word: String, expected: [String]) {
    #expect(ChineseSpelling.spellings(of: word) == expected)
  }

  /// Every pair in the spelling table is one simplified character and distinct traditional
  /// forms; none maps to itself.
  @Test func spellingTableIsWellFormed() {
    let table = ChineseSpelling.traditionalForms
    #expect(table.count == 77)
    for (simplified, forms) in table {
      #expect(!forms.isEmpty)
      #expect(!forms.contains(simplified), "\(simplified)")
      #expect(Set(forms).count == forms.count, "\(simplified)")
    }
    #expect(table["编"] == ["編"])
    #expect(table["号"] == ["號"])
    #expect(table["复"] == ["覆", "復"])
  }

  /// The traditional spellings of the words the new sources added (the duties register, the
  /// ledger, the calendar) are headers and labels like any other (SPEC 1.3).
  @Test(arguments: [
    (Source.duties, "週期", "every"), (.duties, "條款", "clause"), (.duties, "終止日期", "ends_on"),
    (.activities, "主題", "topic"), (.activities, "台賬編號", "activity_id"), (.activities, "臺帳編號", "activity_id"),
    (.calendar, "名稱", "name"), (.dispatches, "派警單編號", "dispatch_id"),
  ])
  func traditionalHeadersOfTheNewSources(source: Source, header: String, column: String) {
    let columns = Schemas.columns(of: source)
    let specs = columns.map { ColumnSpec($0.name, aliases: $0.aliases, required: $0.isRequired) }
    let match = HeaderMatch(header: [header], columns: specs)
    let index = columns.firstIndex { $0.name == column }!
    #expect(match.indices[index] == 0, "\(header)")
  }

  /// Every alias of every source, written wholly in traditional characters, is recognised.
  @Test func everyAliasInTraditionalCharacters() {
    for source in Source.allCases {
      let columns = Schemas.columns(of: source)
      let specs = columns.map { ColumnSpec($0.name, aliases: $0.aliases, required: $0.isRequired) }
      for (i, column) in columns.enumerated() {
        for alias in column.aliases {
          let traditional = ChineseSpelling.spellings(of: alias).last!
          #expect(HeaderMatch(header: [traditional], columns: specs).indices[i] == 0, "\(source) \(traditional)")
        }
      }
    }
    for (label, kind) in [("補班", DayKind.work), ("补班", .work), ("放假", .off), ("休息", .off)] {
      let parsed = Array(label.utf8).withUnsafeBytes { try? CellParser.labelled($0, CellParser.dayKinds) }
      #expect(parsed == kind, "\(label)")
    }
    let period = Array("每季".utf8).withUnsafeBytes { try? CellParser.labelled($0, CellParser.periods) }
    #expect(period == .quarter)
  }
}
