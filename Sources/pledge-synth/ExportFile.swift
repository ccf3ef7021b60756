import PledgeKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes one source's rows to `name.csv`, or to `name-YYYY-MM.csv` per month, streaming:
/// rows go into a `CSVWriter` whose bytes are written out every few thousand rows.
///
/// Rows must arrive in time order when split by month; every month of the span gets a file,
/// a header-only one when nothing happened in it.
final class ExportFile {
  enum Split: String { case month, none }

  private let directory: String
  private let name: String
  private let header: [String]
  private let months: [(year: Int, month: Int)]
  private let split: Split

  var writer = CSVWriter()
  private var descriptor: Int32 = -1
  private var path = ""
  private var monthIndex = -1
  private var rowsInChunk = 0
  private var rowsInFile = 0
  private var bytesInFile = 0
  private(set) var totalRows = 0

  init(directory: String, name: String, header: [String], span: Span, split: Split) throws {
    self.directory = directory
    self.name = name
    self.header = header
    self.split = split
    months = span.months
    if split == .none { try open(fileName: name + ".csv") }
  }

  /// Starts a row for a record of `date`; opens the month's file first when splitting.
  @inline(__always)
  func beginRow(on date: CivilDate) throws {
    guard split == .month else { return }
    let (year, month, _) = date.components
    if monthIndex >= 0, months[monthIndex] == (year, month) { return }
    try advance(toYear: year, month: month)
  }

  /// Ends the current row; flushes when enough rows have gathered.
  @inline(__always)
  func endRow() throws {
    writer.endRow()
    rowsInChunk += 1
    rowsInFile += 1
    totalRows += 1
    if rowsInChunk >= 10_000 { try flush() }
  }

  /// Writes what is left, including header-only files for any remaining months.
  func finish() throws {
    if split == .month {
      if let last = months.last { try advance(toYear: last.year, month: last.month) }
    }
    try close()
  }

  private func advance(toYear year: Int, month: Int) throws {
    if monthIndex >= 0, months[monthIndex] == (year, month) { return }
    while monthIndex < months.count - 1 {
      try close()
      monthIndex += 1
      let m = months[monthIndex]
      var fileName = name + "-"
      fileName += String(m.year)
      fileName += m.month < 10 ? "-0" : "-"
      fileName += String(m.month)
      try open(fileName: fileName + ".csv")
      if m == (year, month) { return }
    }
    throw SynthError("\(name): a row dated \(year)-\(month) lies outside the span")
  }

  private func open(fileName: String) throws {
    path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    descriptor = openForWriting(path)
    guard descriptor >= 0 else {
      throw SynthError("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    rowsInFile = 0
    bytesInFile = 0
    writer.row(header)
  }

  private func flush() throws {
    let bytes = writer.bytes
    writer = CSVWriter()
    rowsInChunk = 0
    try bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw SynthError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        offset += n
      }
    }
    bytesInFile += bytes.count
  }

  private func close() throws {
    guard descriptor >= 0 else { return }
    try flush()
    closeDescriptor(descriptor)
    descriptor = -1
    StandardError.note("wrote \(path): \(rowsInFile) rows, \(bytesInFile) bytes")
  }
}

/// Something that stops the generator, printed as one line.
struct SynthError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

enum StandardError {
  static func note(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  }
}

private func openForWriting(_ path: String) -> Int32 {
  open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
}

private func closeDescriptor(_ descriptor: Int32) {
  _ = close(descriptor)
}
