/// Obligations whose deadline needs a year the working-day calendar does not cover, counted
/// per year (SPEC 2.1, §7.10): evaluation goes on past them, so the error can say how many
/// obligations each missing year holds up.
public struct CalendarGaps: Error, Sendable, Equatable {
  /// Obligations per uncovered year.
  public private(set) var counts: [Int: Int] = [:]
  /// What the obligations belong to (`2026Q4`, `2026`), for the message.
  public var period: String?

  public init() {}

  public var isEmpty: Bool { counts.isEmpty }

  mutating func record(_ gap: CalendarGap) { counts[gap.year, default: 0] += 1 }

  mutating func add(_ other: CalendarGaps) {
    for (year, count) in other.counts { counts[year, default: 0] += count }
  }

  /// One line: which years, how many obligations need each, and the command that supplies
  /// them.
  public var message: String {
    let years = counts.keys.sorted()
    let needs = years.map { year in
      let count = counts[year]!
      return "\(count) obligation\(count == 1 ? "" : "s")\(period.map { " of " + $0 } ?? "") need\(count == 1 ? "s" : "")"
        + " the working-day calendar of \(year)"
    }.joined(separator: " and ")
    let commands = years.map { "'pledge ingest calendar \($0).csv'" }.joined(separator: " and ")
    return needs + ", which Pledge does not cover; add the State Council's arrangements with "
      + commands + " (CSV date,kind,name; kind off or work), or for one run --calendar FILE"
  }
}
