/// `pledge rules`
struct RulesCommand: Command {
  static let name = "rules"
  static let summary = "print the rulebook as CSV"
  static let usage = """
    Usage: pledge rules [--format csv|json]

    The sixteen rules Pledge evaluates, in rulebook order: rule, clause, applies to, start,
    done, limit, exemption, responsible.
    """
  static let options = [OptionSpec("--format", value: "FORMAT", "csv (default) or json")]

  let json: Bool

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.isEmpty else {
      throw Self.usageError("unexpected argument '\(arguments.positionals[0])'")
    }
    json = try OutputFormat.isJSON(arguments, command: Self.name, default: "csv")
  }

  func run(_ console: Console) throws -> ExitCode {
    let columns = ["rule", "clause", "applies_to", "start", "done", "limit", "exemption", "responsible"]
    let rows = Rulebook.rules.map { rule in
      [rule.id.rawValue, rule.clause, rule.appliesTo, rule.start, rule.done, rule.limit,
       rule.exemption, rule.responsible]
    }
    try OutputFormat.writeTable(header: columns, rows: rows, json: json, to: console)
    return .success
  }
}
