extension Evaluation {
  /// Every rule of the record's source that gives it no obligation, with the first reason
  /// (SPEC 6, `pledge show case`). For a call with records in `dispatches`, the clocked rules
  /// are said to be judged through them.
  public func inapplicableRules(of source: Source, id: String) -> [(rule: RuleID, why: Inapplicability)] {
    var found: [(RuleID, Inapplicability)] = []
    let unretained = Unmanaged.passUnretained(context)
    for rule in Rulebook.rules {
      for (subject, reason) in zip(rule.subjects, Rulebook.reasons[rule.id] ?? []) {
        switch (subject, reason, source) {
        case (.call(let claim), .call(let why), .calls):
          if let call = projection.calls[id], claim(call, context) == nil { found.append((rule.id, why(call, context))) }
        case (.dispatch(let claim), .dispatch(let why), .calls):
          guard let call = projection.calls[id] else { continue }
          if context.hasDispatches(id) {
            let count = projection.dispatches(ofCall: id).count
            found.append((rule.id, .known("judged through the call's \(count) dispatch\(count == 1 ? "" : "es")")))
          } else {
            let dispatch = DispatchFacts(call: call, unretained)
            if claim(dispatch) == nil { found.append((rule.id, why(dispatch))) }
          }
        case (.dispatch(let claim), .dispatch(let why), .dispatches):
          guard let record = projection.dispatches[id] else { continue }
          let dispatch = DispatchFacts(dispatch: record, unretained)
          if claim(dispatch) == nil { found.append((rule.id, why(dispatch))) }
        case (.visit(let claim), .visit(let why), .visits):
          if let visit = projection.visits[id], claim(visit, context) == nil { found.append((rule.id, why(visit, context))) }
        case (.complaint(let claim), .complaint(let why), .complaints):
          if let complaint = projection.complaints[id], claim(complaint, context) == nil {
            found.append((rule.id, why(complaint, context)))
          }
        default:
          break
        }
      }
    }
    return found
  }

  /// One warning line for each rule with no obligation in the period although records of its
  /// source started in it, because a value the rule needs is not known (SPEC 6): the count of
  /// those records and of each reason. A rule kept away only by known values (no emergency
  /// category this quarter) is not warned about.
  public func silentRuleWarnings(in period: ReportPeriod, totals: [PeriodReport.Counts]) -> [String] {
    let range = period.range
    func started(_ time: Instant?) -> Bool {
      guard let time else { return false }
      return range.contains(time) && time <= asOf
    }
    let unretained = Unmanaged.passUnretained(context)
    var warnings: [String] = []
    for rule in Rulebook.rules where totals[rule.id.order].obligations == 0 {
      var tally: [(Inapplicability, Int)] = []
      var records = 0
      var noun = ""
      var columnsOf = ""
      func count(_ why: Inapplicability) {
        records += 1
        if let i = tally.firstIndex(where: { $0.0.reason == why.reason }) { tally[i].1 += 1 } else { tally.append((why, 1)) }
      }
      for (subject, reason) in zip(rule.subjects, Rulebook.reasons[rule.id] ?? []) {
        switch (subject, reason) {
        case (.call(let claim), .call(let why)):
          (noun, columnsOf) = ("calls", "calls")
          for call in projection.calls.records where started(call.receivedAt) && claim(call, context) == nil {
            count(why(call, context))
          }
        case (.dispatch(let claim), .dispatch(let why)):
          noun = "dispatches"
          for call in projection.calls.records where !context.hasDispatches(call.id) {
            guard started(call.dispatchedAt ?? call.receivedAt) else { continue }
            let dispatch = DispatchFacts(call: call, unretained)
            if claim(dispatch) == nil {
              count(why(dispatch))
              columnsOf = "calls"
            }
          }
          for record in projection.dispatches.records where started(record.dispatchedAt) {
            let dispatch = DispatchFacts(dispatch: record, unretained)
            if claim(dispatch) == nil {
              count(why(dispatch))
              if columnsOf.isEmpty { columnsOf = "dispatches" }
            }
          }
        case (.visit(let claim), .visit(let why)):
          (noun, columnsOf) = ("visits", "visits")
          for visit in projection.visits.records where started(visit.startedAt) && claim(visit, context) == nil {
            count(why(visit, context))
          }
        case (.complaint(let claim), .complaint(let why)):
          noun = noun.isEmpty ? "complaints" : noun + " and complaints"
          columnsOf = columnsOf.isEmpty ? "complaints" : columnsOf
          for complaint in projection.complaints.records
          where started(complaint.receivedAt) && claim(complaint, context) == nil {
            count(why(complaint, context))
          }
        default:
          break
        }
      }
      guard tally.contains(where: { $0.0.isUnknownValue }) else { continue }
      // Unknown values first, the most frequent first.
      tally.sort { a, b in
        a.0.isUnknownValue != b.0.isUnknownValue ? a.0.isUnknownValue : a.1 > b.1
      }
      let reasons = tally.map { "\($0.0.reason) (\($0.1))" }.joined(separator: ", ")
      warnings.append(
        "warning: \(rule.id.rawValue): none of \(records) \(noun) in \(period) applies: \(reasons);"
          + " see pledge columns \(columnsOf)")
    }
    return warnings
  }
}
