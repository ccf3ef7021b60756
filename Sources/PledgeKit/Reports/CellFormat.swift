import Glibc

/// Formatting rules shared by every report (SPEC 5).
enum CellFormat {
  /// A cell copied from input text that begins with `=`, `+`, `-`, `@`, a tab or a carriage
  /// return gets a leading `'`, so Excel and WPS never evaluate it as a formula (OWASP "CSV
  /// injection", SPEC §7.25). Values Pledge computes never pass through here.
  static func spreadsheetSafe(_ text: String) -> String {
    guard let first = text.utf8.first, startsLikeAFormula(first) else { return text }
    return "'" + text
  }

  /// Whether a cell beginning with this byte gets a leading `'` (`spreadsheetSafe`).
  @inline(__always)
  static func startsLikeAFormula(_ first: UInt8) -> Bool {
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
    default: return false
    }
  }

  /// met / (met + breached) with exactly 4 decimals, rounded half away from zero, computed in
  /// integers (SPEC §7.26); empty when the denominator is 0.
  static func rate(met: Int, breached: Int) -> String {
    guard let scaled = rateScaled(met: met, breached: breached) else { return "" }
    var bytes: [UInt8] = []
    appendDigits(scaled / 10_000, width: 1, to: &bytes)
    bytes.append(UInt8(ascii: "."))
    appendDigits(scaled % 10_000, width: 4, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `met / (met + breached)` in ten-thousandths, rounded half up (all values are
  /// non-negative); nil when there is nothing to rate.
  static func rateScaled(met: Int, breached: Int) -> Int? {
    let denominator = met + breached
    guard denominator > 0 else { return nil }
    return (2 * met * 10_000 + denominator) / (2 * denominator)
  }
}

/// Byte order of UTF-8, which reports sort by (SPEC 5: "byte order").
@inline(__always)
func byteOrder(_ a: String, _ b: String) -> Bool {
  // memcmp on the UTF-8 bytes where the strings are contiguous (native ones are).
  let fast = a.utf8.withContiguousStorageIfAvailable { pa in
    b.utf8.withContiguousStorageIfAvailable { pb -> Bool in
      let n = min(pa.count, pb.count)
      let c = n == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, n)
      return c != 0 ? c < 0 : pa.count < pb.count
    }
  }
  return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
}

/// Compares rates met/(met+breached) exactly, as fractions; an empty rate sorts last.
func rateIsHigher(_ a: (met: Int, breached: Int), than b: (met: Int, breached: Int)) -> Bool? {
  let da = a.met + a.breached
  let db = b.met + b.breached
  switch (da == 0, db == 0) {
  case (true, true): return nil
  case (true, false): return false
  case (false, true): return true
  case (false, false):
    let left = a.met * db
    let right = b.met * da
    return left == right ? nil : left > right
  }
}
