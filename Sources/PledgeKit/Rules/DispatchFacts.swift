/// One unit's dispatch to a call, as the clocked call rules read it (SPEC 3, "Dispatches";
/// §7.13, §7.31–§7.33): either a call's own dispatch columns (the single-unit export), or one
/// record of `dispatches` with what it takes from its call. Worked out once per dispatch,
/// since five rules ask the same.
struct DispatchFacts {
  /// Not retained: the context outlives every evaluation, and a retain per dispatch would
  /// bounce its reference count between the cores evaluating.
  unowned(unsafe) let context: RuleContext
  let unitID: String?
  let handlerID: String?
  /// The row's class, else the register's (SPEC §7.13).
  let unitClass: UnitClass?
  /// From the register only (SPEC §7.13).
  let committedMinutes: Int?
  /// The dispatch's zone, else its call's.
  let zone: Zone?
  /// Whether its call's category is an emergency category.
  let isEmergency: Bool
  /// Its call's category (for saying why an emergency rule does not apply).
  let category: String?
  /// Withdrawn: its own `cancelled`, or its call's when the call exists at A (§7.32).
  let isCancelled: Bool
  let dispatchedAt: Instant?
  let departedAt: Instant?
  let arrivedAt: Instant?

  /// A call's own dispatch (a call with no records in `dispatches`, §7.34).
  init(call: borrowing CallRecord, _ context: Unmanaged<RuleContext>) {
    (unitClass, committedMinutes, isEmergency) = context._withUnsafeGuaranteedRef { context in
      (
        context.unitClass(stated: call.unitClass, of: call.unitID),
        context.committedMinutes(of: call.unitID), context.isEmergency(call.category)
      )
    }
    self.context = context.takeUnretainedValue()
    unitID = call.unitID
    handlerID = call.handlerID
    category = call.category
    zone = call.zone
    isCancelled = call.isCancelled == true
    dispatchedAt = call.dispatchedAt
    departedAt = call.departedAt
    arrivedAt = call.arrivedAt
  }

  /// A record of `dispatches`: its own unit, class, handler and times; zone, category and
  /// cancellation through its call when the call exists at A (§7.33).
  init(dispatch: borrowing DispatchRecord, _ context: Unmanaged<RuleContext>) {
    let call = context._withUnsafeGuaranteedRef { $0.call(dispatch.callID) }
    (unitClass, committedMinutes, isEmergency) = context._withUnsafeGuaranteedRef { context in
      (
        context.unitClass(stated: dispatch.unitClass, of: dispatch.unitID),
        context.committedMinutes(of: dispatch.unitID), context.isEmergency(call?.category)
      )
    }
    self.context = context.takeUnretainedValue()
    unitID = dispatch.unitID
    handlerID = dispatch.handlerID
    category = call?.category
    zone = dispatch.zone ?? call?.zone
    isCancelled = dispatch.isCancelled == true || call?.isCancelled == true
    dispatchedAt = dispatch.dispatchedAt
    departedAt = dispatch.departedAt
    arrivedAt = dispatch.arrivedAt
  }

  @inline(__always)
  func known(_ time: Instant?) -> Instant? { context.known(time) }
}
