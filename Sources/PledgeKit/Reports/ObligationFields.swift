/// An obligation's fields from `record_id` on, as penalties and obligations print them (SPEC 5):
/// record, unit and person (spreadsheet-safe, quoted where needed), start, deadline, done
/// (only with a deadline), the state when asked, late_seconds, late_days, compensation.
/// Written straight into a `BlockBuffer` through a cursor: the obligations report renders a
/// million of these rows a quarter.
enum ObligationFields {
  /// At most how many bytes `write` takes for `o`.
  static func maximumSize(_ o: Obligation) -> Int {
    // An id: a leading ', quotes, every byte doubled at worst. A time: 19 bytes, or a year
    // beyond 9999 in up to 20 digits. The rest: state, two numbers of up to 20 digits, money,
    // the commas and the line end.
    let ids = o.recordID.utf8.count + o.unitID.utf8.count + (o.personID?.utf8.count ?? 0)
    return 9 + 2 * ids + 3 * 40 + 8 + 2 * 21 + 25 + 12
  }

  /// Writes the fields (not the row's end) into room made beforehand (`maximumSize`).
  static func write(_ o: Obligation, withState: Bool, to w: inout BlockBuffer.Cursor) {
    text(o.recordID, to: &w)
    w.byte(comma)
    text(o.unitID, to: &w)
    w.byte(comma)
    text(o.personID ?? "", to: &w)
    w.byte(comma)
    time(o.start, to: &w)
    w.byte(comma)
    if let deadline = o.deadline { time(deadline, to: &w) }
    w.byte(comma)
    if o.deadline != nil, let done = o.done { time(done, to: &w) }
    w.byte(comma)
    if withState {
      state(o.state, to: &w)
      w.byte(comma)
    }
    if let late = o.lateSeconds { w.decimal(late) }
    w.byte(comma)
    if let days = o.lateDays { w.decimal(Int64(days)) }
    w.byte(comma)
    o.compensation.write(to: &w)
  }

  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")

  /// A text copied from input: a leading `'` when a spreadsheet would take it for a formula
  /// (CellFormat.spreadsheetSafe), in quotes when it holds a comma, quote or line end.
  private static func text(_ value: String, to w: inout BlockBuffer.Cursor) {
    var value = value
    value.withUTF8 { bytes in
      guard let first = bytes.first else { return }
      let guarded = CellFormat.startsLikeAFormula(first)
      guard CSVWriter.needsQuotes(UnsafeRawBufferPointer(bytes)) else {
        if guarded { w.byte(UInt8(ascii: "'")) }
        w.bytes(UnsafeRawBufferPointer(bytes))
        return
      }
      w.byte(quote)
      if guarded { w.byte(UInt8(ascii: "'")) }
      for b in bytes {
        if b == quote { w.byte(quote) }
        w.byte(b)
      }
      w.byte(quote)
    }
  }

  /// `YYYY-MM-DD HH:MM:SS`, as `Instant.appendFormatted` writes it.
  private static func time(_ instant: Instant, to w: inout BlockBuffer.Cursor) {
    if instant.fillFormatted(w.position.bindMemory(to: UInt8.self, capacity: 19)) {
      w.skip(19)
      return
    }
    var bytes: [UInt8] = []
    instant.appendFormatted(to: &bytes)
    w.bytes(bytes)
  }

  private static func state(_ state: ObligationState, to w: inout BlockBuffer.Cursor) {
    switch state {
    case .met: w.bytes("met")
    case .breached: w.bytes("breached")
    case .open: w.bytes("open")
    case .exempt: w.bytes("exempt")
    }
  }
}
