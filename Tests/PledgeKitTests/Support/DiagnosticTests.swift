import Testing

@testable import PledgeKit

/// Diagnostics are one line: values are quoted, shortened and have their control characters
/// escaped, whatever a file holds.
@Suite struct DiagnosticTests {
  static let quotedValues: [(String, String)] = [
    ("2026-03-05 10:00", "'2026-03-05 10:00'"),
    ("2026-03-05\n10:00:00", "'2026-03-05\\n10:00:00'"),
    ("a\r\nb", "'a\\r\\nb'"),
    ("\tx", "'\\tx'"),
    ("esc\u{1B}[31m", "'esc\\u{1B}[31m'"),
    ("nul\u{0}", "'nul\\u{0}'"),
    ("del\u{7F} nel\u{85}", "'del\\u{7F} nel\\u{85}'"),
    ("line\u{2028}para\u{2029}", "'line\\u{2028}para\\u{2029}'"),
    ("接警时间 \\N", "'接警时间 \\N'"),  // a backslash is left as it is
    (String(repeating: "a", count: 60), "'" + String(repeating: "a", count: 60) + "'"),
    (String(repeating: "a", count: 61), "'" + String(repeating: "a", count: 57) + "...'"),
    (String(repeating: "\n", count: 100), "'" + String(repeating: "\\n", count: 57) + "...'"),
  ]

  @Test(arguments: quotedValues)
  func quotedValue(value: String, expected: String) {
    #expect(quoted(value) == expected)
  }

  @Test func aDiagnosticIsOneLineWhateverItsFileAndMessage() {
    let diagnostic = Diagnostic(
      file: "calls\n2026.csv", line: 2, column: 3, "column 'x': bad\r\nvalue, got \(quoted("a\nb"))")
    #expect(diagnostic.description == "calls\\n2026.csv:2:3: error: column 'x': bad\\r\\nvalue, got 'a\\nb'")
    #expect(Diagnostic("plain").description == "error: plain")
  }
}
