import Foundation
import Testing

@testable import PledgeKit

/// Time zones from the system database (SPEC 1.5 `timezone`): civil times resolved to
/// instants in China Standard Time, gaps and overlaps at the daylight-saving changes.
@Suite struct ZoneRulesTests {
  /// Zone, civil time → the instant in CST, `gap`, or `EARLIER or LATER`.
  static let resolutions: [(String, String, String)] = [
    // Los Angeles, spring forward 2016-03-13 02:00 PST → 03:00 PDT.
    ("America/Los_Angeles", "2016-03-13 01:59:59", "2016-03-13 17:59:59"),
    ("America/Los_Angeles", "2016-03-13 02:00:00", "gap"),
    ("America/Los_Angeles", "2016-03-13 02:30:00", "gap"),
    ("America/Los_Angeles", "2016-03-13 02:59:59", "gap"),
    ("America/Los_Angeles", "2016-03-13 03:00:00", "2016-03-13 18:00:00"),
    // Fall back 2016-11-06 02:00 PDT → 01:00 PST: 01:00–01:59:59 happens twice.
    ("America/Los_Angeles", "2016-11-06 00:59:59", "2016-11-06 15:59:59"),
    ("America/Los_Angeles", "2016-11-06 01:00:00", "2016-11-06 16:00:00 or 2016-11-06 17:00:00"),
    ("America/Los_Angeles", "2016-11-06 01:30:00", "2016-11-06 16:30:00 or 2016-11-06 17:30:00"),
    ("America/Los_Angeles", "2016-11-06 01:59:59", "2016-11-06 16:59:59 or 2016-11-06 17:59:59"),
    ("America/Los_Angeles", "2016-11-06 02:00:00", "2016-11-06 18:00:00"),
    ("America/Los_Angeles", "2016-12-31 23:57:56", "2017-01-01 15:57:56"),
    ("America/Los_Angeles", "2016-07-04 12:00:00", "2016-07-05 03:00:00"),
    // Berlin: 2016-03-27 02:00 CET → 03:00 CEST; 2016-10-30 03:00 CEST → 02:00 CET.
    ("Europe/Berlin", "2016-03-27 01:59:59", "2016-03-27 08:59:59"),
    ("Europe/Berlin", "2016-03-27 02:30:00", "gap"),
    ("Europe/Berlin", "2016-03-27 03:00:00", "2016-03-27 09:00:00"),
    ("Europe/Berlin", "2016-10-30 01:59:59", "2016-10-30 07:59:59"),
    ("Europe/Berlin", "2016-10-30 02:30:00", "2016-10-30 08:30:00 or 2016-10-30 09:30:00"),
    ("Europe/Berlin", "2016-10-30 03:00:00", "2016-10-30 10:00:00"),
    // Shanghai is China Standard Time (no daylight saving since 1991).
    ("Asia/Shanghai", "2016-03-13 02:30:00", "2016-03-13 02:30:00"),
    ("Asia/Shanghai", "2016-11-06 01:30:00", "2016-11-06 01:30:00"),
    ("Asia/Shanghai", "2026-03-05 14:03:22", "2026-03-05 14:03:22"),
    ("UTC", "2016-11-06 01:30:00", "2016-11-06 09:30:00"),
    ("UTC", "1900-01-01 00:00:00", "1900-01-01 08:00:00"),
    ("Etc/GMT+5", "2016-06-01 12:00:00", "2016-06-02 01:00:00"),
    // The southern hemisphere: Sydney leaves daylight time in April, enters it in October.
    ("Australia/Sydney", "2016-04-03 02:30:00", "2016-04-02 23:30:00 or 2016-04-03 00:30:00"),
    ("Australia/Sydney", "2016-10-02 02:30:00", "gap"),
    // Lord Howe moves its clocks by half an hour.
    ("Australia/Lord_Howe", "2016-10-02 02:15:00", "gap"),
    ("Australia/Lord_Howe", "2016-10-02 02:30:00", "2016-10-01 23:30:00"),
    // Past the table: the footer's rule (US: second Sunday of March, first of November).
    ("America/Los_Angeles", "2050-03-13 02:30:00", "gap"),
    ("America/Los_Angeles", "2050-11-06 01:30:00", "2050-11-06 16:30:00 or 2050-11-06 17:30:00"),
    ("America/Los_Angeles", "2050-07-01 12:00:00", "2050-07-02 03:00:00"),
    ("America/Los_Angeles", "2100-03-14 02:30:00", "gap"),
    ("America/Los_Angeles", "9999-12-31 12:00:00", "10000-01-01 04:00:00"),
    ("Europe/Berlin", "2077-10-31 02:30:00", "2077-10-31 08:30:00 or 2077-10-31 09:30:00"),
  ]

  @Test(arguments: resolutions)
  func resolve(zone: String, civil: String, expected: String) throws {
    let rules = try ZoneRules(named: zone)
    let time = try Array(civil.utf8).withUnsafeBytes { bytes throws(ValueProblem) in
      try TimeParser.written(bytes).civil
    }
    #expect(describe(rules.resolve(time)) == expected)
    // The same with a cache warmed elsewhere, and warmed by this very time.
    var cache = ZoneCache()
    _ = rules.resolve(
      CivilDateTime(secondsSinceEpoch: time.secondsSinceEpoch - 40 * 86_400), cache: &cache)
    #expect(describe(rules.resolve(time, cache: &cache)) == expected)
    #expect(describe(rules.resolve(time, cache: &cache)) == expected)
  }

  func describe(_ resolution: ZoneResolution) -> String {
    switch resolution {
    case .unique(let instant): return instant.description
    case .gap: return "gap"
    case .overlap(let earlier, let later): return "\(earlier) or \(later)"
    }
  }

  /// The offsets agree with Foundation's time zones (ICU's copy of the same database) over
  /// decades, past the file's table (2037) into the footer's rule.
  @Test(arguments: [
    "America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/Berlin",
    "Europe/London", "Asia/Shanghai", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney",
    "Australia/Lord_Howe", "Pacific/Auckland", "UTC",
  ])
  func agreesWithFoundation(zone: String) throws {
    let rules = try ZoneRules(named: zone)
    let foundation = try #require(TimeZone(identifier: zone))
    var mismatches: [String] = []
    var utc: Int64 = 631_152_000  // 1990-01-01
    let end: Int64 = 3_155_760_000  // 2070-01-01
    while utc < end {
      let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
      let found = rules.utcOffset(atUnixTime: utc)
      if found != expected, mismatches.count < 5 {
        mismatches.append("\(utc): \(found) vs \(expected)")
      }
      utc += 11 * 3600 + 1777
    }
    #expect(mismatches.isEmpty, "\(zone): \(mismatches)")
  }

  /// Every zone of the system's database can be named in a profile: none stops Pledge, also
  /// one whose listed changes run past 2040 into its rule (Asia/Gaza lists them up to 2086).
  @Test func everyZoneOfTheDatabaseLoads() throws {
    let root = ZoneRules.systemDirectory
    let names = try FileManager.default.subpathsOfDirectory(atPath: root).filter {
      !$0.hasPrefix("posix/") && !$0.hasPrefix("right/") && !$0.contains(".")
    }
    var loaded = 0
    for name in names {
      guard let rules = try? ZoneRules(named: name) else { continue }
      loaded += 1
      // A civil time far past the table still resolves (through the rule).
      _ = rules.resolve(CivilDateTime(secondsSinceEpoch: 3_786_825_600))  // 2090-01-01
    }
    #expect(loaded > 300, "\(loaded) zones in \(root)")
  }

  /// Every civil time resolves to instants whose offset, applied back, gives the civil time;
  /// a cache carried from value to value gives what a fresh lookup gives.
  @Test(arguments: [
    "America/Los_Angeles", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Gaza",
  ])
  func roundTrip(zone: String) throws {
    let rules = try ZoneRules(named: zone)
    var cache = ZoneCache()
    let seed = testSeed(default: 20_161_106)
    var generator = SeededRandom(seed: seed)
    for _ in 0..<20_000 {
      let local = Int64.random(in: 946_684_800...2_524_608_000, using: &generator)  // 2000–2050
      let civil = CivilDateTime(secondsSinceEpoch: local)
      let fresh = rules.resolve(civil)
      #expect(rules.resolve(civil, cache: &cache) == fresh, "\(zone) \(civil), seed \(seed)")
      switch fresh {
      case .unique(let instant):
        #expect(localTime(instant, rules) == local, "\(zone) \(civil)")
      case .overlap(let earlier, let later):
        #expect(earlier < later)
        #expect(localTime(earlier, rules) == local && localTime(later, rules) == local)
      case .gap:
        // No instant shows this time: the instants an hour around it skip over it.
        let guess = Instant(unixTime: local - Int64(rules.utcOffset(atUnixTime: local)))
        #expect(localTime(guess, rules) != local)
      }
    }
  }

  private func localTime(_ instant: Instant, _ rules: ZoneRules) -> Int64 {
    let utc = instant.secondsSinceEpoch - 8 * 3600
    return utc + Int64(rules.utcOffset(atUnixTime: utc))
  }

  @Test(arguments: [
    "America/LosAngeles", "", "/etc/passwd", "../etc/passwd", "America/../UTC", "America",
    "zone.tab", "Foo Bar",
  ])
  func unknownZone(name: String) {
    #expect(throws: ZoneRules.Unknown.self) { try ZoneRules(named: name) }
  }

  /// POSIX TZ strings of TZif footers (RFC 8536 §3.3).
  @Test func posixRules() throws {
    let pacific = try #require(PosixZoneRule("PST8PDT,M3.2.0,M11.1.0"))
    #expect(pacific.standardOffset == -8 * 3600)
    #expect(pacific.daylight?.offset == Int32(-25_200))
    #expect(
      pacific.transitions(in: 2016).map { Instant(unixTime: $0.utc).description } == [
        "2016-03-13 18:00:00", "2016-11-06 17:00:00",
      ])
    let berlin = try #require(PosixZoneRule("CET-1CEST,M3.5.0,M10.5.0/3"))
    #expect(
      berlin.transitions(in: 2016).map { Instant(unixTime: $0.utc).description } == [
        "2016-03-27 09:00:00", "2016-10-30 09:00:00",
      ])
    #expect(PosixZoneRule("<+0330>-3:30")?.standardOffset == Int32(12_600))
    #expect(PosixZoneRule("<+0330>-3:30")?.daylight == nil)
    #expect(PosixZoneRule("CST-8")?.standardOffset == Int32(28_800))
    let israel = try #require(PosixZoneRule("IST-2IDT,M3.4.4/26,M10.5.0"))
    #expect(israel.daylight?.startTime == 26 * 3600)
    let greenland = try #require(PosixZoneRule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0"))
    #expect(greenland.daylight?.startTime == -3600)
    #expect(PosixZoneRule("EST5EDT,0/0,J365/25")?.isPermanentDaylight == true)
    #expect(pacific.isPermanentDaylight == false)
    #expect(PosixZoneRule("J1")?.daylight == nil)  // a name "J" is fine; 1 is the offset
    for bad in [
      "", "8", "PST", "PST8PDT,M13.1.0,M11.1.0", "PST8PDT,M3.2.0", "<+03",
      "PST8PDT,M3.2.0,M11.1.0x",
    ] {
      #expect(PosixZoneRule(bad) == nil, "\(bad)")
    }
  }
}
