/// One mapping of a profile bound to an export's header: its placeholders resolved to column
/// indices, its literal text packed, its map and pattern reached through views of plain
/// pointers — so that reading a cell neither allocates nor counts references. The objects that
/// own the memory the pointers reach are held by the bound profile.
struct BoundMapping: @unchecked Sendable {
  // @unchecked: immutable plain data; the pointers point into objects the bound profile holds.

  enum Kind {
    /// A constant that is not known (`""`, `"NULL"`).
    case notKnown
    /// A constant, `constant`.
    case constant
    /// One placeholder and nothing else: the cell `column`, in place.
    case cell
    /// Cells and literal text, assembled in the workspace.
    case template
  }

  /// A cell (`column ≥ 0`) or the literal `literal` of a template.
  struct Piece {
    let column: Int
    let literal: Int
  }

  let kind: Kind
  let column: Int
  /// The header column of the first placeholder, nil for a constant.
  let firstColumn: Int?
  private let constant: UnsafeRawBufferPointer
  private let pieces: UnsafeBufferPointer<Piece>
  private let literals: PackedBytes.View
  let map: ValueMap.View?
  let pattern: TimePattern.View?

  /// The mapping; the objects its views point into are appended to `owners`.
  init(
    pieces: [Piece], literals: [[UInt8]], map: ValueMap?, pattern: TimePattern?,
    owners: inout [any AnyObject & Sendable]
  ) {
    let packed = PackedBytes(literals)
    let storage = PieceStorage(pieces)
    owners += [packed, storage] + [map as (any AnyObject & Sendable)?, pattern].compactMap { $0 }
    self.pieces = storage.pieces
    self.literals = packed.view
    self.map = map?.view
    self.pattern = pattern?.view
    firstColumn = pieces.first { $0.column >= 0 }?.column
    column = firstColumn ?? -1
    if pieces.isEmpty {
      kind = .notKnown
      constant = UnsafeRawBufferPointer(start: nil, count: 0)
    } else if pieces.count == 1, pieces[0].column < 0 {
      // A constant is known unless it is `NULL` or `\N` (1.1), as a cell would be.
      constant = trimmedSpaces(packed[0])
      kind = CellParser.isNotKnown(constant) ? .notKnown : .constant
    } else {
      kind = pieces.count == 1 ? .cell : .template
      constant = UnsafeRawBufferPointer(start: nil, count: 0)
    }
  }

  /// The value of mapping `m` in `record` after `map`, before any pattern; nil when not known.
  /// A template is assembled in the workspace's buffer `index`. (Static, on a pointer: a method
  /// would copy the whole mapping for every cell.)
  @inline(__always)
  static func text(
    _ m: UnsafePointer<BoundMapping>, in record: CSVRecord, workspace: ProfileWorkspace,
    index: Int
  ) -> UnsafeRawBufferPointer? {
    var bytes: UnsafeRawBufferPointer
    switch m.pointee.kind {
    case .cell:
      bytes = trimmedSpaces(record[m.pointee.column])
      if CellParser.isNotKnown(bytes) { return nil }
    case .constant:
      bytes = m.pointee.constant
    case .notKnown:
      return nil
    case .template:
      guard let assembled = assemble(m, record, workspace, index) else { return nil }
      bytes = assembled
    }
    guard m.pointee.map != nil else { return bytes }
    return m.pointee.map.unsafelyUnwrapped.apply(bytes)
  }

  /// A template's value: its cells (trimmed) and literal text, joined and trimmed.
  private static func assemble(
    _ m: UnsafePointer<BoundMapping>, _ record: CSVRecord, _ workspace: ProfileWorkspace,
    _ index: Int
  ) -> UnsafeRawBufferPointer? {
    let pieces = m.pointee.pieces
    let literals = m.pointee.literals
    var length = 0
    for piece in pieces {
      if piece.column >= 0 {
        let cell = trimmedSpaces(record[piece.column])
        if CellParser.isNotKnown(cell) { return nil }
        length += cell.count
      } else {
        length += literals[piece.literal].count
      }
    }
    let base = workspace.buffer(index, count: length)
    var at = 0
    for piece in pieces {
      let part = piece.column >= 0 ? trimmedSpaces(record[piece.column]) : literals[piece.literal]
      if part.count > 0 { (base + at).copyMemory(from: part.baseAddress!, byteCount: part.count) }
      at += part.count
    }
    let value = trimmedSpaces(UnsafeRawBufferPointer(start: base, count: length))
    return CellParser.isNotKnown(value) ? nil : value
  }
}

/// The pieces of a template in memory that never moves.
private final class PieceStorage: @unchecked Sendable {
  let pieces: UnsafeBufferPointer<BoundMapping.Piece>

  init(_ pieces: [BoundMapping.Piece]) {
    let storage = UnsafeMutablePointer<BoundMapping.Piece>.allocate(capacity: max(pieces.count, 1))
    storage.initialize(from: pieces, count: pieces.count)
    self.pieces = UnsafeBufferPointer(start: storage, count: pieces.count)
  }

  deinit { UnsafeMutablePointer(mutating: pieces.baseAddress!).deallocate() }
}
