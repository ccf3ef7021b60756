/// The first stage of ingest: reads CSV records and turns each into the row's key and parsed
/// values, or into a rejection (SPEC 1.1, 1.4). It knows nothing of what the store holds.
final class RowReader<R: Record>: @unchecked Sendable {
  private let reader: CSVReader
  private let schema: SourceSchema<R>
  private let plans: [Ingester<R>.FieldPlan]
  private let checks: RowChecks<R>
  private let key: ColumnReading
  private let header: [String]
  private let fileName: String
  private var record = CSVRecord()
  private var values: [EventValue?]
  /// The import profile bound to this file's header, read on this thread.
  private let profile: ProfileReader?
  /// The row's times as read through a profile with a zone (a fall-back hour is two
  /// instants until the row's other times choose one).
  private var times: [TimeReading?]

  init(
    reader: CSVReader, schema: SourceSchema<R>, plans: [Ingester<R>.FieldPlan], key: ColumnReading,
    header: [String], fileName: String, profile: BoundProfile? = nil
  ) {
    self.reader = reader
    self.schema = schema
    self.plans = plans
    checks = RowChecks(schema)
    self.key = key
    self.header = header
    self.fileName = fileName
    self.profile = profile.map(ProfileReader.init)
    values = [EventValue?](repeating: nil, count: plans.count)
    times = [TimeReading?](repeating: nil, count: plans.count)
  }

  /// Up to `limit` accepted rows (and the rows rejected among them), in file order; an empty
  /// chunk at the end of the file. Throws when the file as a whole is malformed.
  func nextChunk(limit: Int = 2048) throws(Diagnostic) -> ParsedRows {
    var chunk = ParsedRows(width: plans.count, capacity: limit)
    // Work on locals: a class's stored properties are checked for exclusive access on every
    // write.
    var record = self.record
    var values = self.values
    var times = self.times
    let profile = self.profile
    /// The trimmed bytes of a column in `record` (through the profile for a mapping), nil
    /// when the file has no such column or a mapping's value is not known.
    @inline(__always)
    func text(_ reading: ColumnReading, _ record: CSVRecord) -> UnsafeRawBufferPointer? {
      switch reading {
      case .header(let column): return trimmedSpaces(record[column])
      case .mapping(let m, _): return profile.unsafelyUnwrapped.text(m, in: record)
      case .absent: return nil
      }
    }
    defer {
      self.record = record
      self.values = values
      self.times = times
    }
    /// A rejection at input column `column`, or of the whole record at column `number`.
    func rejection(column: Int?, number: Int = 1, value: String, reason: String) -> Rejection {
      Rejection(
        file: fileName, line: record.line, column: column.map { header[$0] } ?? "",
        columnNumber: column.map { $0 + 1 } ?? number, value: value, reason: reason,
        record: record.rawText)
    }
    rows: while chunk.count < limit {
      do throws(CSVFileError) {
        guard try reader.read(into: &record) else { break rows }
      } catch {
        throw Diagnostic(file: fileName, line: error.line, column: error.column, error.message)
      }
      chunk.rowsRead += 1
      if let fault = record.fault {
        // A fault of the whole record names no column (SPEC 4.3), but says where it is.
        chunk.reject(rejection(column: nil, number: fault.column, value: "", reason: fault.message))
        continue rows
      }
      // No cell may exceed the limit. The record's length bounds every cell's, so a single
      // comparison clears all but the rare record that is longer than the limit.
      if record.byteRange.count > CellParser.maximumLength,
        let long = (0..<record.count).first(where: { record[$0].count > CellParser.maximumLength })
      {
        chunk.reject(
          rejection(
            column: long, value: record.string(long),
            reason: CellParser.tooLong(byteCount: record[long].count)))
        continue rows
      }
      guard let keyCell = text(key, record), !CellParser.isNotKnown(keyCell) else {
        chunk.reject(rejection(column: key.column, value: "", reason: "the key is missing"))
        continue rows
      }
      if keyCell.count > CellParser.maximumLength {
        // A key a profile assembled from several cells.
        chunk.reject(rejection(column: key.column, value: "", reason: CellParser.tooLong(byteCount: keyCell.count)))
        continue rows
      }
      let id: String
      if schema.keyIsDate {
        // The calendar: one record per date, however the export writes it (through the
        // profile's pattern when it maps the key).
        do {
          var canonical: [UInt8] = []
          if case .mapping(let m, _) = key, let date = try profile.unsafelyUnwrapped.date(m, in: record) {
            date.appendISO(to: &canonical)
          } else {
            try TimeParser.date(keyCell).appendISO(to: &canonical)
          }
          id = String(decoding: canonical, as: UTF8.self)
        } catch {
          chunk.reject(
            rejection(column: key.column, value: String(decoding: keyCell, as: UTF8.self), reason: error.message))
          continue rows
        }
      } else {
        id = String(decoding: keyCell, as: UTF8.self)
      }
      var hasOverlap = false
      for i in 0..<plans.count {
        values[i] = nil
        do {
          if let profile {
            times[i] = nil
            // Times through the profile: its pattern, its zone.
            if plans[i].type == .instant, profile.readsTime(plans[i].reading) {
              // Not known (nil) is the profile's answer too: the cell is not read again.
              if let reading = try profile.time(plans[i].reading, allowingDate: plans[i].acceptsPlainDate, in: record) {
                times[i] = reading
                if case .overlap = reading { hasOverlap = true }
                values[i] = .instant(reading.earlier)
              }
              continue
            }
            if plans[i].type == .date, case .mapping(let m, _) = plans[i].reading {
              values[i] = try profile.date(m, in: record).map(EventValue.date)
              continue
            }
          }
          guard let cell = text(plans[i].reading, record), !CellParser.isNotKnown(cell) else { continue }
          if cell.count > CellParser.maximumLength {
            // A value assembled from several cells of the export.
            chunk.reject(
              rejection(
                column: plans[i].column, value: "", reason: CellParser.tooLong(byteCount: cell.count)))
            continue rows
          }
          values[i] = plans[i].acceptsPlainDate
            ? .instant(try TimeParser.timestampOrDate(cell))
            : try CellParser.parse(cell, as: plans[i].type)
        } catch {
          let value = text(plans[i].reading, record).map { String(decoding: $0, as: UTF8.self) } ?? ""
          chunk.reject(rejection(column: plans[i].column, value: value, reason: error.message))
          continue rows
        }
      }
      if hasOverlap {
        // A fall-back hour: the earlier instant, unless that puts a step before one it must
        // follow while the later does not (SPEC 1.5).
        let chosen = OverlapResolver.resolve(times, orderChecks: checks.order)
        for i in 0..<plans.count where times[i] != nil { values[i] = chosen[i].map(EventValue.instant) }
      }
      if let problem = checks.firstProblem(values, schema) {
        chunk.reject(
          rejection(column: problem.field.flatMap { plans[$0].column }, value: problem.value, reason: problem.reason))
        continue rows
      }
      // The key is hashed here, on the reading core, for the table the deciding core looks it
      // up in.
      chunk.accept(id: id, hash: KeySlots.hash(id), line: record.line, values: &values)
    }
    chunk.endOffset = reader.offset
    return chunk
  }
}
