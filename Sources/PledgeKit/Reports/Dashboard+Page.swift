/// The dashboard as one self-contained HTML page: inline CSS and inline SVG, no script, no
/// font or image fetched from anywhere, so it opens from a USB stick on a PC with no network.
/// The bytes depend only on the report (no clock is read).
///
/// Figures carry `data-` attributes with the values exactly as the CSV reports write them, so
/// a test (or a curious reader of the source) can check them against `compliance`, `ranking`
/// and `penalties`.
extension Dashboard {
  /// The page in `language`, as UTF-8 text.
  public func html(language: DashboardLanguage = .zh) -> String {
    let text = language.text
    var page = DashboardHTML()
    page.raw(
      "<!DOCTYPE html>\n<html lang=\"\(text.htmlLanguage)\">\n<head>\n<meta charset=\"utf-8\">\n")
    page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    page.element("title", "", text.title(report.period))
    page.raw("\n<style>\n" + DashboardStyle.css + "\n</style>\n</head>\n<body>\n<main>\n")
    titleBlock(&page, text)
    headline(&page, text)
    rankingTable(&page, text)
    heatMapTable(&page, text)
    page.raw("<div class=\"pair\">\n")
    breachesPerRuleChart(&page, text)
    breachesPerMonthChart(&page, text)
    page.raw("</div>\n")
    nextDeadlinesTable(&page, text)
    unansweredTable(&page, text)
    ruleLegend(&page, text)
    page.raw("<footer>")
    page.text(text.footer(report.period, report.batch))
    page.raw("</footer>\n</main>\n</body>\n</html>\n")
    return page.output
  }

  // MARK: Title and headline

  private func titleBlock(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<header>\n")
    page.element("h1", "", text.title(report.period))
    page.raw("\n")
    page.element("p", " class=\"purpose\"", text.purpose(report.period))
    page.raw("\n<dl class=\"meta\">\n")
    func item(_ label: String, _ id: String, _ value: String, aside: String? = nil) {
      page.raw("<div><dt>")
      page.text(label)
      page.raw("</dt><dd" + DashboardHTML.attribute("id", id) + ">")
      page.text(value)
      if let aside {
        page.raw("<span class=\"aside\">")
        page.text(aside)
        page.raw("</span>")
      }
      page.raw("</dd></div>\n")
    }
    item(text.quarterLabel(report.period), "quarter", text.quarterRange(report.period))
    item(text.asOfLabel, "as-of", report.asOf.description, aside: text.asOfNote)
    item(text.batchLabel, "batch", text.batchValue(report.batch))
    page.raw("</dl>\n</header>\n")
  }

  private func headline(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<div class=\"figures\">\n")
    func figure(
      _ key: String, _ label: String, _ value: String, _ shown: String, _ hint: String,
      isKey: Bool = false
    ) {
      page.raw(
        "<div class=\"figure\(isKey ? " key" : "")\"" + DashboardHTML.attribute("data-figure", key))
      page.raw(DashboardHTML.attribute("data-value", value) + ">")
      page.element("div", " class=\"label\"", label)
      page.element("div", " class=\"value\"", shown)
      page.element("div", " class=\"hint\"", hint)
      page.raw("</div>\n")
    }
    let c = overall
    figure(
      "obligations", text.obligations, String(c.obligations),
      DashboardNumber.grouped(c.obligations), text.obligationsNote(report.period))
    figure("met", text.met, String(c.met), DashboardNumber.grouped(c.met), text.metNote)
    figure(
      "breached", text.breached, String(c.breached), DashboardNumber.grouped(c.breached),
      text.breachedNote)
    figure("open", text.open, String(c.open), DashboardNumber.grouped(c.open), text.openNote)
    figure(
      "exempt", text.exempt, String(c.exempt), DashboardNumber.grouped(c.exempt), text.exemptNote)
    figure(
      "rate", text.overallRate, c.rate, DashboardNumber.percent(c.rate), text.overallRateNote,
      isKey: true)
    figure(
      "compensation", text.compensation, c.compensation.description,
      text.yuan(DashboardNumber.money(c.compensation)), text.compensationNote, isKey: true)
    page.raw("</div>\n")
  }

  // MARK: Ranking

  private func rankingTable(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"ranking\">\n")
    page.element("h2", "", text.rankingTitle)
    page.element("p", " class=\"note\"", text.rankingNote)
    page.raw("\n<table class=\"ranking\">\n<thead><tr>")
    page.element("th", " class=\"num\"", text.rank)
    page.element("th", "", text.unit)
    page.element("th", " class=\"num\"", text.obligations)
    page.element("th", " class=\"num\"", text.met)
    page.element("th", " class=\"num\"", text.breached)
    page.element("th", " class=\"num\"", text.open)
    page.element("th", " class=\"num\"", text.exempt)
    page.element("th", "", text.rate)
    page.element("th", " class=\"num\"", text.compensation)
    page.raw("</tr></thead>\n<tbody>\n")
    for entry in ranking {
      let c = entry.counts
      page.raw("<tr" + DashboardHTML.attribute("data-rank", String(entry.rank)))
      page.raw(DashboardHTML.attribute("data-unit", entry.unitID))
      page.raw(DashboardHTML.attribute("data-obligations", String(c.obligations)))
      page.raw(DashboardHTML.attribute("data-met", String(c.met)))
      page.raw(DashboardHTML.attribute("data-breached", String(c.breached)))
      page.raw(DashboardHTML.attribute("data-open", String(c.open)))
      page.raw(DashboardHTML.attribute("data-exempt", String(c.exempt)))
      page.raw(DashboardHTML.attribute("data-rate", c.rate))
      page.raw(DashboardHTML.attribute("data-compensation", c.compensation.description) + ">")
      page.element("td", " class=\"rank\"", String(entry.rank))
      page.raw("<td>")
      unitLabel(&page, entry.unitID, text)
      page.raw("</td>")
      page.element("td", " class=\"num\"", DashboardNumber.grouped(c.obligations))
      page.element("td", " class=\"num\"", DashboardNumber.grouped(c.met))
      page.element(
        "td", " class=\"num\(c.breached > 0 ? " bad" : "")\"", DashboardNumber.grouped(c.breached))
      page.element("td", " class=\"num\"", DashboardNumber.grouped(c.open))
      page.element("td", " class=\"num\"", DashboardNumber.grouped(c.exempt))
      page.raw("<td class=\"ratebar\">")
      rateBar(&page, met: c.met, breached: c.breached, rate: c.rate)
      page.raw("</td>")
      page.element("td", " class=\"num\"", DashboardNumber.money(c.compensation))
      page.raw("</tr>\n")
    }
    if ranking.isEmpty {
      page.raw("<tr><td colspan=\"9\" class=\"muted\">")
      page.text(text.none)
      page.raw("</td></tr>\n")
    }
    page.raw("</tbody>\n</table>\n</section>\n")
  }

  /// The unit's id and, when the register names it, its name.
  func unitLabel(_ page: inout DashboardHTML, _ unitID: String, _ text: DashboardText) {
    if unitID.isEmpty {
      page.element("span", " class=\"muted\"", text.noUnit)
      return
    }
    page.element("span", " class=\"id\"", unitID)
    if let name = unitNames[ByteKey(unitID)], !name.isEmpty {
      page.element("span", " class=\"name\"", name)
    }
  }

  // MARK: Lists

  private func nextDeadlinesTable(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"next-deadlines\" class=\"lists\">\n")
    page.element("h2", "", text.nextDeadlinesTitle)
    page.element("p", " class=\"note\"", text.nextDeadlinesNote(Self.listLength))
    page.raw("\n<table>\n<thead><tr>")
    for (label, isNumber) in [
      (text.deadline, false), (text.timeLeft, true), (text.rule, false), (text.record, false),
      (text.unit, false), (text.person, false), (text.started, false),
    ] {
      page.element("th", isNumber ? " class=\"num\"" : "", label)
    }
    page.raw("</tr></thead>\n<tbody>\n")
    for obligation in nextDeadlines {
      let deadline = obligation.deadline ?? obligation.start
      page.raw("<tr" + DashboardHTML.attribute("data-record", obligation.recordID) + ">")
      page.element("td", " class=\"time\"", deadline.description)
      page.element("td", " class=\"num\"", duration(deadline - report.asOf, text))
      page.raw(
        "<td" + DashboardHTML.attribute("title", description(of: obligation.rule, text)) + ">")
      page.element("span", " class=\"id\"", obligation.rule.rawValue)
      page.element("span", " class=\"name\"", text.ruleNames[obligation.rule.order])
      page.raw("</td>")
      page.element("td", " class=\"id\"", obligation.recordID)
      page.raw("<td>")
      unitLabel(&page, obligation.unitID, text)
      page.raw("</td>")
      page.element("td", " class=\"id\"", obligation.personID ?? "")
      page.element("td", " class=\"time\"", obligation.start.description)
      page.raw("</tr>\n")
    }
    emptyRow(&page, nextDeadlines.isEmpty, columns: 7, text)
    page.raw("</tbody>\n</table>\n</section>\n")
  }

  private func unansweredTable(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"unanswered\" class=\"lists\">\n")
    page.element("h2", "", text.unansweredTitle)
    page.element(
      "p", " class=\"note\"",
      text.unansweredNote(
        unanswered.count, unansweredCount, text.yuan(DashboardNumber.money(unansweredCompensation)))
    )
    page.raw("\n<table>\n<thead><tr>")
    for (label, isNumber) in [
      (text.record, false), (text.unit, false), (text.person, false), (text.received, false),
      (text.deadline, false), (text.lateDays, true), (text.accruing, true),
    ] {
      page.element("th", isNumber ? " class=\"num\"" : "", label)
    }
    page.raw("</tr></thead>\n<tbody>\n")
    for breach in unanswered {
      page.raw("<tr" + DashboardHTML.attribute("data-record", breach.recordID))
      page.raw(DashboardHTML.attribute("data-compensation", breach.compensation.description) + ">")
      page.element("td", " class=\"id\"", breach.recordID)
      page.raw("<td>")
      unitLabel(&page, breach.unitID, text)
      page.raw("</td>")
      page.element("td", " class=\"id\"", breach.personID ?? "")
      page.element("td", " class=\"time\"", breach.start.description)
      page.element("td", " class=\"time\"", breach.deadline?.description ?? "")
      page.element("td", " class=\"num\"", breach.lateDays.map { String($0) } ?? "")
      page.element(
        "td", " class=\"num bad\"", text.yuan(DashboardNumber.money(breach.compensation)))
      page.raw("</tr>\n")
    }
    emptyRow(&page, unanswered.isEmpty, columns: 7, text)
    page.raw("</tbody>\n</table>\n</section>\n")
  }

  private func emptyRow(
    _ page: inout DashboardHTML, _ isEmpty: Bool, columns: Int, _ text: DashboardText
  ) {
    guard isEmpty else { return }
    page.raw("<tr><td colspan=\"\(columns)\" class=\"muted\">")
    page.text(text.none)
    page.raw("</td></tr>\n")
  }

  private func ruleLegend(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"rules\">\n")
    page.element("h2", "", text.rulesTitle)
    page.element("p", " class=\"note\"", text.rulesNote)
    page.raw("\n<ul class=\"rules\">\n")
    for rule in RuleID.allCases {
      page.raw("<li>")
      page.element("span", " class=\"id\"", rule.rawValue)
      page.text(description(of: rule, text))
      page.raw("</li>\n")
    }
    page.raw("</ul>\n</section>\n")
  }

  func description(of rule: RuleID, _ text: DashboardText) -> String {
    text.ruleDescriptions[rule.order]
  }

  /// A time still left before a deadline, to the minute.
  private func duration(_ seconds: Int64, _ text: DashboardText) -> String {
    let s = max(0, seconds)
    return text.duration(s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60)
  }
}
