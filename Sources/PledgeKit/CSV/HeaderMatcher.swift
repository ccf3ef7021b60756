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
  /// For each spec column, the index of the input column holding it.
  public let indices: [Int?]
  /// Input columns no spec column claimed, as written in the header.
  public let unknown: [String]
  /// Required spec columns with no input column.
  public let missing: [ColumnSpec]

  public init(header: [String], columns: [ColumnSpec]) {
    var lookup: [String: Int] = [:]
    for (specIndex, column) in columns.enumerated() {
      for spelling in column.spellings {
        lookup[HeaderMatch.normalized(spelling)] = specIndex
      }
    }
    var indices = [Int?](repeating: nil, count: columns.count)
    var unknown: [String] = []
    for (inputIndex, name) in header.enumerated() {
      if let specIndex = lookup[HeaderMatch.normalized(name)], indices[specIndex] == nil {
        indices[specIndex] = inputIndex
      } else {
        unknown.append(name)
      }
    }
    self.indices = indices
    self.unknown = unknown
    self.missing = columns.indices.filter { indices[$0] == nil && columns[$0].isRequired }
      .map { columns[$0] }
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

extension ColumnSpec {
  /// How the column can be spelled, for a message: `call_id (接警编号, 警情编号, 接警单编号)`.
  public var describedWithAliases: String {
    aliases.isEmpty ? "'\(name)'" : "'\(name)' (or " + aliases.joined(separator: ", ") + ")"
  }
}
