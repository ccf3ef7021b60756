/// One line of a profile file, read character by character (SPEC 1.5): the scanner the
/// statement parser is built on. Columns in errors are 1-based and count characters (Unicode
/// scalars), as a reader counts them in an editor.
struct ProfileLine {
  let file: String
  let number: Int
  let scalars: [Unicode.Scalar]
  var index = 0

  /// The line without its comment: a `#` outside quotes and braces starts one. (A `#` inside
  /// `{…}` is part of a column name: exports have columns like `{Incident #}`.)
  init(file: String, number: Int, text: Substring) {
    self.file = file
    self.number = number
    var scalars: [Unicode.Scalar] = []
    var inQuotes = false
    var inBraces = false
    for scalar in text.unicodeScalars {
      if inQuotes {
        if scalar == "\"" { inQuotes = false }
      } else if inBraces {
        if scalar == "}" { inBraces = false }
      } else if scalar == "\"" {
        inQuotes = true
      } else if scalar == "{" {
        inBraces = true
      } else if scalar == "#" {
        break
      }
      scalars.append(scalar)
    }
    while let last = scalars.last, ProfileLine.isBlank(last) { scalars.removeLast() }
    self.scalars = scalars
  }

  static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }

  var isEmpty: Bool { scalars.allSatisfy(ProfileLine.isBlank) }
  var atEnd: Bool { index >= scalars.count }
  var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
  /// The 1-based column of the current character.
  var column: Int { index + 1 }

  mutating func take(_ scalar: Unicode.Scalar) -> Bool {
    guard peek == scalar else { return false }
    index += 1
    return true
  }

  mutating func skipBlanks() {
    while let scalar = peek, ProfileLine.isBlank(scalar) { index += 1 }
  }

  /// An error at 0-based character `at` (the current one by default).
  func error(at position: Int? = nil, _ message: String) -> Diagnostic {
    Diagnostic(file: file, line: number, column: (position ?? index) + 1, message)
  }

  /// The text from the current character to the end of the line.
  var rest: String { text(index..<scalars.count) }

  func text(_ range: Range<Int>) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars[range])
    return text
  }

  /// Whether the keyword `word` (any case) starts here as a whole word: preceded by a blank
  /// or the start of the value, followed by a blank or the end of the line.
  func isKeyword(_ word: String, valueStart: Int) -> Bool {
    let letters = Array(word.unicodeScalars)
    guard index == valueStart || (index > 0 && ProfileLine.isBlank(scalars[index - 1])),
      scalars.count - index >= letters.count
    else { return false }
    for (k, letter) in letters.enumerated() where asciiLowercased(scalars[index + k]) != letter {
      return false
    }
    let after = index + letters.count
    return after == scalars.count || ProfileLine.isBlank(scalars[after])
  }

  /// A `"…"` at the current character, `""` standing for one `"`; the index moves past it.
  mutating func quoted() throws(Diagnostic) -> String {
    let opening = index
    index += 1
    var text = ""
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      if scalar == "\"" {
        if peek == "\"" {
          text.unicodeScalars.append("\"")
          index += 1
          continue
        }
        return text
      }
      text.unicodeScalars.append(scalar)
    }
    throw error(
      at: opening, "the quote opened here is not closed; write a quote inside quotes as \"\"")
  }

  /// A `{Name}` at the current character: the name between the braces, trimmed of spaces.
  mutating func placeholder() throws(Diagnostic) -> String {
    let opening = index
    index += 1
    let start = index
    while let scalar = peek, scalar != "}" { index += 1 }
    guard !atEnd else {
      throw error(at: opening, "the '{' opened here is not closed; write {Column Name}")
    }
    let name = text(start..<index).trimmingSpaces()
    index += 1
    guard !name.isEmpty else {
      throw error(
        at: opening, "an empty placeholder {}; name a column of the export: {Call Number}")
    }
    return name
  }

  /// A map's value or replacement: `"quoted"` or a bare word (no blanks, `,`, `=` or `"`).
  /// Nil when there is none here.
  mutating func mapToken() throws(Diagnostic) -> (text: String, isQuoted: Bool)? {
    guard let first = peek else { return nil }
    if first == "\"" { return (try quoted(), true) }
    let start = index
    while let scalar = peek, !ProfileLine.isBlank(scalar), scalar != ",", scalar != "=",
      scalar != "\""
    {
      index += 1
    }
    return index > start ? (text(start..<index), false) : nil
  }
}
