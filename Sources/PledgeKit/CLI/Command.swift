/// A `pledge` subcommand: its usage text, the options it takes, a validation step that turns
/// words into a typed configuration, and a run step.
public protocol Command {
  static var name: String { get }
  /// One line for `pledge --help`.
  static var summary: String { get }
  /// The full text of `pledge help NAME`, after the options list is appended.
  static var usage: String { get }
  static var options: [OptionSpec] { get }

  /// Validates the arguments (usage errors exit 2 before any work is done).
  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic)

  func run(_ console: Console) throws -> ExitCode
}

extension Command {
  static var helpText: String {
    var text = usage.trimmingTrailingNewlines() + "\n"
    if !options.isEmpty {
      text += "\nOptions:\n"
      let rendered = options.map { option -> (String, String) in
        (option.name + (option.valueName.map { " " + $0 } ?? ""), option.help)
      }
      let width = min(30, rendered.map(\.0.count).max() ?? 0)
      for (left, help) in rendered {
        let padding = String(repeating: " ", count: max(1, width - left.count + 2))
        text += "  " + left + padding + help + "\n"
      }
    }
    return text
  }

  static func usageError(_ message: String) -> Diagnostic {
    Diagnostic(message + "; see 'pledge help \(name)'", exitCode: .usage)
  }
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var s = self
    while s.last == "\n" { s.removeLast() }
    return s
  }
}
