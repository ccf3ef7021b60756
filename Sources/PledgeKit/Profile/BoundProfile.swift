/// A profile bound to one export's header (SPEC 1.5): every placeholder resolved to a column
/// index once per file, every literal packed, so that reading a row is index lookups and byte
/// copies. Immutable and `Sendable`; each reading thread brings its own `ProfileWorkspace`.
///
/// A row reader uses it so (per file, then per record without a fault):
///
///     let bound = try profile.bind(header: header, fileName: name)
///     let workspace = bound.makeWorkspace()                 // on the reading thread
///     let mapped = specs.map { bound.mappingIndex(forColumn: $0.name) }  // nil: by header
///     // per record, for each field i with m = mapped[i]:
///     switch types[i] {
///     case .instant: times[i] = try bound.timestamp(m, in: record, workspace: workspace)
///     case .date: date = try bound.date(m, in: record, workspace: workspace)
///     default:
///       guard let text = bound.text(m, in: record, workspace: workspace) else { break }
///       values[i] = try CellParser.parse(text, as: types[i])
///     }
///     // A timestamp column found by header, when the profile has a zone:
///     //   try bound.timestamp(cell: trimmedCell, workspace: workspace)
///     // A row with an `.overlap`: OverlapResolver.resolve(times, orderChecks: order).
public struct BoundProfile: @unchecked Sendable {
  // @unchecked: immutable; `mappings` points into `table`, which this value keeps alive.
  public let profile: ImportProfile
  /// The mappings in the profile's order, as plain data (reading one copies nothing).
  let mappings: UnsafePointer<BoundMapping>
  private let table: MappingTable
  let mappingCount: Int
  /// The profile's zone, nil for China Standard Time.
  let zone: ZoneRules?
  /// `zone != nil`, without copying the zone to find out.
  let hasZone: Bool
  /// The header columns some placeholder reads (0-based, ascending): not "unknown columns".
  public let headerColumnsRead: [Int]

  init(
    profile: ImportProfile, table: MappingTable, headerColumnsRead: [Int]
  ) {
    self.profile = profile
    self.table = table
    mappings = UnsafePointer(table.mappings)
    mappingCount = table.count
    zone = profile.timeZone
    hasZone = zone != nil
    self.headerColumnsRead = headerColumnsRead
  }

  /// The mapping of canonical column `column`, as an index for the reading functions.
  public func mappingIndex(forColumn column: String) -> Int? {
    profile.mappings.firstIndex { $0.column == column }
  }

  /// The header column of mapping `index`'s first placeholder (where a rejection points), nil
  /// for a constant.
  public func headerColumn(ofMapping index: Int) -> Int? {
    precondition(index >= 0 && index < mappingCount, "not a mapping of this profile")
    return mappings[index].firstColumn
  }

  /// Working memory for one thread reading this file.
  public func makeWorkspace() -> ProfileWorkspace { ProfileWorkspace(mappingCount: mappingCount) }
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
    var owners: [any AnyObject & Sendable] = []
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
      bound.append(
        BoundMapping(
          pieces: pieces, literals: literals, map: mapping.map, pattern: mapping.pattern,
          owners: &owners))
    }
    return BoundProfile(
      profile: self, table: MappingTable(bound, owners: owners),
      headerColumnsRead: read.sorted())
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

/// The bound mappings in memory that never moves, and the objects their views point into.
final class MappingTable: @unchecked Sendable {
  // @unchecked: immutable after init.
  let mappings: UnsafeMutablePointer<BoundMapping>
  let count: Int
  private let owners: [any AnyObject & Sendable]

  init(_ mappings: [BoundMapping], owners: [any AnyObject & Sendable]) {
    count = mappings.count
    self.mappings = .allocate(capacity: max(count, 1))
    self.mappings.initialize(from: mappings, count: count)
    self.owners = owners
  }

  deinit {
    mappings.deinitialize(count: count)
    mappings.deallocate()
  }
}
