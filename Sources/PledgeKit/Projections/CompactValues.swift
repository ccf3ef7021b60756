/// An optional instant in 8 bytes (`Instant?` takes 16): millions of records are folded and
/// copied, so their size matters. Int64.min stands for "not known".
@propertyWrapper
public struct CompactInstant: Sendable, Hashable {
  private var raw: Int64

  public init(wrappedValue: Instant?) { raw = wrappedValue?.secondsSinceEpoch ?? .min }

  public var wrappedValue: Instant? {
    get { raw == .min ? nil : Instant(secondsSinceEpoch: raw) }
    set { raw = newValue?.secondsSinceEpoch ?? .min }
  }
}

/// An optional whole number in 8 bytes; Int64.min stands for "not known".
@propertyWrapper
public struct CompactInt: Sendable, Hashable {
  private var raw: Int64

  public init(wrappedValue: Int?) { raw = wrappedValue.map(Int64.init) ?? .min }

  public var wrappedValue: Int? {
    get { raw == .min ? nil : Int(raw) }
    set { raw = newValue.map(Int64.init) ?? .min }
  }
}

/// An optional date in 8 bytes; Int.min stands for "not known".
@propertyWrapper
public struct CompactDate: Sendable, Hashable {
  private var raw: Int

  public init(wrappedValue: CivilDate?) { raw = wrappedValue?.dayNumber ?? .min }

  public var wrappedValue: CivilDate? {
    get { raw == .min ? nil : CivilDate(dayNumber: raw) }
    set { raw = newValue?.dayNumber ?? .min }
  }
}
