/// `pledge columns [SOURCE]`
struct ColumnsCommand: Command {
  static let name = "columns"
  static let summary = "what each source reads, and which rules need each column"
  static let usage = """
    Usage: pledge columns [SOURCE] [--format csv|json]

    Prints, as CSV, every column a source reads: source,column,required,type,aliases,rules.
    type is text, timestamp, date, integer, money, boolean, or an enumeration's values
    separated by | (Chinese labels are accepted too); aliases are the other header names
    that match the column (English or Chinese, simplified or traditional, any case); rules
    are the ids of the rules that read the column, space separated. An export whose headers
    differ can be read through an import profile: pledge ingest --profile FILE.
    """
  static let options = [OptionSpec("--format", value: "FORMAT", "csv (default) or json")]

  let sources: [Source]
  let json: Bool

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    switch arguments.positionals.count {
    case 0:
      sources = Source.allCases
    case 1:
      let name = arguments.positionals[0]
      guard let source = Source(name: name) else { throw Self.usageError(Source.unknownNameMessage(name)) }
      sources = [source]
    default:
      throw Self.usageError("unexpected argument '\(arguments.positionals[1])'")
    }
    json = try OutputFormat.isJSON(arguments, command: Self.name, default: "csv")
  }

  static let header = ["source", "column", "required", "type", "aliases", "rules"]

  func run(_ console: Console) throws -> ExitCode {
    let rows = sources.flatMap(Schemas.columns(of:)).map { column in
      [
        column.source.description, column.name, column.isRequired ? "yes" : "no", column.type,
        column.aliases.joined(separator: " "), column.rules.map(\.rawValue).joined(separator: " "),
      ]
    }
    try OutputFormat.writeTable(header: Self.header, rows: rows, json: json, to: console)
    return .success
  }
}
