/// Measurements of reading a snapshot, for pledge-bench (not used by pledge itself).
public enum SnapshotBench {
  public static func measure(_ file: SnapshotFileHandle, quarter: Quarter) -> String {
    let snapshot = file.file
    let base = RecordBase<CallRecord>(snapshot)
    let range = quarter.start...quarter.end
    let t0 = Timings.now()
    let kept = (0..<base.count).filter { base.mayStart($0, in: range) }
    let t1 = Timings.now()
    var records: [CallRecord] = []
    records.reserveCapacity(kept.count)
    for index in kept { records.append(base.record(at: index)!) }
    let t2 = Timings.now()
    var table = RecordTable<CallRecord>()
    table.reserveCapacity(records.count)
    for record in records { _ = table.append(record) }
    let t3 = Timings.now()
    func ms(_ a: Double, _ b: Double) -> String { "\(Int((b - a) * 1000)) ms" }
    return "select \(kept.count) of \(base.count): \(ms(t0, t1)); decode: \(ms(t1, t2)); index: \(ms(t2, t3))"
  }
}

/// A snapshot file opened for pledge-bench.
public struct SnapshotFileHandle {
  let file: SnapshotFile
}

public enum MappedFileForBench {
  public static func open(_ path: String) throws -> SnapshotFileHandle {
    guard let file = SnapshotFile(try MappedFile(path: path)) else { throw Diagnostic("not a snapshot: \(path)") }
    return SnapshotFileHandle(file: file)
  }
}
