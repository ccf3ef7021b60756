/// A timestamp read through a profile: one instant, or the two instants of a civil time in a
/// fall-back overlap, to be chosen between once the row's other times are known.
public enum TimeReading: Equatable, Sendable {
  case instant(Instant)
  case overlap(earlier: Instant, later: Instant)

  /// The instant chosen when nothing in the row says otherwise.
  public var earlier: Instant {
    switch self {
    case .instant(let instant): return instant
    case .overlap(let earlier, _): return earlier
    }
  }
}

/// Chooses between the two instants of each fall-back time of a row (SPEC 1.5): "A time in a
/// fall-back overlap is the earlier instant, unless that puts it before a step it must follow
/// in the same row while the later instant does not: then the later. The row's times are
/// resolved in the order of the source's columns in 1.3."
///
/// A pure function of the row's times and the source's order checks (1.4), so the row reader
/// calls it only for the rare row that has an overlap.
public enum OverlapResolver {
  /// - Parameters:
  ///   - times: the row's values in the source's column order; nil for a column that is not a
  ///     time or not known.
  ///   - orderChecks: `later ≥ earlier`, where `earlier` is the first of the listed columns the
  ///     row knows (indices into `times`), as the schema's order checks.
  /// - Returns: the chosen instant of every time, nil where `times` has nil.
  public static func resolve(
    _ times: [TimeReading?], orderChecks: [(later: Int, earlier: [Int])]
  ) -> [Instant?] {
    // Until resolved, a time counts as its earlier instant.
    var chosen = times.map { $0?.earlier }
    for (index, time) in times.enumerated() {
      guard case .overlap(let earlier, let later)? = time else { continue }
      var earlierIsTooEarly = false
      var laterIsTooEarly = false
      for check in orderChecks where check.later == index {
        guard let step = check.earlier.first(where: { chosen[$0] != nil }),
          let mustFollow = chosen[step]
        else { continue }
        if earlier < mustFollow { earlierIsTooEarly = true }
        if later < mustFollow { laterIsTooEarly = true }
      }
      chosen[index] = earlierIsTooEarly && !laterIsTooEarly ? later : earlier
    }
    return chosen
  }
}
