import Glibc

/// The reports of SPEC 5, for a quarter or a year.
public enum ReportKind: String, CaseIterable, Sendable {
  case compliance, penalties, people, disclosure, ranking, obligations

  /// `compliance-2026Q1.csv`, `ranking-2026.csv`.
  public func fileName(for period: ReportPeriod) -> String { "\(rawValue)-\(period).csv" }

  /// What the report needs evaluated.
  var scope: PeriodReport.Scope {
    switch self {
    case .disclosure: return .finesOnly
    case .obligations: return .everyObligation
    case .compliance, .penalties, .people, .ranking: return .summaries
    }
  }

  /// The report as CSV rows (header included).
  public func render(_ report: PeriodReport) -> CSVWriter {
    switch self {
    case .compliance: return ComplianceReport.render(report)
    case .penalties: return PenaltiesReport.render(report)
    case .people: return PeopleReport.render(report)
    case .disclosure: return DisclosureReport.render(report)
    case .ranking: return RankingReport.render(report)
    case .obligations: return ObligationsReport.render(report)
    }
  }

  /// Several reports of one quarter, rendered on every core. The penalties rows (one per
  /// breach, by far the most) are rendered in parts beside the other reports, then joined.
  public static func render(_ kinds: [ReportKind], _ report: PeriodReport) -> [CSVWriter] {
    let penalties = kinds.contains(.penalties) ? PenaltiesReport.Rows(report) : nil
    let parts = penalties.map { $0.count >= 8192 ? Parallel.cores : 1 } ?? 0
    // Jobs 0..<parts render penalties rows; the rest, the other reports in order.
    let others = kinds.filter { $0 != .penalties }
    // (No job throws.)
    let jobs = try! Parallel.map(parts + others.count) { job -> CSVWriter in
      guard job >= parts else {
        let count = penalties!.count
        return penalties!.render((count * job / parts)..<(count * (job + 1) / parts), header: job == 0)
      }
      return others[job - parts].render(report)
    }
    var rendered: [CSVWriter] = []
    var next = parts
    for kind in kinds {
      if kind == .penalties {
        rendered.append(CSVWriter(joining: jobs[0..<parts]))
      } else {
        rendered.append(jobs[next])
        next += 1
      }
    }
    return rendered
  }
}

