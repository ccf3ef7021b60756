/// Parses one trimmed cell into a value of a column's type (SPEC 1.2, §7.30), straight from
/// its bytes.
enum CellParser {
  /// The longest cell a row may hold, in bytes (decided here: 1 MiB). A longer cell rejects its
  /// row: an event's frame in the log holds at most 16 MiB, and no field of a service record
  /// comes near a megabyte, so such a cell is a broken export, not data.
  static let maximumLength = 1 << 20

  /// Why a cell of `byteCount` bytes was not read.
  static func tooLong(byteCount: Int) -> String {
    "the cell holds \(byteCount) bytes, more than the 1 MiB (\(maximumLength) bytes) a cell may"
      + " hold; shorten it, or check that the file's quotes are balanced"
  }

  /// Whether the cell means "not known": empty, `NULL` or `\N` (case-sensitive).
  @inline(__always)
  static func isNotKnown(_ cell: UnsafeRawBufferPointer) -> Bool {
    switch cell.count {
    case 0: return true
    case 2: return cell[0] == UInt8(ascii: "\\") && cell[1] == UInt8(ascii: "N")
    case 4:
      return cell[0] == UInt8(ascii: "N") && cell[1] == UInt8(ascii: "U")
        && cell[2] == UInt8(ascii: "L") && cell[3] == UInt8(ascii: "L")
    default: return false
    }
  }

  static func parse(_ cell: UnsafeRawBufferPointer, as type: ValueType) throws(ValueProblem) -> EventValue {
    switch type {
    case .none: return .none
    case .instant: return .instant(try TimeParser.timestamp(cell))
    case .date: return .date(try TimeParser.date(cell))
    case .integer: return .integer(try integer(cell))
    case .text: return .text(String(decoding: cell, as: UTF8.self))
    case .flag: return .flag(try flag(cell))
    case .money: return .money(try money(cell))
    case .unitClass: return .unitClass(try labelled(cell, unitClasses))
    case .zone: return .zone(try labelled(cell, zones))
    case .visitKind: return .visitKind(try labelled(cell, visitKinds))
    case .matter: return .matter(try labelled(cell, matters))
    case .complaintKind: return .complaintKind(try labelled(cell, complaintKinds))
    case .period: return .period(try labelled(cell, periods))
    case .dayKind: return .dayKind(try labelled(cell, dayKinds))
    }
  }

  /// ASCII digits, no sign.
  static func integer(_ cell: UnsafeRawBufferPointer) throws(ValueProblem) -> Int {
    guard !cell.isEmpty, cell.count <= 18 else { throw .notAnInteger }
    var value = 0
    for b in cell {
      guard isDigit(b) else { throw .notAnInteger }
      value = value * 10 + Int(b &- 48)
    }
    return value
  }

  /// Decimal yuan with at most two places: `1500`, `1500.5`, `1500.50`.
  static func money(_ cell: UnsafeRawBufferPointer) throws(ValueProblem) -> Money {
    var fen: Int64 = 0
    var decimals = -1
    var digits = 0
    for b in cell {
      if b == UInt8(ascii: ".") {
        guard decimals < 0, digits > 0 else { throw .notMoney }
        decimals = 0
        continue
      }
      guard isDigit(b), digits < 15 else { throw .notMoney }
      fen = fen * 10 + Int64(b &- 48)
      digits += 1
      if decimals >= 0 {
        decimals += 1
        guard decimals <= 2 else { throw .notMoney }
      }
    }
    guard digits > 0, decimals != 0 else { throw .notMoney }
    for _ in 0..<(2 - max(decimals, 0)) { fen *= 10 }
    return Money(fen: fen)
  }

  static func flag(_ cell: UnsafeRawBufferPointer) throws(ValueProblem) -> Bool {
    for (spelling, value) in booleanSpellings where matches(cell, spelling) { return value }
    throw .notABoolean
  }

  /// Every accepted spelling of an enumeration's values: the English word and the Chinese
  /// label in simplified and traditional characters.
  struct Spellings<T: Labelled>: Sendable {
    let entries: [([UInt8], T)]
    let expected: [String]

    init() {
      entries = T.allCases.flatMap { value in
        ([value.word] + ([value.label] + value.otherLabels).flatMap(ChineseSpelling.spellings))
          .map { (Array($0.utf8), value) }
      }
      expected = T.allCases.map { "\($0.word) (" + ([$0.label] + $0.otherLabels).joined(separator: ", ") + ")" }
    }
  }

  static let unitClasses = Spellings<UnitClass>()
  static let zones = Spellings<Zone>()
  static let visitKinds = Spellings<VisitKind>()
  static let matters = Spellings<Matter>()
  static let complaintKinds = Spellings<ComplaintKind>()
  static let periods = Spellings<Period>()
  static let dayKinds = Spellings<DayKind>()

  static func labelled<T: Labelled>(_ cell: UnsafeRawBufferPointer, _ spellings: Spellings<T>) throws(ValueProblem) -> T {
    for (spelling, value) in spellings.entries where matches(cell, spelling) { return value }
    throw .notOneOf(spellings.expected)
  }

  private static let booleanSpellings: [([UInt8], Bool)] = [
    ("yes", true), ("no", false), ("true", true), ("false", false), ("y", true), ("n", false),
    ("1", true), ("0", false), ("是", true), ("否", false),
  ].map { (Array($0.0.utf8), $0.1) }

  /// Byte equality, ASCII letters compared case-insensitively.
  @inline(__always)
  static func matches(_ cell: UnsafeRawBufferPointer, _ word: [UInt8]) -> Bool {
    guard cell.count == word.count else { return false }
    for i in 0..<word.count {
      var b = cell[i]
      if b >= 65, b <= 90 { b += 32 }
      var w = word[i]
      if w >= 65, w <= 90 { w += 32 }
      if b != w { return false }
    }
    return true
  }
}
