/// The dashboard's inline style sheet: system fonts only (no web font), A4 landscape print
/// rules, and a heat-map scale whose lightness alone orders the bands, so it reads in
/// grey-scale too (the cells print their rate as well).
enum DashboardStyle {
  static let barFill = "#34506f"
  static let trackFill = "#e5e8ec"
  static let breachFill = "#8c2525"

  static let css = """
    @page { size: A4 landscape; margin: 9mm 10mm; }
    * { box-sizing: border-box; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; background: #eef0f3; color: #1d2430;
      font: 14px/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
        "SimHei", "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1200px; margin: 0 auto; padding: 26px 30px 20px; background: #fff; }
    header { border-bottom: 3px solid #1d2430; padding-bottom: 12px; margin-bottom: 16px; }
    h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
    .purpose { margin: 0 0 10px; font-size: 14.5px; }
    .meta { display: flex; flex-wrap: wrap; gap: 4px 30px; margin: 0; font-size: 13.5px; }
    .meta div { white-space: nowrap; }
    .meta dt { display: inline; color: #5b6472; }
    .meta dd { display: inline; margin: 0 0 0 6px; font-weight: 700; }
    .meta .aside { font-weight: 400; color: #5b6472; margin-left: 6px; }
    .figures { display: grid; grid-template-columns: repeat(7, 1fr); gap: 10px; margin: 0 0 20px; }
    .figure { border: 1px solid #c9ced6; border-radius: 6px; padding: 8px 10px 9px; }
    .figure.key { border: 2px solid #1d2430; }
    .figure .label { font-size: 13px; font-weight: 700; }
    .figure .value { font-size: 27px; font-weight: 700; line-height: 1.25;
      font-variant-numeric: tabular-nums; white-space: nowrap; }
    .figure .hint { font-size: 11.5px; color: #5b6472; line-height: 1.3; }
    section { margin: 0 0 22px; break-inside: avoid; page-break-inside: avoid; }
    h2 { font-size: 18px; margin: 0 0 1px; break-after: avoid; }
    .note { font-size: 12.5px; color: #5b6472; margin: 0 0 8px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums;
      break-inside: avoid; page-break-inside: avoid; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    th, td { padding: 3px 8px; border-bottom: 1px solid #e1e4e8; text-align: left;
      vertical-align: middle; }
    th { font-size: 12.5px; font-weight: 700; color: #3d4552; border-bottom: 1.5px solid #1d2430;
      white-space: nowrap; }
    .num { text-align: right; white-space: nowrap; }
    .id { font-family: "DejaVu Sans Mono", Consolas, "Courier New", monospace; font-size: 12px; }
    .name { color: #5b6472; font-size: 12.5px; margin-left: 8px; }
    .muted { color: #5b6472; }
    .ranking td { padding-top: 2px; padding-bottom: 2px; }
    .ranking .rank { font-weight: 700; text-align: right; width: 3.2em; }
    .ranking .bad { font-weight: 700; }
    .ratebar { white-space: nowrap; width: 300px; }
    .ratebar svg { vertical-align: middle; }
    .ratebar span { display: inline-block; width: 4.6em; text-align: right; font-weight: 700; }
    .time { white-space: nowrap; }
    .pair { display: grid; grid-template-columns: 3fr 2fr; gap: 30px; }
    .pair section { margin-bottom: 0; }
    .pair + section, .pair + .pair { margin-top: 22px; }
    svg text { font-family: inherit; }
    svg .rule { font-family: "DejaVu Sans Mono", Consolas, "Courier New", monospace; font-size: 12px; }
    .heat { table-layout: fixed; }
    .heat th, .heat td { padding: 2px 3px; text-align: center; font-size: 11.5px; }
    .heat th { vertical-align: bottom; line-height: 1.2; font-weight: 700; }
    .heat th.rule span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
      font-family: "DejaVu Sans Mono", Consolas, "Courier New", monospace; font-size: 12px;
      display: inline-block; padding: 4px 0 2px; }
    .heat th.unit, .heat td.unit { text-align: left; width: 250px; white-space: nowrap;
      overflow: hidden; text-overflow: ellipsis; padding-left: 4px; }
    .heat td.unit .name { margin-left: 6px; font-size: 11.5px; }
    .heat td { border: 1px solid #fff; height: 21px; }
    .heat .total { border-left: 2px solid #1d2430; font-weight: 700; width: 60px; }
    .heat tr.all td { border-top: 2px solid #1d2430; font-weight: 700; }
    .heat td.empty { background: #fff; border: 1px solid #eceef1; }
    /* Heat-map bands 0 (≥ 95%) … 4 (< 60%): grey values about 248, 211, 171, 115, 51. */
    .b0 { background: #f4f9f4; } .b1 { background: #f2d56b; } .b2 { background: #eaa05e; }
    .b3 { background: #c8603c; color: #fff; } .b4 { background: #7f1f1f; color: #fff; }
    .legend { font-size: 12px; color: #3d4552; margin: 6px 0 0; display: flex; gap: 14px;
      flex-wrap: wrap; align-items: center; }
    .legend i { display: inline-block; width: 26px; height: 13px; vertical-align: -2px;
      margin-right: 5px; border: 1px solid #c9ced6; }
    .lists td { font-size: 13px; vertical-align: baseline; }
    .rules { columns: 2; column-gap: 30px; margin: 0; padding: 0; list-style: none; font-size: 12.5px; }
    .rules li { break-inside: avoid; padding: 1px 0; }
    .rules .id { display: inline-block; min-width: 13.5em; font-weight: 700; }
    footer { border-top: 1px solid #c9ced6; padding-top: 8px; font-size: 12px; color: #5b6472; }
    @media print {
      body { background: #fff; }
      /* 0.85: a 1230-pixel layout across the 277 mm of an A4 landscape line, so the title,
         headline and ranking share the first sheet and the heat map fills the second. */
      main { max-width: none; padding: 0; zoom: 0.85; }
      section { margin-bottom: 14px; }
      header { padding-bottom: 8px; margin-bottom: 10px; }
      .figures { margin-bottom: 12px; }
      .ranking td { padding-top: 0; padding-bottom: 0; line-height: 1.35; }
      .page { break-before: page; page-break-before: always; }
    }
    """
}
