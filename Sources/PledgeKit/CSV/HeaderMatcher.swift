/// One column an ingester understands: its canonical name and the aliases that match it.
public struct ColumnSpec: Sendable {
  public let name: String
  public let aliases: [String]
  public let isRequired: Bool

  public init(_ name: String, aliases: [String] = [], required: Bool = false) {
    self.name = name
    self.aliases = aliases
    self.isRequired = required
  }

  /// Every spelling that matches: the name, the aliases, their traditional spellings.
  var spellings: [String] {
    ([name] + aliases).flatMap(ChineseSpelling.spellings)
  }
}

/// Which input column holds each spec column, found once per file (SPEC 1.1): header names are
/// matched after trimming spaces and a byte-order mark, case-insensitively, against the
/// canonical name and its aliases, in English or Chinese, simplified or traditional.
public struct HeaderMatch: Sendable {
  /// For each spec column, the index of the input column holding it (the first, when several
  /// do: see `duplicates`).
  public let indices: [Int?]
  /// Input columns no spec column claimed, as written in the header, for the ingest summary:
  /// at most `unknownShown` of them, each shortened to `unknownNameBytes` bytes of UTF-8 with
  /// control characters escaped, so a pathological header cannot make a huge batch record.
  public let unknown: [String]
  /// How many input columns no spec column claimed (all of them, not only those in `unknown`).
  public let unknownCount: Int
  /// Required spec columns with no input column.
  public let missing: [ColumnSpec]
  /// Input columns that a spec column already found in an earlier input column claims again
  /// (`received_at` twice, or `received_at` and its alias `报警时间`).
  public let duplicates: [Duplicate]

  /// A spec column named by two input columns (0-based indices into the header).
  public struct Duplicate: Sendable, Equatable {
    public let column: String
    public let first: Int
    public let second: Int
  }

  static let unknownShown = 50
  static let unknownNameBytes = 100

  /// `provided`: spec columns (by index) whose values come from elsewhere (an import
  /// profile maps them): not looked for in the header, never missing. `claimed`: input columns
  /// something else reads (the profile's placeholders): not unknown even when no spec column
  /// matches them.
  public init(header: [String], columns: [ColumnSpec], provided: Set<Int> = [], claimed: Set<Int> = []) {
    var lookup: [String: Int] = [:]
    for (specIndex, column) in columns.enumerated() where !provided.contains(specIndex) {
      for spelling in column.spellings {
        lookup[HeaderMatch.normalized(spelling)] = specIndex
      }
    }
    var indices = [Int?](repeating: nil, count: columns.count)
    var unknown: [String] = []
    var unknownCount = 0
    var duplicates: [Duplicate] = []
    for (inputIndex, name) in header.enumerated() {
      if let specIndex = lookup[HeaderMatch.normalized(name)] {
        if let first = indices[specIndex] {
          duplicates.append(Duplicate(column: columns[specIndex].name, first: first, second: inputIndex))
        } else {
          indices[specIndex] = inputIndex
        }
      } else if !claimed.contains(inputIndex) {
        unknownCount += 1
        if unknown.count < HeaderMatch.unknownShown {
          unknown.append(HeaderMatch.shortened(escapingControlCharacters(name)))
        }
      }
    }
    self.indices = indices
    self.unknown = unknown
    self.unknownCount = unknownCount
    self.duplicates = duplicates
    self.missing = columns.indices.filter {
      indices[$0] == nil && columns[$0].isRequired && !provided.contains($0)
    }.map { columns[$0] }
  }

  /// The unknown columns as the ingest summary records them: `unknown`, then `… and N more`
  /// when there were more than it shows.
  public var unknownForSummary: [String] {
    let rest = unknownCount - unknown.count
    return rest > 0 ? unknown + ["… and \(rest) more"] : unknown
  }

  /// `name` cut to at most `unknownNameBytes` bytes of UTF-8 (between Unicode scalars, and
  /// ending in `…`) when it is longer.
  static func shortened(_ name: String) -> String {
    guard name.utf8.count > unknownNameBytes else { return name }
    let room = unknownNameBytes - "…".utf8.count
    var kept = ""
    var bytes = 0
    for scalar in name.unicodeScalars {
      bytes += UTF8.width(scalar)
      if bytes > room { break }
      kept.unicodeScalars.append(scalar)
    }
    return kept + "…"
  }

  /// Trimmed of spaces and byte-order marks, ASCII letters lower-cased.
  static func normalized(_ name: String) -> String {
    var scalars = Substring(name).unicodeScalars
    while let first = scalars.first, first == " " || first == "\u{FEFF}" {
      scalars.removeFirst()
    }
    while let last = scalars.last, last == " " || last == "\u{FEFF}" { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars.lazy.map(asciiLowercased)))
  }
}

@inline(__always)
func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
  (scalar.value >= 65 && scalar.value <= 90) ? Unicode.Scalar(scalar.value + 32)! : scalar
}

extension HeaderMatch.Duplicate {
  /// Why the file is refused, for a diagnostic at the second column: which value counts would
  /// be a guess.
  public func message(header: [String]) -> String {
    "columns \(first + 1) \(quoted(header[first])) and \(second + 1) \(quoted(header[second]))"
      + " both hold \(column); which one counts would be a guess. Remove or rename one of them"
  }
}

extension ColumnSpec {
  /// How the column can be spelled, for a message: `call_id (接警编号, 警情编号, 接警单编号)`.
  public var describedWithAliases: String {
    aliases.isEmpty ? "'\(name)'" : "'\(name)' (or " + aliases.joined(separator: ", ") + ")"
  }
}
