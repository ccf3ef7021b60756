/// A chunk of parsed rows: keys, lines, and the values of each row (`width` per row, flat).
struct ParsedRows: @unchecked Sendable {
  let width: Int
  private(set) var count = 0
  private(set) var ids: [String] = []
  /// `KeySlots.hash` of each id.
  private(set) var hashes: [UInt32] = []
  private(set) var lines: [Int] = []
  private(set) var values: [EventValue?] = []
  var rowsRead = 0
  private(set) var rejections: [Rejection] = []
  /// How far into the file the reader was after this chunk (bytes).
  var endOffset = 0

  init(width: Int, capacity: Int) {
    self.width = width
    ids.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
    lines.reserveCapacity(capacity)
    values.reserveCapacity(capacity * width)
  }

  var isEndOfFile: Bool { rowsRead == 0 }

  /// Takes the row's values, leaving `row` all nil.
  mutating func accept(id: String, hash: UInt32, line: Int, values row: inout [EventValue?]) {
    ids.append(id)
    hashes.append(hash)
    lines.append(line)
    // Moved one by one (appending the array would copy each value through its witness).
    for i in row.indices { values.append(row[i].take()) }
    count += 1
  }

  mutating func reject(_ rejection: Rejection) { rejections.append(rejection) }
}
