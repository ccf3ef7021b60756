/// A small HTML writer for the dashboard: markup goes in as written, every text taken from
/// input goes through `text(_:)` or `attribute(_:_:)`, which escape it.
struct DashboardHTML {
  private(set) var output = ""

  /// Appends markup written by Pledge itself (never input text).
  mutating func raw(_ markup: String) { output += markup }

  /// Appends text, escaped for an element's content.
  mutating func text(_ text: String) { output += Self.escape(text) }

  /// Appends `<tag attributes>text</tag>` with the text escaped.
  mutating func element(_ tag: String, _ attributes: String = "", _ text: String) {
    output += "<" + tag + attributes + ">" + Self.escape(text) + "</" + tag + ">"
  }

  /// `<tag name="value" …/>`: an SVG shape drawn from Pledge's own numbers and colours.
  mutating func shape(_ tag: String, _ attributes: KeyValuePairs<String, Any>) {
    output += "<" + tag + Self.attributes(attributes) + "/>"
  }

  /// `<text name="value" …>text</text>` in SVG, with the text escaped.
  mutating func label(_ text: String, _ attributes: KeyValuePairs<String, Any>) {
    output += "<text" + Self.attributes(attributes) + ">" + Self.escape(text) + "</text>"
  }

  /// ` a="1" b="2"`, every value escaped.
  static func attributes(_ pairs: KeyValuePairs<String, Any>) -> String {
    pairs.map { attribute($0.key, "\($0.value)") }.joined()
  }

  /// ` name="value"`, with the value escaped.
  static func attribute(_ name: String, _ value: String) -> String {
    " " + name + "=\"" + escape(value) + "\""
  }

  /// Escapes `& < > " '` so that no input text can open a tag, end an attribute or start an
  /// entity; control characters other than tab and line ends become U+FFFD.
  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          escaped += "\u{FFFD}"
        } else {
          escaped.unicodeScalars.append(scalar)
        }
      }
    }
    return escaped
  }
}

/// How the dashboard prints numbers it takes from the report.
enum DashboardNumber {
  /// `12,345`: digits grouped by three, for reading (the `data-` attributes keep plain digits).
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (i, digit) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { result += "," }
      result.append(digit)
    }
    return value < 0 ? "-" + result : result
  }

  /// A report rate (`0.9612`, SPEC §7.26) as a percentage with the same digits (`96.12%`):
  /// the decimal point moves, nothing is rounded again. Empty rate → `–`.
  static func percent(_ rate: String) -> String {
    guard let scaled = Int(rate.filter { $0 != "." }) else { return "–" }
    let hundredths = String(scaled % 100)
    return "\(scaled / 100).\(hundredths.count == 1 ? "0" + hundredths : hundredths)%"
  }

  /// Money as the reports write it, with thousands grouped: `1,500.50`.
  static func money(_ amount: Money) -> String {
    let text = amount.description
    guard let dot = text.firstIndex(of: "."), let whole = Int(text[..<dot]) else { return text }
    return grouped(whole) + text[dot...]
  }

  /// Which band of the heat-map legend a rate falls in, 0 (≥ 95%) … 4 (< 60%); compared
  /// exactly, in integers.
  static func band(met: Int, breached: Int) -> Int? {
    let denominator = met + breached
    guard denominator > 0 else { return nil }
    let percent = met * 100
    if percent >= 95 * denominator { return 0 }
    if percent >= 90 * denominator { return 1 }
    if percent >= 80 * denominator { return 2 }
    if percent >= 60 * denominator { return 3 }
    return 4
  }
}
