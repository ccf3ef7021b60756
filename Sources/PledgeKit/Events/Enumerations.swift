/// The nine exports Pledge reads (SPEC 1.3, 1.3a, 1.3b, 2.1). The raw values are storage
/// codes: never change them (a source from 8 on is written with an escape, EVENT-LOG.md).
public enum Source: UInt8, CaseIterable, Sendable, CustomStringConvertible {
  case calls = 0
  case visits = 1
  case complaints = 2
  case units = 3
  case keypersons = 4
  case dispatches = 5
  case activities = 6
  case duties = 7
  case calendar = 8

  public var description: String {
    switch self {
    case .calls: return "calls"
    case .visits: return "visits"
    case .complaints: return "complaints"
    case .units: return "units"
    case .keypersons: return "keypersons"
    case .dispatches: return "dispatches"
    case .activities: return "activities"
    case .duties: return "duties"
    case .calendar: return "calendar"
    }
  }

  /// What a command says of a SOURCE argument that names no source, with a guess.
  static func unknownNameMessage(_ name: String) -> String {
    let names = allCases.map(\.description)
    var message = "unknown source \(quoted(name))"
    if let guess = nearest(to: name, among: names) { message += "; did you mean '\(guess)'?" }
    return message + " Sources: " + names.joined(separator: ", ")
  }

  public init?(name: String) {
    guard let source = Source.allCases.first(where: { $0.description == name }) else {
      return nil
    }
    self = source
  }
}

/// A labelled value of an enumerated column: the English word (matched in any case) and the
/// Chinese label (simplified; the traditional spelling is accepted too).
public protocol Labelled: RawRepresentable<UInt8>, CaseIterable, Sendable, Hashable {
  var word: String { get }
  var label: String { get }
  /// More Chinese labels accepted for the value (simplified; traditional accepted too).
  var otherLabels: [String] { get }
}

extension Labelled {
  public var otherLabels: [String] { [] }
}

/// The class of a linkage unit (110 制度 二).
public enum UnitClass: UInt8, Labelled {
  case one = 1, two = 2, three = 3

  public var word: String { String(rawValue) }
  public var label: String { ["一类", "二类", "三类"][Int(rawValue) - 1] }
}

public enum Zone: UInt8, Labelled {
  case urban = 1, suburb = 2, rural = 3, island = 4

  public var word: String { ["urban", "suburb", "rural", "island"][Int(rawValue) - 1] }
  public var label: String { ["城区", "城郊", "农村", "海岛"][Int(rawValue) - 1] }
}

public enum VisitKind: UInt8, Labelled {
  case window = 1, keyperson = 2, onsite = 3

  public var word: String { ["window", "keyperson", "onsite"][Int(rawValue) - 1] }
  public var label: String { ["窗口受理", "帮教走访", "现场核查"][Int(rawValue) - 1] }
}

public enum Matter: UInt8, Labelled {
  case general = 1, commitment = 2

  public var word: String { ["general", "commitment"][Int(rawValue) - 1] }
  public var label: String { ["一般事项", "承诺件"][Int(rawValue) - 1] }
}

public enum ComplaintKind: UInt8, Labelled {
  case report = 1, pledge = 2

  public var word: String { ["report", "pledge"][Int(rawValue) - 1] }
  public var label: String { ["举报投诉", "违诺投诉"][Int(rawValue) - 1] }
}

/// How often a recurring duty is owed (SPEC 1.3b).
public enum Period: UInt8, Labelled {
  case halfMonth = 1, month = 2, quarter = 3, year = 4

  public var word: String { ["half-month", "month", "quarter", "year"][Int(rawValue) - 1] }
  public var label: String { ["半月", "每月", "每季", "每年"][Int(rawValue) - 1] }
}

/// What the State Council's arrangement makes of a date (SPEC 2.1).
public enum DayKind: UInt8, Labelled {
  /// A public holiday (休息, 放假).
  case off = 1
  /// A make-up working day on a weekend (上班, 补班).
  case work = 2

  public var word: String { ["off", "work"][Int(rawValue) - 1] }
  public var label: String { ["休息", "上班"][Int(rawValue) - 1] }
  public var otherLabels: [String] { [["放假"], ["补班"]][Int(rawValue) - 1] }
}

/// An amount of money in fen (0.01 yuan).
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let fen: Int64

  public init(fen: Int64) { self.fen = fen }
  public init(yuan: Int64) { self.fen = yuan * 100 }

  public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
  public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
  public static let zero = Money(fen: 0)

  /// Yuan with exactly two decimals: `1500.50`.
  public var description: String {
    var bytes: [UInt8] = []
    appendFormatted(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  public func appendFormatted(to bytes: inout [UInt8]) {
    withUnsafeTemporaryAllocation(byteCount: Money.maximumLength, alignment: 1) { room in
      var w = BlockBuffer.Cursor(room.baseAddress!)
      write(to: &w)
      bytes.append(contentsOf: UnsafeRawBufferPointer(start: room.baseAddress, count: w.position - room.baseAddress!))
    }
  }

  /// At most how many bytes `write` takes (a sign, 17 digits of yuan, the point, 2 of fen).
  static let maximumLength = 21

  /// Yuan with exactly two decimals, through a cursor in room made for `maximumLength` bytes.
  @inline(__always)
  func write(to w: inout BlockBuffer.Cursor) {
    if fen < 0 { w.byte(UInt8(ascii: "-")) }
    w.decimal(Int64(fen.magnitude / 100))
    w.byte(UInt8(ascii: "."))
    w.twoDigits(Int(fen.magnitude % 100))
  }
}
