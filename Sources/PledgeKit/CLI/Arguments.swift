/// A command-line option a command accepts.
public struct OptionSpec: Sendable {
  /// The long name with its dashes, e.g. `--quarter`.
  public let name: String
  /// The placeholder of its value (`Q`), or nil for a flag that takes none.
  public let valueName: String?
  public let help: String
  /// May be given more than once (values accumulate).
  public let isRepeatable: Bool

  public init(_ name: String, value: String? = nil, repeatable: Bool = false, _ help: String) {
    self.name = name
    self.valueName = value
    self.help = help
    self.isRepeatable = repeatable
  }
}

/// The words after the command name, sorted into options and positional arguments.
///
/// Understands `--flag`, `--option value`, `--option=value`, `--` (everything after it is
/// positional) and `-` (a positional meaning standard input).
public struct ParsedArguments: Sendable {
  public private(set) var values: [String: [String]] = [:]
  public private(set) var positionals: [String] = []

  public func has(_ name: String) -> Bool { values[name] != nil }
  public func value(_ name: String) -> String? { values[name]?.last }
  public func all(_ name: String) -> [String] { values[name] ?? [] }

  public init(
    _ words: [String], options: [OptionSpec], command: String
  ) throws(Diagnostic) {
    let byName = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var index = 0
    var onlyPositionals = false
    while index < words.count {
      let word = words[index]
      index += 1
      if onlyPositionals || word == "-" || !word.hasPrefix("-") {
        positionals.append(word)
        continue
      }
      if word == "--" {
        onlyPositionals = true
        continue
      }
      var name = word
      var inlineValue: String?
      if let equals = word.firstIndex(of: "=") {
        name = String(word[..<equals])
        inlineValue = String(word[word.index(after: equals)...])
      }
      guard let spec = byName[name] else {
        throw ParsedArguments.unknownOption(name, options: options.map(\.name), command: command)
      }
      if spec.valueName == nil {
        guard inlineValue == nil else {
          throw Diagnostic(
            "option '\(name)' takes no value; see 'pledge help \(command)'", exitCode: .usage)
        }
        values[name, default: []].append("")
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else {
        guard index < words.count else {
          throw Diagnostic(
            "option '\(name)' needs a value (\(spec.valueName!)); see 'pledge help \(command)'",
            exitCode: .usage)
        }
        value = words[index]
        index += 1
      }
      if values[name] != nil, !spec.isRepeatable {
        throw Diagnostic(
          "option '\(name)' is given twice; give it once", exitCode: .usage)
      }
      values[name, default: []].append(value)
    }
  }

  static func unknownOption(_ name: String, options: [String], command: String) -> Diagnostic {
    var message = "unknown option '\(name)'"
    if let guess = nearest(to: name, among: options) {
      message += "; did you mean '\(guess)'? See 'pledge help \(command)'."
    } else {
      message += "; see 'pledge help \(command)' for the options"
    }
    return Diagnostic(message, exitCode: .usage)
  }
}

/// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
func nearest(to word: String, among candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(word, $0)) }
  guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
  let allowed = max(2, word.count / 3)
  if best.1 <= allowed { return best.0 }
  // A unique prefix also counts: `--quar` → `--quarter`.
  let prefixed = candidates.filter { $0.hasPrefix(word) || word.hasPrefix($0) }
  return prefixed.count == 1 ? prefixed[0] : nil
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
