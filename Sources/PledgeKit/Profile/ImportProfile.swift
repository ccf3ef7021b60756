/// An import profile (SPEC 1.5): how to read another system's export as one of Pledge's
/// sources — which source, the export's time zone and encoding, and where each canonical
/// column's value comes from. Parsed once per ingest; bound to each file's header with `bind`.
public struct ImportProfile: Sendable {
  /// The profile's file name, as errors name it.
  public let name: String
  /// The `source = S` setting.
  public let source: String
  /// The `timezone = ZONE` setting; nil: civil times are China Standard Time (SPEC 1.2).
  public let timeZone: ZoneRules?
  /// The `encoding = …` setting; nil: detected as SPEC 1.1 says.
  public let encoding: TextEncoding?
  /// The `COLUMN = EXPRESSION` statements, in the profile's order.
  public let mappings: [ColumnMapping]
  /// The SHA-256 of the profile's bytes (lower-case hex), recorded in the batch's provenance.
  public let sha256: String

  static let settingNames = ["source", "timezone", "encoding"]

  /// Parses a profile file. `columnsOf(source)` gives the canonical columns of a source, nil for
  /// a source that does not exist. Every error names the profile, line and column.
  public static func parse(
    _ bytes: [UInt8], name: String, columnsOf: (String) -> [String]?,
    zoneDirectory: String = ZoneRules.systemDirectory
  ) throws(Diagnostic) -> ImportProfile {
    let sha256 = bytes.withUnsafeBytes { SHA256.hex(of: $0) }
    var statements: [(name: String, at: Int, line: ProfileLine)] = []
    for (index, lineText) in try lines(bytes, name: name).enumerated() {
      var line = ProfileLine(file: name, number: index + 1, text: lineText[...])
      guard !line.isEmpty else { continue }
      line.skipBlanks()
      let at = line.index
      while let scalar = line.peek, scalar != "=", !ProfileLine.isBlank(scalar) { line.index += 1 }
      let word = line.text(at..<line.index)
      line.skipBlanks()
      guard !word.isEmpty else {
        throw line.error(at: at, "expected a column name or a setting before '='")
      }
      guard line.take("=") else {
        throw line.error(
          "expected '=' after \(quoted(word)); a line is COLUMN = VALUE, or a setting such as"
            + " source = calls")
      }
      line.skipBlanks()
      statements.append((word, at, line))
    }
    guard var sourceStatement = statements.first(where: { $0.name == "source" }) else {
      throw Diagnostic(
        file: name, line: 1, column: 1,
        "the profile names no source; add a line such as 'source = calls' (the sources are "
          + Source.allCases.map(\.description).joined(separator: ", ") + ")")
    }
    let sourceAt = sourceStatement.line.index
    let source = try settingValue(&sourceStatement.line)
    guard let columns = columnsOf(source) else {
      throw sourceStatement.line.error(at: sourceAt, Source.unknownNameMessage(source))
    }
    var firstLine: [String: Int] = [:]
    var timeZone: ZoneRules?
    var encoding: TextEncoding?
    var mappings: [ColumnMapping] = []
    for var statement in statements {
      if let first = firstLine[statement.name] {
        let what = settingNames.contains(statement.name) ? "set" : "mapped"
        throw statement.line.error(
          at: statement.at,
          "\(quoted(statement.name)) is \(what) twice (first on line \(first)); keep one")
      }
      firstLine[statement.name] = statement.line.number
      let valueAt = statement.line.index
      switch statement.name {
      case "source":
        continue
      case "timezone":
        let zone = try settingValue(&statement.line)
        do {
          timeZone = try ZoneRules(named: zone, directory: zoneDirectory)
        } catch {
          throw statement.line.error(
            at: valueAt,
            "unknown time zone \(quoted(zone)) (\(error.reason)); name a zone of the time-zone"
              + " database such as Asia/Shanghai, America/New_York or UTC")
        }
      case "encoding":
        let option = try settingValue(&statement.line)
        guard let chosen = TextEncoding(option: option) else {
          throw statement.line.error(
            at: valueAt, "unknown encoding \(quoted(option)); use utf8 or gb18030")
        }
        encoding = chosen
      default:
        guard columns.contains(statement.name) else {
          var message = "\(quoted(statement.name)) is neither a setting nor a column of \(source)"
          if let guess = nearest(to: statement.name, among: settingNames + columns) {
            message += "; did you mean '\(guess)'?"
          }
          throw statement.line.error(
            at: statement.at,
            message + " The settings are " + settingNames.joined(separator: ", ")
              + "; the columns of \(source) are " + columns.joined(separator: ", "))
        }
        mappings.append(
          try ColumnMapping(
            column: statement.name, nameIndex: statement.at, parsing: &statement.line))
      }
    }
    return ImportProfile(
      name: name, source: source, timeZone: timeZone, encoding: encoding, mappings: mappings,
      sha256: sha256)
  }

  /// The profile file at `path`, named by its path in errors.
  public static func load(
    path: String, columnsOf: (String) -> [String]?
  ) throws(Diagnostic) -> ImportProfile {
    let file = try MappedFile(path: path)
    return try parse(Array(file.bytes), name: path, columnsOf: columnsOf)
  }

  /// The mapping of canonical column `column`, if the profile has one.
  public func mapping(for column: String) -> ColumnMapping? {
    mappings.first { $0.column == column }
  }

  /// Refuses `as PATTERN` on a column that holds neither timestamps nor dates (the profile
  /// does not know the columns' types; the ingester does).
  public func checkPatterns(timeColumns: Set<String>) throws(Diagnostic) {
    for mapping in mappings where mapping.hasPattern && !timeColumns.contains(mapping.column) {
      throw Diagnostic(
        file: name, line: mapping.line, column: mapping.patternColumn,
        "\(mapping.column) holds no time or date, so it has no 'as PATTERN'; remove it")
    }
  }

  /// Refuses a constant that is no value of its column (`zone = "downtown"`), once, naming the
  /// profile's line, instead of rejecting every row. `problem(column, value)` is the
  /// ingester's reading of the column (nil: a value it accepts, or a column it leaves to the
  /// rows); the value is the constant after the mapping's `map`.
  public func checkConstants(
    _ problem: (_ column: String, _ value: UnsafeRawBufferPointer) -> ValueProblem?
  ) throws(Diagnostic) {
    for mapping in mappings {
      guard let constant = mapping.template.constant else { continue }
      // Read as BoundMapping reads a constant: a not-known one never reaches the map.
      let found: ValueProblem? = Array(constant.utf8).withUnsafeBytes { raw in
        let value = trimmedSpaces(raw)
        guard !CellParser.isNotKnown(value), let mapped = mapping.map.map({ $0.apply(value) }) ?? value else {
          return nil
        }
        return problem(mapping.column, mapped)
      }
      guard let found else { continue }
      throw Diagnostic(
        file: name, line: mapping.line, column: mapping.nameColumn,
        "\(mapping.column) = \(quoted(constant)) is not a value of \(mapping.column): \(found.message);"
          + " correct the constant")
    }
  }

  /// A setting's value: a bare word or a quoted text, alone on the rest of the line.
  private static func settingValue(_ line: inout ProfileLine) throws(Diagnostic) -> String {
    guard !line.atEnd else { throw line.error("expected a value after '='") }
    guard line.peek == "\"" else {
      let value = line.rest
      line.index = line.scalars.count
      return value
    }
    let value = try line.quoted()
    line.skipBlanks()
    guard line.atEnd else { throw line.error("unexpected text after the quoted value") }
    return value
  }

  /// The profile's lines: UTF-8, a byte-order mark skipped, line ends `\n` or `\r\n` (split
  /// as bytes: in a String, `\r\n` is one character).
  private static func lines(_ bytes: [UInt8], name: String) throws(Diagnostic) -> [String] {
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
    let invalid = body.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
    if let invalid {
      let before = body[body.startIndex..<(body.startIndex + invalid)]
      let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
      let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
      let column =
        String(decoding: body[lineStart..<(body.startIndex + invalid)], as: UTF8.self)
        .unicodeScalars.count + 1
      throw Diagnostic(
        file: name, line: line, column: column,
        "the profile is not UTF-8 text; save it as UTF-8 (the export itself may be GB18030:"
          + " say so with encoding = gb18030)")
    }
    return body.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
    }
  }
}
