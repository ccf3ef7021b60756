/// The records of a snapshot, read one at a time when asked for: a table built on a base holds
/// in memory only the records it was asked for (by key, or by the quarter their start lies
/// in), so a small ingest or one quarter's report does not decode a whole year of calls.
final class RecordBase<R: Record>: @unchecked Sendable {
  let snapshot: SnapshotFile
  private let facts = Array(R.FactKind.allCases)

  init(_ snapshot: SnapshotFile) { self.snapshot = snapshot }

  var count: Int { snapshot.count }

  /// The position in the snapshot of the record with this key.
  func find(_ id: String, hash: UInt32) -> Int? {
    KeySlots.probe(snapshot.slots, hash: hash) { self.id(at: $0).map { sameBytes($0, id) } ?? false }
  }

  /// The record at `index`, or nil when its bytes do not decode.
  func record(at index: Int) -> R? {
    var r = ByteReader(UnsafeRawBufferPointer(rebasing: snapshot.body[Int(snapshot.offsets[index])...]))
    do {
      var record = R(id: try r.string())
      var present: UInt64 = 0
      for (i, byte) in try r.bytes(Snapshot.presenceBytes(facts.count)).enumerated() {
        present |= UInt64(byte) << UInt64(8 * i)
      }
      for (bit, fact) in facts.enumerated() where present & (1 << UInt64(bit)) != 0 {
        if fact.valueType == .text {
          // 0: a short text written in place; n: text n - 1 of the snapshot's table.
          let number = try r.int()
          if number == 0 {
            record[fact: fact] = .text(try r.string())
            continue
          }
          guard number - 1 < snapshot.textCount else { return nil }
          record[fact: fact] = .text(snapshot.text(number - 1))
        } else {
          record[fact: fact] = try SnapshotValue.read(fact.valueType, from: &r)
        }
      }
      return record
    } catch {
      return nil
    }
  }

  private func id(at index: Int) -> String? {
    var r = ByteReader(UnsafeRawBufferPointer(rebasing: snapshot.body[Int(snapshot.offsets[index])...]))
    return try? r.string()
  }

  /// Whether either possible start of record `index` lies in `range`.
  func mayStart(_ index: Int, in range: ClosedRange<Instant>) -> Bool {
    let first = snapshot.starts[2 * index]
    let second = snapshot.starts[2 * index + 1]
    let low = range.lowerBound.secondsSinceEpoch
    let high = range.upperBound.secondsSinceEpoch
    return (first != .min && first >= low && first <= high) || (second != .min && second >= low && second <= high)
  }
}
