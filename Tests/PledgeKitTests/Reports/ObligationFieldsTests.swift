import Testing

@testable import PledgeKit

/// The obligation fields written through a cursor (ObligationFields) are the bytes the CSV
/// writer gives the same values: spreadsheet-safe and quoted ids, times, the state, numbers
/// and money, for odd ids and every absent value.
@Suite struct ObligationFieldsTests {
  /// The fields as CSVWriter writes them field by field: the definition the cursor must meet.
  static func reference(_ o: Obligation, withState: Bool) -> [UInt8] {
    var csv = CSVWriter()
    csv.field(CellFormat.spreadsheetSafe(o.recordID))
    csv.field(CellFormat.spreadsheetSafe(o.unitID))
    csv.field(CellFormat.spreadsheetSafe(o.personID ?? ""))
    csv.plainField { o.start.appendFormatted(to: &$0) }
    csv.plainField { if let deadline = o.deadline { deadline.appendFormatted(to: &$0) } }
    csv.plainField { if o.deadline != nil, let done = o.done { done.appendFormatted(to: &$0) } }
    if withState { csv.plainField { $0.append(contentsOf: o.state.rawValue.utf8) } }
    csv.plainField { if let late = o.lateSeconds { appendDigits(Int(late), width: 1, to: &$0) } }
    csv.plainField { if let days = o.lateDays { appendDigits(days, width: 1, to: &$0) } }
    csv.plainField { o.compensation.appendFormatted(to: &$0) }
    return csv.bytes
  }

  static func written(_ o: Obligation, withState: Bool) -> [UInt8] {
    let buffer = BlockBuffer(capacity: ObligationFields.maximumSize(o))
    var w = BlockBuffer.Cursor(buffer.end)
    ObligationFields.write(o, withState: withState, to: &w)
    buffer.advance(to: w.position)
    #expect(buffer.count <= ObligationFields.maximumSize(o))
    return buffer.bytes
  }

  static let t = Instant(secondsSinceEpoch: 1_767_225_600)

  static func obligation(
    record: String = "JJ1", unit: String = "DW1", person: String? = "P1", deadline: Instant? = t,
    done: Instant? = nil, state: ObligationState = .breached, late: Int64? = 61, days: Int? = nil,
    fen: Int64 = 0, start: Instant = t
  ) -> Obligation {
    Obligation(
      rule: .pledgeReply, recordID: record, unitID: unit, personID: person, start: start,
      deadline: deadline, done: done, state: state, lateSeconds: late, lateDays: days,
      compensation: Money(fen: fen), clause: nil)
  }

  @Test(arguments: [
    obligation(),
    obligation(record: "=SUM(A1)", unit: "+1", person: "-x"),
    obligation(record: "@home", unit: "\tTab", person: "\rCR"),
    obligation(record: "a,b", unit: "say \"hi\"", person: "line\nend"),
    obligation(record: "=a,b", unit: "-\"q\"", person: ""),
    obligation(record: "'=already", unit: "", person: nil),
    obligation(record: "长的编号 with spaces", unit: "城关派出所", person: "张三"),
    obligation(deadline: nil, done: t, state: .met, late: nil),
    obligation(done: Instant(secondsSinceEpoch: 1_767_312_000 + 86_399), state: .met, late: nil),
    obligation(state: .open, late: nil, days: nil),
    obligation(state: .exempt, late: nil),
    obligation(late: -5, days: 12, fen: 12_000),
    obligation(days: 3, fen: 5),
    obligation(fen: -1_234_567),
    obligation(deadline: Instant(secondsSinceEpoch: 400_000_000_000), start: Instant(secondsSinceEpoch: -70_000_000_000)),
  ])
  func fieldsAreTheWritersBytes(_ o: Obligation) {
    for withState in [true, false] {
      #expect(Self.written(o, withState: withState) == Self.reference(o, withState: withState), "\(o.recordID)")
    }
  }
}
