import PledgeKit

/// One visit, kept compactly until the whole log can be put in time order.
struct VisitRecord {
  static let none = Int64.min

  enum Kind: UInt8 { case window, onsite, keyperson }
  enum Matter: UInt8 { case none, general, commitment }
  enum Serves: UInt8 { case nothing, window, complaint }

  var start: Int64
  var end = none
  var due = none
  var kind: Kind
  var matter = Matter.none
  var serves = Serves.nothing
  var style = TimeStyle.standard
  var unit: Int32
  var staff: Int32 = -1
  /// The key person's index, for kind keyperson.
  var subject: Int32 = -1
  /// The window visit's or the complaint's index, as `serves` says.
  var caseIndex: Int32 = -1
  var idDay: Int32 = 0
  var idSequence: Int32 = 0
  var isRemoved = false

  init(start: Int64, kind: Kind, unit: Int) {
    self.start = start
    self.kind = kind
    self.unit = Int32(unit)
  }

  var day: Int { Int(start >= 0 ? start / 86_400 : (start - 86_399) / 86_400) }

  func appendID(to bytes: inout [UInt8]) {
    bytes += VisitRecord.prefixes[Int(kind.rawValue)]
    ByteText.appendCompactDate(.init(dayNumber: Int(idDay)), to: &bytes)
    appendDigits(Int(idSequence), width: 4, to: &bytes)
  }

  private static let prefixes = ["CK", "XC", "BJ"].map { Array($0.utf8) }
}

extension Array where Element == VisitRecord {
  /// Numbers the live records per day in time order (ids like CK20260105 0012).
  mutating func assignIDs() {
    let order = indices.filter { !self[$0].isRemoved }.sorted {
      self[$0].start != self[$1].start ? self[$0].start < self[$1].start : $0 < $1
    }
    var day = Int.min
    var sequence: Int32 = 0
    for i in order {
      let d = self[i].day
      if d != day {
        day = d
        sequence = 0
      }
      sequence += 1
      self[i].idDay = Int32(d)
      self[i].idSequence = sequence
    }
  }

  var liveCount: Int { reduce(0) { $0 + ($1.isRemoved ? 0 : 1) } }
}
