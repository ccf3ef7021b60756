/// A minimal JSON writer for machine-readable output (`pledge events`, `--summary json`,
/// `--format json`): objects with keys in the order given.
public struct JSONObject {
  private var text = "{"
  private var isEmpty = true

  public init() {}

  private mutating func key(_ name: String) {
    if !isEmpty { text += "," }
    isEmpty = false
    text += JSONObject.quote(name) + ":"
  }

  public mutating func add(_ name: String, _ value: String?) {
    key(name)
    text += value.map(JSONObject.quote) ?? "null"
  }

  public mutating func add(_ name: String, _ value: Int?) {
    key(name)
    text += value.map(String.init) ?? "null"
  }

  public mutating func add(_ name: String, _ value: Bool) {
    key(name)
    text += value ? "true" : "false"
  }

  public mutating func add(_ name: String, _ values: [String]) {
    key(name)
    text += "[" + values.map(JSONObject.quote).joined(separator: ",") + "]"
  }

  /// Adds a value already rendered as JSON (a nested object or array).
  public mutating func add(_ name: String, raw: String) {
    key(name)
    text += raw
  }

  public var rendered: String { text + "}" }

  public static func quote(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let s where s.value < 0x20:
        let hex = String(s.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// `[a,b,c]` from already-rendered JSON values.
public func jsonArray(_ rendered: [String]) -> String { "[" + rendered.joined(separator: ",") + "]" }
