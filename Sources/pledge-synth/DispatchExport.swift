import PledgeKit

/// The dispatch orders (处警记录, SPEC 1.3a): one row per responding unit, in the order of
/// their calls.
///
/// By default they are the orders of the city's joint calls: the calls of the call export,
/// replayed from the same streams, with the orders' own randomness from the `dispatches`
/// stream (one per day), so the call export's bytes never depend on them. With `logRows`, a
/// standalone log of exactly that many rows instead, every dispatched call of a virtual call log
/// with its orders, for timing ingest against a call log of the same length.
struct DispatchExport {
  let calls: CallExport
  let logRows: Int?
  let seed: UInt64

  static let header = [
    "dispatch_id", "call_id", "dispatched_at", "unit_id", "unit_class", "zone", "departed_at",
    "arrived_at", "reported_at", "handler_id", "cancelled",
  ]

  func write(to file: ExportFile) throws {
    if let logRows {
      try writeLog(rows: logRows, to: file)
    } else {
      try writeCity(to: file)
    }
  }

  private func writeCity(to file: ExportFile) throws {
    var random = RandomSource(seed: seed, stream: .dispatches)
    var day = Int.min
    var records: [DispatchRecord] = []
    var output = Output()
    try calls.forEachCall { date, call in
      if date.dayNumber != day {
        day = date.dayNumber
        random = RandomSource(seed: seed, stream: .dispatches, index: day)
      }
      records.removeAll(keepingCapacity: true)
      JointResponse.append(
        call: call, units: calls.units, span: calls.span, everyCall: false, to: &records,
        &random)
      try output.write(records, on: date, to: file, units: calls.units)
    }
  }

  /// Days share the rows as they share calls. Each day replays enough calls for its share
  /// (twice as many again in the rare day that falls short), then drops the surplus orders
  /// spread over the day, so the day's hours keep their rhythm.
  private func writeLog(rows: Int, to file: ExportFile) throws {
    let perDay = [Int].apportion(rows, by: calls.dayWeights())
    var output = Output()
    var row = CallRow()
    var records: [DispatchRecord] = []
    for (offset, quota) in perDay.enumerated() where quota > 0 {
      let day = calls.span.first.dayNumber + offset
      var random = RandomSource(seed: seed, stream: .dispatchLog, index: day)
      var callCount = quota * 10_000 / JointResponse.ordersPerTenThousandCalls + quota / 20 + 4
      var attempts = 0
      repeat {
        attempts += 1
        guard attempts <= 20 else {
          throw SynthError(
            "dispatches: cannot make \(quota) orders on \(CivilDate(dayNumber: day))")
        }
        records.removeAll(keepingCapacity: true)
        random = RandomSource(seed: seed, stream: .dispatchLog, index: day)
        calls.forEachCall(onDay: day, count: callCount, row: &row) { _, call in
          JointResponse.append(
            call: call, units: calls.units, span: calls.span, everyCall: true, to: &records,
            &random)
        }
        callCount *= 2
      } while records.count < quota
      records.keepSample(quota, &random)
      try output.write(records, on: CivilDate(dayNumber: day), to: file, units: calls.units)
    }
  }

  /// The writing state shared by the rows of one file.
  private struct Output {
    var clock = TimeWriter()
    var scratch: [UInt8] = []

    mutating func write(
      _ records: [DispatchRecord], on date: CivilDate, to file: ExportFile, units: UnitRegister
    ) throws {
      for record in records {
        try file.beginRow(on: date)
        record.write(to: &file.writer, units: units, clock: &clock, scratch: &scratch)
        try file.endRow()
      }
    }
  }
}
