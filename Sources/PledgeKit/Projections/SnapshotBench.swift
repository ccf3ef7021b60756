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

/// Where evaluating a quarter spends its time, for pledge-bench.
public enum EvaluationBench {
  public static func measure(_ evaluation: Evaluation, quarter: Quarter) throws -> String {
    let range = quarter.start...quarter.end
    let calls = evaluation.projection.calls.records
    let rules = Evaluation.rulesBySubject.calls
    var t = Timings.now()
    var lines: [String] = []
    func lap(_ label: String) {
      let now = Timings.now()
      lines.append("\(label) \(Int((now - t) * 1000)) ms")
      t = now
    }
    var kept = 0
    for call in calls {
      let s = call.possibleStarts
      if (s.0.map(range.contains) ?? false) || (s.1.map(range.contains) ?? false) { kept += 1 }
    }
    lap("select \(kept) of \(calls.count) calls:")
    var claims = 0
    for call in calls {
      let s = call.possibleStarts
      guard (s.0.map(range.contains) ?? false) || (s.1.map(range.contains) ?? false) else { continue }
      let facts = CallFacts(call, evaluation.context)
      for (_, claim) in rules where claim(call, facts) != nil { claims += 1 }
    }
    lap("\(claims) claims:")
    var judged = 0
    for call in calls {
      let s = call.possibleStarts
      guard (s.0.map(range.contains) ?? false) || (s.1.map(range.contains) ?? false) else { continue }
      let facts = CallFacts(call, evaluation.context)
      for (rule, claim) in rules {
        if let c = claim(call, facts), range.contains(c.start) {
          _ = try evaluation.judge(c, rule)
          judged += 1
        }
      }
    }
    lap("claims and \(judged) judgements:")
    var visitClaims = 0
    for visit in evaluation.projection.visits.records {
      guard visit.startedAt.map(range.contains) ?? false else { continue }
      for (_, claim) in Evaluation.rulesBySubject.visits where claim(visit, evaluation.context) != nil { visitClaims += 1 }
    }
    lap("\(visitClaims) visit claims:")
    var complaintClaims = 0
    for complaint in evaluation.projection.complaints.records {
      guard complaint.receivedAt.map(range.contains) ?? false else { continue }
      for (_, claim) in Evaluation.rulesBySubject.complaints where claim(complaint, evaluation.context) != nil { complaintClaims += 1 }
    }
    lap("\(complaintClaims) complaint claims:")
    var personClaims = 0
    for person in evaluation.projection.persons.records {
      for (_, claims) in Evaluation.rulesBySubject.persons { personClaims += claims(person, evaluation.context, range).count }
    }
    lap("\(personClaims) person claims:")
    var count = 0
    try evaluation.forEachJudgement(.init(quarter: quarter)) { _, _, _, _ in count += 1 }
    lap("every rule, one core, \(count) judgements:")
    let report = try QuarterReport(evaluation: evaluation, quarter: quarter)
    lap("the quarter's report on every core (\(report.breaches.count) breaches):")
    return lines.joined(separator: "; ")
  }
}
