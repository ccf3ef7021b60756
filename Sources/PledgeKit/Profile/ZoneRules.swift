/// How a civil time on a zone's clocks maps to an instant (SPEC 1.5 `timezone = ZONE`).
public enum ZoneResolution: Equatable, Sendable {
  /// The clocks showed the time once.
  case unique(Instant)
  /// The clocks skipped the time (spring forward): a bad value.
  case gap
  /// The clocks showed the time twice (fall back): at `earlier` and again at `later`.
  case overlap(earlier: Instant, later: Instant)
}

/// The rules of one zone of the system's time-zone database (TZif files in
/// `/usr/share/zoneinfo`, read by hand: Foundation is not linked into PledgeKit, and a lookup
/// here is a binary search, or two comparisons with a `ZoneCache`).
public struct ZoneRules: Sendable {
  /// The zone's name as the profile writes it (`America/Los_Angeles`).
  public let name: String
  /// Changes of the UTC offset, oldest first, with those of the footer's rule up to 2039.
  private let transitions: [Transition]
  /// For each transition, the first civil time its change affects (the gap's or overlap's start).
  private let windowStarts: [Int64]
  private let initialOffset: Int32
  /// The footer's daylight-saving rule, used for civil times from `ruleStart` on.
  private let rule: PosixZoneRule?
  private let ruleStart: Int64

  /// A change of the UTC offset: at `utc` (Unix seconds) from `before` to `after` (seconds east).
  struct Transition: Equatable, Sendable {
    let utc: Int64
    let before: Int32
    let after: Int32

    /// The civil times the change skips (`after > before`) or repeats (`after < before`).
    var window: Range<Int64> {
      (utc + Int64(min(before, after)))..<(utc + Int64(max(before, after)))
    }
  }

  public static let systemDirectory = "/usr/share/zoneinfo"

  /// Why a zone could not be read; the profile's error names the line and column.
  public struct Unknown: Error, Equatable {
    public let reason: String
  }

  /// The zone `name` of the database in `directory`.
  public init(named name: String, directory: String = ZoneRules.systemDirectory) throws(Unknown) {
    let components = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.isEmpty, !name.hasPrefix("/"),
      components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
      name.unicodeScalars.allSatisfy({
        $0.properties.isAlphabetic && $0.isASCII
          || ("0"..."9").contains($0) || "/_+-.".unicodeScalars.contains($0)
      })
    else { throw Unknown(reason: "not a zone name of the time-zone database") }
    let file: MappedFile
    do {
      file = try MappedFile(path: directory + "/" + name)
    } catch {
      if ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(name) {
        self = ZoneRules(name: name, fixedOffset: 0)
        return
      }
      throw Unknown(reason: "no such zone in \(directory)")
    }
    do {
      self.init(name: name, tzif: try TZifFile(file.bytes))
    } catch {
      throw Unknown(reason: "\(directory)/\(name) is not a TZif file of the time-zone database")
    }
  }

  /// A zone whose clocks never change.
  init(name: String, fixedOffset: Int32) {
    self.name = name
    transitions = []
    windowStarts = []
    initialOffset = fixedOffset
    rule = nil
    ruleStart = .max
  }

  init(name: String, tzif: TZifFile) {
    self.name = name
    var transitions: [Transition] = []
    var current = tzif.initialOffset
    for (utc, offset) in zip(tzif.times, tzif.offsets) where offset != current {
      transitions.append(Transition(utc: utc, before: current, after: offset))
      current = offset
    }
    var initialOffset = tzif.initialOffset
    var rule = PosixZoneRule(tzif.footer)
    if let fixed = rule, fixed.daylight == nil || fixed.isPermanentDaylight {
      // One offset for ever after the last transition.
      let offset = fixed.daylight?.offset ?? fixed.standardOffset
      if offset != current {
        if tzif.times.isEmpty {
          initialOffset = offset
        } else {
          transitions.append(Transition(utc: tzif.times.last! + 1, before: current, after: offset))
        }
      }
      rule = nil
    }
    // The table is completed from the rule up to 2039, or to the end of the year of its last
    // listed change when that is later (Asia/Gaza lists changes up to 2086); later civil times
    // use the rule itself.
    let firstYear = transitions.last.map { Instant(unixTime: $0.utc).date.year } ?? 1970
    let ruleFromYear = max(2040, firstYear + 1)
    if let rule {
      let last = transitions.last?.utc ?? .min
      for year in firstYear..<ruleFromYear {
        for transition in rule.transitions(in: year) where transition.utc > last {
          transitions.append(transition)
        }
      }
    }
    self.transitions = transitions
    windowStarts = transitions.map(\.window.lowerBound)
    self.initialOffset = initialOffset
    self.rule = rule
    ruleStart =
      rule == nil ? .max : Int64(CivilDate.days(year: ruleFromYear, month: 1, day: 1)) * 86_400
  }

  /// The instant(s) at which the zone's clocks showed `civil`.
  public func resolve(_ civil: CivilDateTime) -> ZoneResolution {
    var cache = ZoneCache()
    return resolve(civil, cache: &cache)
  }

  /// `resolve(_:)`, first trying the stretch of steady offset the last lookup found: rows of
  /// an export keep to a few months, so a lookup is mostly two comparisons.
  @inline(__always)
  func resolve(_ civil: CivilDateTime, cache: inout ZoneCache) -> ZoneResolution {
    let local = civil.secondsSinceEpoch
    if local >= cache.lower, local < cache.upper {
      return .unique(Instant(unixTime: local - cache.offset))
    }
    return resolveUncached(local, cache: &cache)
  }

  private func resolveUncached(_ local: Int64, cache: inout ZoneCache) -> ZoneResolution {
    if local >= ruleStart, let rule {
      let year = CivilDateTime(secondsSinceEpoch: local).date.year
      let nearby = (year - 1...year + 1).flatMap(rule.transitions(in:))
      let upper = Int64(CivilDate.days(year: year + 2, month: 1, day: 1)) * 86_400
      return ZoneRules.resolve(
        local, nearby, nearby.map(\.window.lowerBound), initial: nearby[0].before,
        within: ruleStart..<upper, cache: &cache)
    }
    return ZoneRules.resolve(
      local, transitions, windowStarts, initial: initialOffset, within: .min..<ruleStart,
      cache: &cache)
  }

  /// The resolution of `local` among `transitions`, and the steady stretch around it (kept
  /// `within` the civil times the transitions describe).
  private static func resolve(
    _ local: Int64, _ transitions: [Transition], _ starts: [Int64], initial: Int32,
    within bounds: Range<Int64>, cache: inout ZoneCache
  ) -> ZoneResolution {
    // How many windows start at or before `local`.
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) / 2
      if starts[middle] <= local { low = middle + 1 } else { high = middle }
    }
    let offset: Int32
    let lower: Int64
    if low == 0 {
      offset = initial
      lower = .min
    } else {
      let transition = transitions[low - 1]
      let window = transition.window
      if local < window.upperBound {
        if transition.after > transition.before { return .gap }
        return .overlap(
          earlier: Instant(unixTime: local - Int64(transition.before)),
          later: Instant(unixTime: local - Int64(transition.after)))
      }
      offset = transition.after
      lower = window.upperBound
    }
    cache = ZoneCache(
      lower: max(lower, bounds.lowerBound),
      upper: low < starts.count ? min(starts[low], bounds.upperBound) : bounds.upperBound,
      offset: Int64(offset))
    return .unique(Instant(unixTime: local - Int64(offset)))
  }

  /// The UTC offset (seconds east) in effect at Unix time `utc`.
  public func utcOffset(atUnixTime utc: Int64) -> Int {
    var list = transitions
    var offset = initialOffset
    if let rule, let last = transitions.last, utc > last.utc {
      let year = Instant(unixTime: utc).date.year
      list = (year - 1...year + 1).flatMap(rule.transitions(in:))
      offset = last.after
    }
    for transition in list where transition.utc <= utc { offset = transition.after }
    return Int(offset)
  }
}

/// The steady stretch of civil time the last lookup of a zone found, kept by the one thread
/// that reads a file (see `ProfileWorkspace`).
struct ZoneCache {
  var lower: Int64 = 0
  var upper: Int64 = 0
  var offset: Int64 = 0
}
