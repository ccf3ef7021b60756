/// One `COLUMN = EXPRESSION` statement of an import profile (SPEC 1.5): where the canonical
/// column's value comes from (`{Name}` placeholders and literal text, or a `"constant"`), then an
/// optional `map A=B, *=E`, then an optional `as PATTERN`.
public struct ColumnMapping: Sendable {
  /// The canonical column of the source (`dispatch_id`).
  public let column: String
  /// Where the statement stands in the profile: line, and the 1-based character column of the
  /// column name.
  public let line: Int
  public let nameColumn: Int
  let template: ValueTemplate
  let map: ValueMap?
  let pattern: TimePattern?
  /// Where `as` stands, for an error about the pattern's column.
  let patternColumn: Int?

  /// Whether the mapping parses its value with `as PATTERN` (only timestamp and date columns may).
  public var hasPattern: Bool { pattern != nil }
}

extension ColumnMapping {
  /// Parses the expression at the line's current character, for column `column` named at
  /// character `nameIndex`.
  init(column: String, nameIndex: Int, parsing line: inout ProfileLine) throws(Diagnostic) {
    self.column = column
    self.line = line.number
    nameColumn = nameIndex + 1
    let valueStart = line.index
    var parts: [ValueTemplate.Part] = []
    var bare = ""
    var firstBareText: Int?
    while !line.atEnd {
      if line.isKeyword("map", valueStart: valueStart)
        || line.isKeyword("as", valueStart: valueStart)
      {
        break
      }
      let scalar = line.peek!
      switch scalar {
      case "{":
        parts.append(.text(bare))
        bare = ""
        let at = line.index
        parts.append(.placeholder(try line.placeholder(), column: at + 1))
      case "}":
        throw line.error("a '}' without its '{'; a placeholder is written {Column Name}")
      case "\"":
        parts.append(.text(bare))
        bare = ""
        parts.append(.text(try line.quoted()))
      default:
        if firstBareText == nil, !ProfileLine.isBlank(scalar) { firstBareText = line.index }
        bare.unicodeScalars.append(scalar)
        line.index += 1
      }
    }
    // Blanks before `map` or `as` separate; they are no text of the value.
    while let last = bare.unicodeScalars.last, ProfileLine.isBlank(last) {
      bare.unicodeScalars.removeLast()
    }
    parts.append(.text(bare))
    template = ValueTemplate(parts)
    guard line.index > valueStart else {
      throw line.error(
        at: valueStart,
        "expected a value for \(column): {Column} for a column of the export, or \"text\" for a constant"
      )
    }
    if template.placeholders.isEmpty, let bare = firstBareText {
      let word = line.text(bare..<line.index).trimmingSpaces()
      throw line.error(
        at: bare,
        "\(quoted(word)) is neither a placeholder nor a constant; write {\(word)} for the"
          + " export's column or \"\(word)\" for a constant")
    }
    map = line.isKeyword("map", valueStart: valueStart) ? try ColumnMapping.parseMap(&line) : nil
    line.skipBlanks()
    if line.isKeyword("as", valueStart: valueStart) {
      patternColumn = line.column
      pattern = try ColumnMapping.parsePattern(&line)
    } else {
      patternColumn = nil
      pattern = nil
    }
    guard line.atEnd else {
      throw line.error("unexpected text; a mapping is COLUMN = VALUE [map A=B, …] [as PATTERN]")
    }
  }

  /// `map A=B, C=D, *=E`, the line at `map`.
  private static func parseMap(_ line: inout ProfileLine) throws(Diagnostic) -> ValueMap {
    line.index += 3
    var entries: [ValueMap.Entry] = []
    var keyAt: [[UInt8]: Int] = [:]
    var otherwise: [UInt8]??
    var otherwiseAt = 0
    while true {
      line.skipBlanks()
      let keyIndex = line.index
      guard let key = try line.mapToken() else {
        throw line.error("expected an entry like A=B after \(entries.isEmpty ? "'map'" : "','")")
      }
      line.skipBlanks()
      guard line.peek == "=" else {
        throw line.error(
          "expected '=' after \(quoted(key.text)); write a value holding spaces, ',', '=' or '\"'"
            + " in quotes: \"Cancelled En Route\"=yes")
      }
      line.index += 1
      line.skipBlanks()
      guard let replacement = try line.mapToken() else {
        throw line.error("expected a replacement after '='; write \"\" for a value not known")
      }
      let replacementBytes: [UInt8]? = replacement.text.isEmpty ? nil : Array(replacement.text.utf8)
      if key.text == "*", !key.isQuoted {
        guard otherwise == nil else {
          throw line.error(
            at: keyIndex, "a second '*' entry (the first is at column \(otherwiseAt + 1)); keep one"
          )
        }
        otherwise = .some(replacementBytes)
        otherwiseAt = keyIndex
      } else {
        guard !key.text.isEmpty else {
          throw line.error(
            at: keyIndex, "an empty value is not known and never reaches the map; remove this entry"
          )
        }
        let bytes = Array(key.text.utf8)
        if let first = keyAt[bytes] {
          throw line.error(
            at: keyIndex,
            "\(quoted(key.text)) is mapped twice (first at column \(first + 1)); keep one")
        }
        keyAt[bytes] = keyIndex
        entries.append(ValueMap.Entry(key: bytes, replacement: replacementBytes))
      }
      line.skipBlanks()
      if line.atEnd || line.isKeyword("as", valueStart: -1) { break }
      guard line.peek == "," else {
        throw line.error("expected ',' before the next entry, or 'as PATTERN'")
      }
      line.index += 1
    }
    return ValueMap(entries: entries, otherwise: otherwise)
  }

  /// `as PATTERN`, the line at `as`: the rest of the line, or a quoted pattern.
  private static func parsePattern(_ line: inout ProfileLine) throws(Diagnostic) -> TimePattern {
    let keyword = line.index
    line.index += 2
    line.skipBlanks()
    guard !line.atEnd else {
      throw line.error(at: keyword, "expected a pattern after 'as', like %m/%d/%Y %I:%M:%S %p")
    }
    var start = line.index
    let text: String
    if line.peek == "\"" {
      text = try line.quoted()
      start += 1
      line.skipBlanks()
    } else {
      // A `map` (any case) after an unquoted pattern would be read as part of it.
      var probe = line
      while !probe.atEnd {
        if probe.isKeyword("map", valueStart: start) {
          throw line.error(at: probe.index, "'map' comes before 'as': {When} map \"n/a\"=\"\" as %d.%m.%Y")
        }
        probe.index += 1
      }
      text = line.rest
      line.index = line.scalars.count
    }
    do {
      return try TimePattern(text)
    } catch {
      throw line.error(at: start + error.offset, error.message)
    }
  }
}
