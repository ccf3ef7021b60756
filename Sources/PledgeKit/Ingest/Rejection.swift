/// A row that was not ingested, and why (SPEC 4.3). Nothing of it is appended.
public struct Rejection: Sendable, Equatable {
  public let file: String
  public let line: Int
  /// The offending column as named in the file's header; empty when the whole record is at
  /// fault.
  public let column: String
  /// 1-based position of that column (or of the fault) in the record.
  public let columnNumber: Int
  public let value: String
  public let reason: String
  /// The record as read.
  public let record: String

  /// One line for standard error: `file:line:column: error: column 'x': reason, got 'v'`.
  public var diagnostic: Diagnostic {
    var message = column.isEmpty ? reason : "column '\(column)': \(reason)"
    if !value.isEmpty { message += ", got \(quoted(value))" }
    return Diagnostic(file: file, line: line, column: columnNumber, message)
  }

  /// Appends the quarantine row `file,line,column,value,reason,record`.
  func write(to writer: inout CSVWriter) {
    writer.row([file, String(line), column, value, reason, record])
  }

  static let quarantineHeader = ["file", "line", "column", "value", "reason", "record"]
}
