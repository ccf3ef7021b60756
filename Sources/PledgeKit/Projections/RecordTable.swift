/// The records of one source, by natural key, in order of first appearance.
public struct RecordTable<R: Record>: Sendable {
  public private(set) var records: [R] = []
  private var index: [String: Int] = [:]
  // Events about one record come in runs: remember the last one looked up.
  private var lastID = ""
  private var lastIndex = -1

  public init() {}

  public var count: Int { records.count }

  public subscript(id: String) -> R? {
    guard let i = index[id] else { return nil }
    return records[i]
  }

  /// Whether a record with this key exists.
  public func contains(_ id: String) -> Bool { (lastIndex >= 0 && id == lastID) || index[id] != nil }

  /// Applies `change` to the record `id`, creating it when new.
  @inline(__always)
  public mutating func update(_ id: String, _ change: (inout R) -> Void) {
    if lastIndex >= 0, id == lastID {
      change(&records[lastIndex])
      return
    }
    let i: Int
    if let existing = index[id] {
      i = existing
    } else {
      i = records.count
      records.append(R(id: id))
      index[id] = i
    }
    lastID = id
    lastIndex = i
    change(&records[i])
  }

  public mutating func reserveCapacity(_ n: Int) {
    records.reserveCapacity(n)
    index.reserveCapacity(n)
  }
}
