/// An error as the user sees it: one line, what went wrong, where, and how to fix it.
///
/// Rendered as `file:line:column: error: message`, the form compilers and rust-csv use, so that
/// editors and shells can jump to the place.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String?
  public var line: Int?
  public var column: Int?
  public var message: String
  public var exitCode: ExitCode

  public init(
    file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String,
    exitCode: ExitCode = .failure
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.exitCode = exitCode
  }

  public var description: String {
    var place = ""
    if let file {
      place = file
      if let line {
        place += ":\(line)"
        if let column { place += ":\(column)" }
      }
      place += ": "
    }
    return place + "error: " + message
  }
}

/// The exit codes of SPEC 6.
public enum ExitCode: Int32, Sendable {
  case success = 0
  /// Failure; nothing was appended by the failing batch.
  case failure = 1
  case usage = 2
  /// Ingested, but some rows were rejected.
  case rowsRejected = 3
  /// The store is locked by another writer.
  case locked = 4
}

/// Quotes a user value for a message: `'value'`, shortened when very long.
func quoted(_ value: String) -> String {
  let shown = value.count > 60 ? String(value.prefix(57)) + "..." : value
  return "'" + shown + "'"
}
