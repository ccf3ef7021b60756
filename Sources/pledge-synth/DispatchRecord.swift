import PledgeKit

/// One dispatch order (处警记录): one responding unit of one call, kept compactly until its
/// day's orders are written.
struct DispatchRecord {
  static let none = Int64.min

  /// The call it serves: the call export's id is `JJ`, this date and this sequence.
  var callDay: Int32
  var callSequence: Int32
  /// 1 for the call's own unit, 2 and 3 for the units that joined it.
  var order: Int8
  var unit: Int32
  var showsClass = false
  /// `Zone.rawValue`, or -1 when the cell is empty (the call's zone applies).
  var zone: Int8 = -1
  var style = TimeStyle.standard
  var dispatched: Int64
  var departed = none
  var arrived = none
  var reported = none
  var handler: Int32 = -1
  var cancelled = false

  init(call: CallRow, order: Int, unit: Int, dispatched: Int64) {
    callDay = Int32(call.day.dayNumber)
    callSequence = Int32(call.sequence)
    self.order = Int8(order)
    self.unit = Int32(unit)
    self.dispatched = dispatched
  }

  /// `CJ`, the call's date and sequence, then the order's two-digit number.
  func appendID(to bytes: inout [UInt8]) {
    bytes += DispatchRecord.prefix
    appendCallDigits(to: &bytes)
    appendDigits(Int(order), width: 2, to: &bytes)
  }

  func appendCallID(to bytes: inout [UInt8]) {
    bytes += DispatchRecord.callPrefix
    appendCallDigits(to: &bytes)
  }

  private func appendCallDigits(to bytes: inout [UInt8]) {
    ByteText.appendCompactDate(CivilDate(dayNumber: Int(callDay)), to: &bytes)
    appendDigits(Int(callSequence), width: 4, to: &bytes)
  }

  /// Writes the row in the columns of `DispatchExport.header`.
  func write(
    to writer: inout CSVWriter, units: UnitRegister, clock: inout TimeWriter,
    scratch: inout [UInt8]
  ) {
    scratch.removeAll(keepingCapacity: true)
    appendID(to: &scratch)
    scratch.withUnsafeBytes { writer.field($0) }
    scratch.removeAll(keepingCapacity: true)
    appendCallID(to: &scratch)
    scratch.withUnsafeBytes { writer.field($0) }
    time(dispatched, &clock, &writer)
    let register = units.units[Int(unit)]
    register.id.withUnsafeBytes { writer.field($0) }
    let shown = showsClass ? register.classNumber : 0
    writer.plainField { if shown > 0 { appendDigits(shown, to: &$0) } }
    if zone >= 0 {
      Zone(rawValue: Int(zone))!.word.withUnsafeBytes { writer.field($0) }
    } else {
      writer.plainField { _ in }
    }
    time(departed, &clock, &writer)
    time(arrived, &clock, &writer)
    time(reported, &clock, &writer)
    scratch.removeAll(keepingCapacity: true)
    if handler >= 0 { register.appendStaffID(Int(handler), to: &scratch) }
    scratch.withUnsafeBytes { writer.field($0) }
    let cancelled = self.cancelled
    writer.plainField { if cancelled { $0.append(contentsOf: DispatchRecord.yes) } }
  }

  private func time(_ seconds: Int64, _ clock: inout TimeWriter, _ writer: inout CSVWriter) {
    let style = self.style
    writer.plainField { bytes in
      if seconds != DispatchRecord.none { clock.append(seconds, style: style, to: &bytes) }
    }
  }

  private static let prefix = Array("CJ".utf8)
  private static let callPrefix = Array("JJ".utf8)
  private static let yes = Array("yes".utf8)
}
