/// The records of a table encoded as a snapshot's body, on every core: what `SnapshotWriter`
/// writes out for a table folded whole.
///
/// The body is encoded in consecutive shares, one per core. Texts are numbered in two passes
/// so that no share waits for another: each share first numbers the texts it meets in a table
/// of its own, then one pass over those (few, distinct) texts gives every text its number in
/// the snapshot's table, and each share encodes its records with those numbers. The records,
/// their order and their values are those of a record-by-record encoding; only the text
/// numbers may differ.
struct SnapshotBody {
  /// The text table, by number (beginning with the table it continues).
  var texts: [String]
  /// The body, in consecutive parts.
  var parts: [BlockBuffer]
  /// Where each record starts in the body.
  var offsets: [UInt64]
  /// Each record's two selection times (Int64.min: none).
  var starts: [Int64]

  /// The body of `records`, its longer texts numbered after those of `existing` (a writer's
  /// table, when the body continues a snapshot being written).
  init<R: Record>(_ records: ArraySlice<R>, continuing existing: StringIndex = StringIndex()) {
    let count = records.count
    let parts = count >= 1 << 15 ? Parallel.cores : 1
    func share(_ part: Int) -> Range<Int> { (count * part / parts)..<(count * (part + 1) / parts) }
    let facts = Array(R.FactKind.allCases)
    let textFacts = facts.filter { $0.valueType == .text }
    // Pass 1: each share's texts, and a number in that share's table for every text value.
    let local = try! Parallel.map(parts) { part -> (index: StringIndex, numbers: [UInt32]) in
      var index = StringIndex()
      var numbers: [UInt32] = []
      numbers.reserveCapacity(share(part).count * textFacts.count)
      records.withUnsafeBufferPointer { records in
        for i in share(part) {
          for fact in textFacts {
            guard case .text(let text)? = records[i][fact: fact], !Snapshot.isWrittenInPlace(text) else { continue }
            numbers.append(UInt32(truncatingIfNeeded: index.insert(text).index))
          }
        }
      }
      return (index, numbers)
    }
    // One table for the snapshot: the first share's texts in order, then those new in the next.
    var table = existing
    let renumbered = local.map { part in part.index.keys.map { UInt32(truncatingIfNeeded: table.insert($0).index) } }
    texts = table.keys
    // Pass 2: the records, with the table's numbers.
    let encoded = try! Parallel.map(parts) { part -> (bytes: BlockBuffer, offsets: [UInt64], starts: [Int64]) in
      let range = share(part)
      let body = BlockBuffer(capacity: range.count * 104)
      var offsets: [UInt64] = []
      var starts: [Int64] = []
      offsets.reserveCapacity(range.count)
      starts.reserveCapacity(2 * range.count)
      var numbers = SharedNumbers(local: local[part].numbers, renumbered: renumbered[part])
      records.withUnsafeBufferPointer { records in
        for i in range {
          let record = records[i]
          offsets.append(UInt64(body.count))
          let (first, second) = record.selectionTimes
          starts.append(first?.secondsSinceEpoch ?? .min)
          starts.append(second?.secondsSinceEpoch ?? .min)
          Snapshot.encode(record, facts: facts, into: body, texts: &numbers)
        }
      }
      return (body, offsets, starts)
    }
    self.parts = encoded.map(\.bytes)
    offsets = []
    offsets.reserveCapacity(count)
    var base: UInt64 = 0
    for part in encoded {
      offsets.append(contentsOf: part.offsets.lazy.map { $0 + base })
      base += UInt64(part.bytes.count)
    }
    starts = encoded.flatMap(\.starts)
  }
}

/// A share's text numbers in the snapshot's table: the share's longer texts in the order pass
/// 1 met them (`local`, numbers in the share's own table), each mapped to the snapshot's
/// (`renumbered`). Pass 2 meets them in the same order.
private struct SharedNumbers: SnapshotTextNumbers {
  let local: [UInt32]
  let renumbered: [UInt32]
  var next = 0

  mutating func number(of _: String) -> Int {
    defer { next += 1 }
    return Int(renumbered[Int(local[next])])
  }
}
