/// A rule's reading of one kind of record (see `Evaluation.RulesBySubject`).
protocol SubjectRule {
  associatedtype Subject: Record
  associatedtype Facts
  var traits: RuleTraits { get }
  func claim(_ record: borrowing Subject, _ facts: Facts) -> Claim?
}

extension Evaluation {
  /// The rulebook regrouped by the kind of record each rule reads, so each record is visited
  /// once.
  struct RulesBySubject {
    var calls: [CallRule] = []
    /// The clocked rules, on a call's own dispatch.
    var dispatches: [DispatchRule] = []
    /// The same rules, on records of `dispatches`.
    var dispatchRecords: [DispatchRecordRule] = []
    var visits: [VisitRule] = []
    var complaints: [ComplaintRule] = []
    var persons: [(RuleTraits, @Sendable (PersonRecord, RuleContext, ClosedRange<Instant>?) -> [Claim])] = []
    var duties: [(RuleTraits, @Sendable (DutyRecord, RuleContext, ClosedRange<Instant>?) -> [Claim])] = []
  }

  /// One rule's claim function over one kind of record, in a struct of its own kind: a
  /// function stored in a tuple or a generic struct sits behind a reabstraction thunk, a heap
  /// object every call retains, whose reference count would bounce between the cores.
  struct CallRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing CallRecord, RuleContext) -> Claim?
    func claim(_ record: borrowing CallRecord, _ facts: RuleContext) -> Claim? { claim(record, facts) }
  }

  /// A clocked rule on a dispatch already read (`DispatchFacts`); the record is the call.
  struct DispatchRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing DispatchFacts) -> Claim?
    func claim(_ dispatch: borrowing DispatchFacts, _: Void) -> Claim? { claim(dispatch) }
  }

  /// A clocked rule on a record of `dispatches`.
  struct DispatchRecordRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing DispatchFacts) -> Claim?
    func claim(_ record: borrowing DispatchRecord, _ facts: DispatchFacts) -> Claim? { claim(facts) }
  }

  struct VisitRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing VisitRecord, RuleContext) -> Claim?
    func claim(_ record: borrowing VisitRecord, _ facts: RuleContext) -> Claim? { claim(record, facts) }
  }

  struct ComplaintRule: SubjectRule {
    let traits: RuleTraits
    let claim: @Sendable (borrowing ComplaintRecord, RuleContext) -> Claim?
    func claim(_ record: borrowing ComplaintRecord, _ facts: RuleContext) -> Claim? { claim(record, facts) }
  }

  static let rulesBySubject: RulesBySubject = {
    var grouped = RulesBySubject()
    for rule in Rulebook.rules {
      for subject in rule.subjects {
        switch subject {
        case .call(let claim): grouped.calls.append(CallRule(traits: rule.traits, claim: claim))
        case .dispatch(let claim):
          grouped.dispatches.append(DispatchRule(traits: rule.traits, claim: claim))
          grouped.dispatchRecords.append(DispatchRecordRule(traits: rule.traits, claim: claim))
        case .visit(let claim): grouped.visits.append(VisitRule(traits: rule.traits, claim: claim))
        case .complaint(let claim): grouped.complaints.append(ComplaintRule(traits: rule.traits, claim: claim))
        case .person(let claims): grouped.persons.append((rule.traits, claims))
        case .duty(let claims): grouped.duties.append((rule.traits, claims))
        }
      }
    }
    return grouped
  }()
}
