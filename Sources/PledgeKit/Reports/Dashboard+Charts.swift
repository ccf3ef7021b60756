/// The dashboard's pictures: rate bars, the heat map, and the two breach charts. SVG is written
/// here by hand, inline, with every number printed beside its bar so nothing depends on colour
/// or on reading a length.
extension Dashboard {
  // MARK: Rate bar

  /// A horizontal bar of `met / (met + breached)` with the rate printed after it.
  func rateBar(_ page: inout DashboardHTML, met: Int, breached: Int, rate: String) {
    let width = 220
    let filled =
      CellFormat.rateScaled(met: met, breached: breached).map { tenths(of: width, scaled: $0) }
      ?? "0"
    page.raw(
      "<svg width=\"\(width)\" height=\"14\" viewBox=\"0 0 \(width) 14\" aria-hidden=\"true\">")
    page.shape(
      "rect",
      [
        "x": 0.5, "y": 2.5, "width": width - 1, "height": 10, "fill": DashboardStyle.trackFill,
        "stroke": "#9aa3ae",
      ])
    page.shape(
      "rect",
      ["x": 0.5, "y": 2.5, "width": filled, "height": 10, "fill": DashboardStyle.barFill])
    page.raw("</svg>")
    page.element("span", "", DashboardNumber.percent(rate))
  }

  /// `length × scaled / 10000`, to one decimal, in integers (deterministic text).
  private func tenths(of length: Int, scaled: Int) -> String {
    let value = (length * scaled * 10 + 5_000) / 10_000
    return "\(value / 10).\(value % 10)"
  }

  // MARK: Heat map

  func heatMapTable(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"heat-map\" class=\"page\">\n")
    page.element("h2", "", text.heatMapTitle)
    page.element("p", " class=\"note\"", text.heatMapNote)
    page.raw("\n<table class=\"heat\">\n<thead><tr>")
    page.element("th", " class=\"unit\"", text.unit)
    for rule in RuleID.allCases {
      // Rule ids run upwards so that sixteen columns fit across A4 landscape.
      page.raw(
        "<th class=\"rule\"" + DashboardHTML.attribute("title", description(of: rule, text)) + ">")
      page.element("span", "", rule.rawValue)
      page.raw("</th>")
    }
    page.element("th", " class=\"total\"", text.unitTotal)
    page.raw("</tr></thead>\n<tbody>\n")
    for row in heatMap {
      page.raw("<tr" + DashboardHTML.attribute("data-heat-unit", row.unitID) + ">")
      page.raw(
        "<td class=\"unit\""
          + DashboardHTML.attribute("title", row.unitID + " " + (unitNames[ByteKey(row.unitID)] ?? "")) + ">"
      )
      unitLabel(&page, row.unitID, text)
      page.raw("</td>")
      for rule in RuleID.allCases {
        heatCell(&page, row.perRule[rule.order], rule: rule)
      }
      heatCell(&page, row.total, rule: nil)
      page.raw("</tr>\n")
    }
    page.raw("<tr class=\"all\" data-heat-unit=\"ALL\"><td class=\"unit\">")
    page.text(text.allUnits)
    page.raw("</td>")
    for rule in RuleID.allCases { heatCell(&page, totals[rule.order], rule: rule) }
    heatCell(&page, overall, rule: nil)
    page.raw("</tr>\n</tbody>\n</table>\n<p class=\"legend\">")
    for (band, label) in text.legendBands.enumerated() {
      page.raw("<span><i class=\"b\(band)\"></i>")
      page.text(label)
      page.raw("</span>")
    }
    page.raw("<span><i class=\"none\"></i>")
    page.text(text.legendEmpty)
    page.raw("</span></p>\n</section>\n")
  }

  /// One cell: the rate as a percentage on its band's fill, or an empty cell when nothing was
  /// met or breached.
  private func heatCell(_ page: inout DashboardHTML, _ counts: PeriodReport.Counts, rule: RuleID?)
  {
    let ruleAttribute = DashboardHTML.attribute("data-rule", rule?.rawValue ?? "total")
    guard let band = DashboardNumber.band(met: counts.met, breached: counts.breached) else {
      page.raw(
        "<td class=\"empty\(rule == nil ? " total" : "")\"" + ruleAttribute
          + " data-rate=\"\"></td>")
      return
    }
    let percent = DashboardNumber.percent(counts.rate)
    page.raw(
      "<td class=\"b\(band)\(rule == nil ? " total" : "")\"" + ruleAttribute
        + DashboardHTML.attribute("data-rate", counts.rate)
        + DashboardHTML.attribute("title", "\(counts.met) / \(counts.met + counts.breached)") + ">")
    page.text(String(percent.dropLast()))
    page.raw("</td>")
  }

  // MARK: Breach charts

  func breachesPerRuleChart(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"breaches-per-rule\">\n")
    page.element("h2", "", text.perRuleTitle)
    page.element("p", " class=\"note\"", text.perRuleNote(report.period))
    // Per row: the rule's name, its id, the bar, the count.
    let rowHeight = 21
    let barStart = 336
    let barSpace = 290
    let width = barStart + barSpace + 50
    let height = rowHeight * RuleID.allCases.count + 4
    let most = max(1, breachesPerRule.max() ?? 0)
    openChart(&page, width: width, height: height)
    page.shape("line", ["x1": barStart, "y1": 0, "x2": barStart, "y2": height, "stroke": ink])
    for rule in RuleID.allCases {
      let count = breachesPerRule[rule.order]
      let y = rowHeight * rule.order + 2
      let length = count == 0 ? 0 : max(2, barSpace * count / most)
      page.raw("<g data-rule=\"\(rule.rawValue)\" data-breaches=\"\(count)\">")
      page.element("title", "", rule.rawValue + ": " + description(of: rule, text))
      page.label(
        text.ruleNames[rule.order], ["x": 0, "y": y + 14, "font-size": 12.5, "fill": muted])
      page.label(
        rule.rawValue,
        ["class": "rule", "x": barStart - 8, "y": y + 14, "text-anchor": "end", "fill": ink])
      if length > 0 {
        page.shape(
          "rect",
          [
            "x": barStart, "y": y + 3, "width": length, "height": rowHeight - 7,
            "fill": DashboardStyle.breachFill,
          ])
      }
      page.label(
        String(count),
        ["x": barStart + length + 6, "y": y + 14, "font-size": 13, "font-weight": 700, "fill": ink])
      page.raw("</g>\n")
    }
    page.raw("</svg>\n</section>\n")
  }

  func breachesPerMonthChart(_ page: inout DashboardHTML, _ text: DashboardText) {
    page.raw("<section id=\"breaches-per-month\">\n")
    page.element("h2", "", text.perMonthTitle)
    page.element("p", " class=\"note\"", text.perMonthNote)
    let width = 420
    let height = 300
    let baseline = 262
    let tallest = 215
    let slot = width / max(1, breachesPerMonth.count)
    let barWidth = slot * 11 / 20
    let most = max(1, breachesPerMonth.map(\.count).max() ?? 0)
    openChart(&page, width: width, height: height)
    for (i, month) in breachesPerMonth.enumerated() {
      let barHeight = month.count == 0 ? 0 : max(2, tallest * month.count / most)
      let centre = slot * i + slot / 2
      page.raw("<g data-month=\"\(month.month)\" data-breaches=\"\(month.count)\">")
      if barHeight > 0 {
        page.shape(
          "rect",
          [
            "x": centre - barWidth / 2, "y": baseline - barHeight, "width": barWidth,
            "height": barHeight, "fill": DashboardStyle.breachFill,
          ])
      }
      page.label(
        String(month.count),
        [
          "x": centre, "y": baseline - barHeight - 7, "text-anchor": "middle", "font-size": 16,
          "font-weight": 700, "fill": ink,
        ])
      page.label(
        text.monthName(month.month),
        ["x": centre, "y": baseline + 22, "text-anchor": "middle", "font-size": 14, "fill": ink])
      page.raw("</g>\n")
    }
    page.shape(
      "line",
      ["x1": 0, "y1": baseline, "x2": width, "y2": baseline, "stroke": ink, "stroke-width": 1.5])
    page.raw("</svg>\n</section>\n")
  }

  /// `<svg …>` of a chart that shrinks with a narrow window but never grows past its size.
  private func openChart(_ page: inout DashboardHTML, width: Int, height: Int) {
    page.raw(
      "\n<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
        + " style=\"max-width:100%;height:auto\" role=\"img\">\n")
  }

  private var ink: String { "#1d2430" }
  private var muted: String { "#5b6472" }
}
