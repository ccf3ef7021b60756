/// The value part of a profile mapping (SPEC 1.5): `{Name}` placeholders for cells of the
/// export, with literal text around and between them (`{Call Number}-{Unit ID}`), or a
/// `"constant"` with no placeholder at all.
struct ValueTemplate: Equatable, Sendable {
  enum Part: Equatable, Sendable {
    case text(String)
    /// A header column's name as written between the braces, and where the `{` stands
    /// (1-based character column of the profile line), for errors at binding.
    case placeholder(String, column: Int)
  }

  let parts: [Part]

  init(_ parts: [Part]) {
    // Empty texts are dropped and adjacent ones joined, so that binding sees at most one text
    // between placeholders (a constant "" has no part at all).
    var joined: [Part] = []
    for part in parts {
      if case .text(let next) = part, next.isEmpty { continue }
      if case .text(let next) = part, case .text(let previous)? = joined.last {
        joined[joined.count - 1] = .text(previous + next)
      } else {
        joined.append(part)
      }
    }
    self.parts = joined
  }

  /// The placeholders, in order: name and column.
  var placeholders: [(name: String, column: Int)] {
    parts.compactMap {
      if case .placeholder(let name, let column) = $0 { return (name, column) }
      return nil
    }
  }

  /// The constant text of a template without placeholders.
  var constant: String? {
    guard placeholders.isEmpty else { return nil }
    return parts.reduce(into: "") {
      if case .text(let text) = $1 { $0 += text }
    }
  }
}
