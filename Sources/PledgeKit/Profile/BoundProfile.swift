/// A profile bound to one export's header (SPEC 1.5): every placeholder resolved to a column
/// index once per file, every literal packed, so that reading a row is index lookups and byte
/// copies. Immutable and `Sendable`; each reading thread brings its own `ProfileWorkspace`.
public struct BoundProfile: Sendable {
  public let profile: ImportProfile
  /// The export's name, as rejections name it.
  public let fileName: String
  let mappings: [BoundMapping]
  /// The header columns some placeholder reads (0-based, ascending): not "unknown columns".
  public let headerColumnsRead: [Int]

  /// The mapping of canonical column `column`, as an index for the reading functions.
  public func mappingIndex(forColumn column: String) -> Int? {
    profile.mappings.firstIndex { $0.column == column }
  }

  /// The header column of mapping `index`'s first placeholder (where a rejection points), nil
  /// for a constant.
  public func headerColumn(ofMapping index: Int) -> Int? { mappings[index].firstColumn }

  /// Working memory for one thread reading this file.
  public func makeWorkspace() -> ProfileWorkspace { ProfileWorkspace(mappingCount: mappings.count) }
}

/// One mapping bound to a header.
struct BoundMapping: Sendable {
  enum Value: Sendable {
    /// A constant (literal 0), or nil: `""`, not known.
    case constant(isKnown: Bool)
    /// One placeholder and nothing else: the cell itself, in place.
    case cell(Int)
    /// Cells and literal text, assembled in the workspace.
    case template([Piece])
  }

  /// A cell (`column ≥ 0`) or literal `literal`.
  struct Piece: Sendable {
    let column: Int
    let literal: Int
  }

  let value: Value
  let literals: PackedBytes
  let map: ValueMap?
  let pattern: TimePattern?
  let firstColumn: Int?
}

extension ImportProfile {
  /// Binds the profile to an export's header (names matched after trimming spaces and a
  /// byte-order mark, ignoring case). A placeholder naming a column the export does not have
  /// refuses the file, naming the profile's line and column and the export's header.
  public func bind(header: [String], fileName: String) throws(Diagnostic) -> BoundProfile {
    var columnsByName: [String: [Int]] = [:]
    for (index, name) in header.enumerated() {
      columnsByName[HeaderMatch.normalized(name), default: []].append(index)
    }
    var bound: [BoundMapping] = []
    var read = Set<Int>()
    for mapping in mappings {
      var pieces: [BoundMapping.Piece] = []
      var literals: [[UInt8]] = []
      for part in mapping.template.parts {
        switch part {
        case .text(let text):
          pieces.append(BoundMapping.Piece(column: -1, literal: literals.count))
          literals.append(Array(text.utf8))
        case .placeholder(let name, let column):
          let found = columnsByName[HeaderMatch.normalized(name)] ?? []
          guard found.count == 1 else {
            throw Diagnostic(
              file: self.name, line: mapping.line, column: column,
              missingColumnMessage(name, found: found, header: header, fileName: fileName))
          }
          pieces.append(BoundMapping.Piece(column: found[0], literal: -1))
          read.insert(found[0])
        }
      }
      let value: BoundMapping.Value
      if pieces.isEmpty {
        value = .constant(isKnown: false)
      } else if pieces.count == 1, pieces[0].column < 0 {
        // A constant is known unless it is `NULL` or `\N` (1.1), as a cell would be.
        value = literals[0].withUnsafeBytes {
          .constant(isKnown: !CellParser.isNotKnown(trimmedSpaces($0)))
        }
      } else if pieces.count == 1 {
        value = .cell(pieces[0].column)
      } else {
        value = .template(pieces)
      }
      bound.append(
        BoundMapping(
          value: value, literals: PackedBytes(literals), map: mapping.map, pattern: mapping.pattern,
          firstColumn: pieces.first { $0.column >= 0 }?.column))
    }
    return BoundProfile(
      profile: self, fileName: fileName, mappings: bound, headerColumnsRead: read.sorted())
  }

  private func missingColumnMessage(
    _ name: String, found: [Int], header: [String], fileName: String
  ) -> String {
    if found.count > 1 {
      return "{\(name)} is ambiguous: columns "
        + found.map { "\($0 + 1)" }.joined(separator: ", ")
        + " of \(fileName) are all named so; rename them in the export"
    }
    let shown = header.prefix(HeaderMatch.unknownShown).map { quoted(HeaderMatch.shortened($0)) }
    let more = header.count > shown.count ? ", … (\(header.count) columns)" : ""
    var message = "{\(name)} names no column of \(fileName)"
    if let guess = nearest(to: name, among: header) { message += "; did you mean {\(guess)}?" }
    return message + " Its header is " + shown.joined(separator: ", ") + more
      + "; correct the placeholder or the export"
  }
}
