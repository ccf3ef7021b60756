import Foundation
import Testing

@testable import PledgeKit

/// `pledge report dashboard`: the page's numbers are those of the CSV reports, its text is
/// escaped, and it needs nothing from a network.
@Suite(.serialized) struct DashboardTests {
  /// The fixtures' 2026Q1 page against the compliance, ranking and penalties CSVs of the same
  /// store, read back from the page's `data-` attributes.
  @Test func figuresMatchTheCSVReports() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store)
      let html = report("dashboard", store: store)
      let compliance = csvRows(report("compliance", store: store))
      let ranking = report("ranking", store: store).split(separator: "\n").dropFirst().map(
        String.init)
      let penalties = csvRows(report("penalties", store: store))

      // Headline figures = the sums of compliance's ALL rows; compensation = penalties' sum.
      let all = compliance.filter { $0[1] == "ALL" }
      #expect(all.count == RuleID.allCases.count)
      func sum(_ column: Int) -> Int { all.reduce(0) { $0 + Int($1[column])! } }
      #expect(figure("obligations", html) == String(sum(3)))
      #expect(figure("met", html) == String(sum(4)))
      #expect(figure("breached", html) == String(sum(5)))
      #expect(figure("open", html) == String(sum(6)))
      #expect(figure("exempt", html) == String(sum(7)))
      #expect(figure("rate", html) == CellFormat.rate(met: sum(4), breached: sum(5)))
      let fen = penalties.reduce(0) { $0 + Int($1[11].filter { $0 != "." })! }
      #expect(figure("compensation", html) == Money(fen: Int64(fen)).description)
      #expect(figure("compensation", html) == "290.00")

      // The ranking table, row for row, is the ranking CSV.
      let rows = rankingRows(html)
      #expect(!rows.isEmpty)
      expectSameLines(rows.joined(separator: "\n"), ranking.joined(separator: "\n"), "ranking")

      // Every heat-map cell prints the compliance rate of its unit and rule.
      let cells = heatMapCells(html)
      var checked = 0
      for row in compliance where !row[8].isEmpty {
        let unit = row[1]
        if unit != "ALL", !rows.contains(where: { $0.split(separator: ",")[2] == unit }),
          !unit.isEmpty
        {
          continue
        }
        #expect(cells[unit + "|" + row[2]] == row[8], "\(unit) \(row[2])")
        checked += 1
      }
      #expect(checked > 80)

      // Breaches per rule and per month add up to the breaches of the quarter.
      for row in all {
        #expect(
          html.contains("<g data-rule=\"\(row[2])\" data-breaches=\"\(row[5])\">"), "\(row[2])")
      }
      let months = ["2026-01", "2026-02", "2026-03"].map { month in
        penalties.filter { $0[6].hasPrefix(month) }.count
      }
      for (month, count) in zip(["2026-01", "2026-02", "2026-03"], months) {
        #expect(html.contains("<g data-month=\"\(month)\" data-breaches=\"\(count)\">"), "\(month)")
      }
      #expect(months.reduce(0, +) == penalties.count)

      // Title block: quarter, A (fixtures/expected/README.md) and the store's last batch.
      let batches = try FileEventStore(readingFrom: store).batches.count
      #expect(html.contains("id=\"quarter\">2026Q1"))
      #expect(html.contains("id=\"as-of\">2026-04-09 12:00:00"))
      #expect(html.contains("id=\"batch\">截至第 \(batches) 批导入"))
      #expect(html.contains("<html lang=\"zh-CN\">"))
      #expect(html.contains("单位排名"))

      // The unanswered pledge complaint and its compensation, from penalties.
      let unanswered = penalties.filter { $0[1] == "pledge.reply" && $0[8].isEmpty }
      for row in unanswered {
        #expect(
          html.contains("data-record=\"\(row[3])\" data-compensation=\"\(row[11])\""), "\(row[3])")
      }

      expectSelfContained(html)
      // Same store, same bytes; --out writes what stdout prints.
      #expect(report("dashboard", store: store) == html)
      let out = dir + "/dashboard.html"
      let written = runPledge([
        "report", "dashboard", "--quarter", "2026Q1", "--store", store, "--out", out,
      ])
      #expect(written.code == .success && written.out.isEmpty)
      #expect(try readBytes(out) == Array(html.utf8))

      // English: English labels, the same figures.
      let english = report("dashboard", store: store, ["--lang", "en"])
      #expect(english.contains("<html lang=\"en\">"))
      for label in [
        "Unit ranking", "Overall rate", "Compensation", "Breaches per month", "Evaluated at A",
      ] {
        #expect(english.contains(label), "\(label)")
      }
      #expect(!english.contains("单位排名") && !english.contains("达标率"))
      #expect(rankingRows(english) == rows)
      for name in ["obligations", "met", "breached", "open", "exempt", "rate", "compensation"] {
        #expect(figure(name, english) == figure(name, html), "\(name)")
      }
      expectSelfContained(english)
    }
  }

  /// Ids and names from the input are escaped wherever the page prints them.
  @Test func inputTextIsEscaped() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      try writeFile(dir + "/units.csv", "unit_id,name\n<b>&,\"<script>alert('x')</script>\"\n")
      try writeFile(
        dir + "/calls.csv",
        "call_id,received_at,rings,unit_id\nC1,2026-03-02 10:00:00,4,<b>&\nC2,2026-03-02 11:00:00,2,<b>&\n"
      )
      try writeFile(
        dir + "/complaints.csv",
        "complaint_id,kind,received_at,unit_id,handler_id\n\"X<1>&'\",pledge,2026-03-30 09:00:00,<b>&,\"<i>\"\n"
      )
      for (source, file) in [
        ("units", "units.csv"), ("calls", "calls.csv"), ("complaints", "complaints.csv"),
      ] {
        let result = runPledge(["ingest", source, dir + "/" + file, "--store", store])
        #expect(result.code == .success, "\(result.err)")
      }
      for language in ["zh", "en"] {
        let html = report("dashboard", store: store, ["--lang", language])
        #expect(!html.contains("<b>&"))
        #expect(!html.contains("<i>") && html.contains("&lt;i&gt;"))
        #expect(html.contains("data-unit=\"&lt;b&gt;&amp;\""))
        #expect(html.contains("<span class=\"id\">&lt;b&gt;&amp;</span>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("X&lt;1&gt;&amp;&#39;"))
        #expect(rankingRows(html) == ["2026Q1,1,<b>&,3,1,1,1,0,0.5000,0.00"])
        expectSelfContained(html)
      }
    }
  }

  @Test(
    arguments: [
      (
        ["report", "dashboard", "--quarter", "2026Q1", "--lang", "fr"],
        "--lang: expected zh or en, got 'fr'"
      ),
      (
        ["report", "ranking", "--quarter", "2026Q1", "--lang", "en"],
        "--lang goes with 'report dashboard'"
      ),
      (
        ["report", "dashboard", "--quarter", "2026Q1", "--encoding", "gb18030"],
        "the dashboard is UTF-8 HTML"
      ),
      (
        ["report", "dashbord", "--quarter", "2026Q1"],
        "unknown report 'dashbord'; did you mean 'dashboard'?"
      ),
    ] as [([String], String)])
  func usageErrors(arguments: [String], message: String) {
    let result = runPledge(arguments)
    #expect(result.code == .usage)
    #expect(result.err.contains(message), "\(result.err)")
    #expect(result.out.isEmpty)
  }

  @Test(arguments: [
    ("1.0000", "100.00%"), ("0.9612", "96.12%"), ("0.0500", "5.00%"), ("0.0000", "0.00%"),
    ("", "–"),
  ])
  func ratesPrintAsPercentagesWithTheSameDigits(rate: String, percent: String) {
    #expect(DashboardNumber.percent(rate) == percent)
  }

  @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567")])
  func groupedDigits(value: Int, text: String) {
    #expect(DashboardNumber.grouped(value) == text)
  }

  @Test func escaping() {
    #expect(DashboardHTML.escape("a<b>&\"c'\u{1}") == "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}")
    #expect(DashboardHTML.escape("城关派出所") == "城关派出所")
  }
}

// MARK: Reading the page back

/// Nothing on the page is fetched or run: no script, no link out, no imported style or font.
private func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation)
{
  let lower = html.lowercased()
  for forbidden in [
    "<script", "http://", "https://", "@import", "url(", "<link", "<img", "@font-face", "<iframe",
  ] {
    #expect(!lower.contains(forbidden), "\(forbidden)", sourceLocation: sourceLocation)
  }
  #expect(lower.contains("@page { size: a4 landscape"), sourceLocation: sourceLocation)
}

/// The CSV's data rows as fields, read with Pledge's own reader (clauses hold quoted commas).
private func csvRows(_ csv: String) -> [[String]] {
  var rows: [[String]] = []
  Array(csv.utf8).withUnsafeBytes { bytes in
    let reader = CSVReader(bytes)
    var record = CSVRecord()
    while (try? reader.read(into: &record)) == true { rows.append(record.strings) }
  }
  return Array(rows.dropFirst())
}

private func unescape(_ text: some StringProtocol) -> String {
  text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    .replacingOccurrences(of: "&amp;", with: "&")
}

/// The value of ` name="…"` inside `text`, unescaped.
private func attribute(_ name: String, in text: Substring) -> String? {
  guard let start = text.range(of: " \(name)=\"") else { return nil }
  let rest = text[start.upperBound...]
  guard let end = rest.firstIndex(of: "\"") else { return nil }
  return unescape(rest[..<end])
}

/// Every opening tag that starts with `prefix`, up to its `>`.
private func tags(startingWith prefix: String, in html: String) -> [Substring] {
  html.components(separatedBy: prefix).dropFirst().map { chunk in
    Substring(" " + chunk.prefix { $0 != ">" })
  }
}

/// A headline figure's exact value.
private func figure(_ name: String, _ html: String) -> String? {
  tags(startingWith: "<div class=\"figure", in: html).first {
    attribute("data-figure", in: $0) == name
  }
  .flatMap { attribute("data-value", in: $0) }
}

/// The ranking table's rows as the ranking CSV writes them.
private func rankingRows(_ html: String) -> [String] {
  tags(startingWith: "<tr data-rank=", in: html).map { tag in
    let tag = Substring(" data-rank=" + tag.dropFirst())
    let fields = [
      "rank", "unit", "obligations", "met", "breached", "open", "exempt", "rate", "compensation",
    ]
    .map { attribute("data-" + $0, in: tag) ?? "?" }
    return (["2026Q1", fields[0], CellFormat.spreadsheetSafe(fields[1])] + fields[2...]).joined(
      separator: ",")
  }
}

/// The heat map's cells: `unit|rule` → rate (`ALL` for the totals row).
private func heatMapCells(_ html: String) -> [String: String] {
  var cells: [String: String] = [:]
  for chunk in html.components(separatedBy: "data-heat-unit=\"").dropFirst() {
    guard let quote = chunk.firstIndex(of: "\""), let end = chunk.range(of: "</tr>") else {
      continue
    }
    let raw = unescape(chunk[..<quote])
    let unit = raw == "ALL" ? raw : CellFormat.spreadsheetSafe(raw)
    for cell in chunk[..<end.lowerBound].components(separatedBy: "<td").dropFirst() {
      let cell = Substring(cell)
      guard let rule = attribute("data-rule", in: cell), let rate = attribute("data-rate", in: cell)
      else { continue }
      cells[unit + "|" + rule] = rate
    }
  }
  return cells
}
