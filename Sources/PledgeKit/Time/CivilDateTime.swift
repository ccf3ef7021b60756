/// A date and time of day on a wall clock of no particular zone, to the whole second: what an
/// export writes before its time zone is applied (SPEC 1.5).
///
/// Counted like `Instant`, in seconds since 1970-01-01 00:00:00 of the same clock, so that a
/// civil time read as China Standard Time is the instant with the same count.
public struct CivilDateTime: Hashable, Comparable, Sendable {
  public let secondsSinceEpoch: Int64

  public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

  public init(date: CivilDate, secondOfDay: Int) {
    secondsSinceEpoch = Int64(date.dayNumber) * 86_400 + Int64(secondOfDay)
  }

  public static func < (a: CivilDateTime, b: CivilDateTime) -> Bool {
    a.secondsSinceEpoch < b.secondsSinceEpoch
  }

  /// The same wall-clock reading in China Standard Time.
  public var asChinaStandardTime: Instant { Instant(secondsSinceEpoch: secondsSinceEpoch) }

  public var date: CivilDate { asChinaStandardTime.date }
}

extension CivilDateTime: CustomStringConvertible {
  /// `YYYY-MM-DD HH:MM:SS`.
  public var description: String { asChinaStandardTime.description }
}
