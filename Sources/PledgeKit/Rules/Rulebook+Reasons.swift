/// Why each rule does not apply to a record it gave no claim (SPEC 6): the first condition of
/// the rule's "applies to" column (SPEC 3) that the record does not meet, in the order the
/// rule checks them. Key persons and duties are left out: a register row always has what
/// they need (their required columns), so they never go silent for want of a value.
extension Rulebook {
  static let reasons: [RuleID: [ReasonSubject]] = [
    .callAnswer: [.call { call, _ in .unknown("rings not known", "no rings in the record") }],
    .callInquiry: [
      .call { call, _ in .unknown("inquiry time not known", "no inquiry_seconds in the record") }
    ],
    .callDepart: [
      .dispatch { d in
        if let reason = classOne(d) { return reason }
        return dispatchTime(d)
      }
    ],
    .callArrive: [
      .dispatch { d in
        if let reason = classOne(d) { return reason }
        guard let zone = d.zone else { return .unknown("zone not known", "no zone in the record or its call") }
        guard zone == .urban || zone == .suburb else { return .known("zone is \(zone.word), not urban or suburb") }
        return dispatchTime(d)
      }
    ],
    .callArriveCommitted: [
      .dispatch { d in
        guard let unitClass = d.unitClass else { return unitClassUnknown(d) }
        guard unitClass != .one else { return .known("unit class is 1 (call.depart and call.arrive apply)") }
        guard d.committedMinutes != nil else {
          return .unknown("committed minutes not known", registerDetail(d, lacking: "committed_minutes", rowColumn: nil))
        }
        return dispatchTime(d)
      }
    ],
    .emergencyReady: [.dispatch { d in emergency(d) }],
    .emergencyArrive: [.dispatch { d in emergency(d) }],
    .windowGeneral: [.visit { visit, _ in window(visit, matter: .general) }],
    .windowOnsite: [.visit { visit, _ in window(visit, matter: .commitment) }],
    .reportOnsite: [.complaint { complaint, _ in reportInScope(complaint) }],
    .reportNotify: [.complaint { complaint, _ in reportInScope(complaint) }],
    .reportClose: [.complaint { complaint, _ in reportInScope(complaint) }],
    .pledgeReply: [
      .complaint { complaint, _ in
        complaint.kind == .report ? .known("a report complaint, not a pledge complaint") : .unknown("kind not known")
      }
    ],
    .caseDue: [
      .visit { _, _ in .known("no promised time", "no due_at in the record") },
      .complaint { _, _ in .known("no promised time", "no due_at in the record") },
    ],
  ]

  /// The reason a dispatch's class keeps call.depart and call.arrive away, if it does.
  private static func classOne(_ d: DispatchFacts) -> Inapplicability? {
    guard let unitClass = d.unitClass else { return unitClassUnknown(d) }
    guard unitClass == .one else {
      return .known("unit class is \(unitClass.word) (call.arrive.committed applies to classes 2 and 3)")
    }
    return nil
  }

  private static func unitClassUnknown(_ d: DispatchFacts) -> Inapplicability {
    .unknown("unit class not known", registerDetail(d, lacking: "class", rowColumn: "unit_class"))
  }

  /// Where a value that falls back to the units register was looked for: the record's own
  /// `rowColumn` (when it has one), then the register's `lacking` column of its unit.
  private static func registerDetail(_ d: DispatchFacts, lacking: String, rowColumn: String?) -> String {
    let row = rowColumn.map { "no \($0) in the record; " } ?? ""
    guard let unit = d.unitID else {
      return rowColumn.map { "no \($0) and no unit_id in the record" } ?? "no unit_id in the record"
    }
    return row
      + (d.context.isRegistered(unit)
        ? "unit \(unit) has no \(lacking) in the units register" : "unit \(unit) is not in the units register")
  }

  private static func dispatchTime(_ d: DispatchFacts) -> Inapplicability {
    d.dispatchedAt == nil
      ? .unknown("dispatch time not known", "no dispatched_at in the record")
      : .known("the dispatch is judged elsewhere")
  }

  private static func emergency(_ d: DispatchFacts) -> Inapplicability {
    guard d.isEmergency else {
      return d.category == nil
        ? .unknown("category not known", "no category in the call")
        : .known("category is not an emergency category", "the call's category is \(quoted(d.category ?? ""))")
    }
    return dispatchTime(d)
  }

  private static func window(_ visit: VisitRecord, matter wanted: Matter) -> Inapplicability {
    guard let kind = visit.kind else { return .unknown("kind not known") }
    guard kind == .window else { return .known("a \(kind.word) visit, not a window visit") }
    guard let matter = visit.matter else {
      return .unknown("matter not known", "no matter in the record: general or commitment")
    }
    return .known("matter is \(matter.word), not \(wanted.word)")
  }

  private static func reportInScope(_ complaint: ComplaintRecord) -> Inapplicability {
    guard let kind = complaint.kind else { return .unknown("kind not known") }
    guard kind == .report else { return .known("a pledge complaint, not a report") }
    return .known("out of scope (in_scope is no)")
  }
}
