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

  /// The one line; a control character in the file name or the message is escaped (values
  /// are already escaped by `quoted`), so nothing read from a file can break it.
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
    return escapingControlCharacters(place + "error: " + message)
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

/// Quotes a user value for a message: `'value'`, shortened when very long, with control
/// characters escaped so that the message stays on one line.
func quoted(_ value: String) -> String {
  // More than 60 characters? Found by walking at most 61, so a huge value costs no more.
  let isLong = value.index(value.startIndex, offsetBy: 61, limitedBy: value.endIndex) != nil
  let shown = isLong ? String(value.prefix(57)) + "..." : value
  return "'" + escapingControlCharacters(shown) + "'"
}

/// `text` with control characters written as escapes: `\n`, `\r`, `\t`, and `\u{1B}` for the
/// others (C0, DEL, C1, and the Unicode line and paragraph separators), so that a value from a
/// file can never break a one-line message. A backslash is left as it is.
func escapingControlCharacters<S: StringProtocol>(_ text: S) -> String {
  guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
  var escaped = ""
  escaped.reserveCapacity(text.utf8.count + 8)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n": escaped += "\\n"
    case "\r": escaped += "\\r"
    case "\t": escaped += "\\t"
    case _ where isControl(scalar):
      escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    default: escaped.unicodeScalars.append(scalar)
    }
  }
  return escaped
}

private func isControl(_ scalar: Unicode.Scalar) -> Bool {
  let v = scalar.value
  return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
}
