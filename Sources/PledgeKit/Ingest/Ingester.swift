/// Turns one CSV export into one batch of facts (SPEC 1.3, 1.4, 4.2, 4.3).
///
/// For each row it *decides*, against what the projection already knows, which facts the row
/// adds: nothing for a value already recorded, a new fact for a value not known before, a
/// correction for a different value; an empty cell never erases. The facts are folded into the
/// projection as they are decided, so a later row with the same key sees them (rows repeating
/// a key are successive observations, in file order).
struct Ingester<R: Record> {
  let schema: SourceSchema<R>
  let fileName: String
  /// The import profile the export is read through (SPEC 1.5), if any.
  var profile: ImportProfile? = nil
  /// The snapshot written while the file is read, if any: told of every chunk decided and of
  /// every record a row changes.
  var snapshot: SnapshotStream<R>? = nil

  /// The outcome of one file: the batch to append and the rows that were rejected.
  struct Outcome {
    var draft: BatchDraft
    var rejections: [Rejection]
  }

  /// Reads `text` and decides its facts into `draft`, folding them into `projection`.
  /// Throws (and leaves `projection` partly updated: reload it) when the whole file is refused.
  func ingest(
    _ text: UnsafeRawBufferPointer, into projection: inout Projection, draft: BatchDraft,
    batch: Int
  ) throws(Diagnostic) -> Outcome {
    var outcome = Outcome(draft: draft, rejections: [])
    let reader = CSVReader(text)
    var record = CSVRecord()
    do {
      guard try reader.read(into: &record) else {
        throw Diagnostic(file: fileName, "the file is empty; expected a header row")
      }
    } catch let error as CSVFileError {
      throw Diagnostic(file: fileName, line: error.line, column: error.column, error.message)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch { throw Diagnostic(file: fileName, "\(error)") }
    let header = record.strings
    // A column the profile maps is read through it, not found by name (so it is neither
    // missing nor a duplicate); the export's columns its placeholders read are not unknown.
    let bound = try profile?.bind(header: header, fileName: fileName)
    let mapped = Set(profile?.mappings.map(\.column) ?? [])
    let match = HeaderMatch(
      header: header, columns: schema.columns,
      provided: Set(schema.columns.indices.filter { mapped.contains(schema.columns[$0].name) }),
      claimed: Set(bound?.headerColumnsRead ?? []))
    if let missing = match.missing.first {
      throw Diagnostic(
        file: fileName, line: record.line,
        "no column \(missing.describedWithAliases) in the header; a \(schema.source) export"
          + " needs it. Rename the column, or check that this is a \(schema.source) file")
    }
    if let duplicate = match.duplicates.first {
      throw Diagnostic(
        file: fileName, line: record.line, column: duplicate.second + 1,
        duplicate.message(header: header))
    }
    outcome.draft.counts.unknownColumns = match.unknownForSummary
    reader.expectedFieldCount = record.count
    // Resolved once per file: where each fact's cell is (a header column, or a mapping of the
    // profile), how to parse it, its event kind.
    func reading(_ column: String, found: Int?) -> ColumnReading {
      if let bound, let m = bound.mappingIndex(forColumn: column) {
        return .mapping(m, column: bound.headerColumn(ofMapping: m))
      }
      return found.map(ColumnReading.header) ?? .absent
    }
    let key = reading(schema.key.name, found: match.indices[0])
    let plans = schema.fields.enumerated().map { i, field in
      FieldPlan(
        fact: field.fact, kind: R.eventKind(field.fact), type: field.fact.valueType,
        reading: reading(field.column.name, found: match.indices[i + 1]))
    }
    if let profile {
      let times = Set(
        schema.fields.filter { $0.fact.valueType == .instant || $0.fact.valueType == .date }.map(\.column.name)
          + (schema.keyIsDate ? [schema.key.name] : []))
      try profile.checkPatterns(timeColumns: times)
      // Constants of other columns are read as a row's cell would be; times and dates are
      // left to the rows (a pattern, or a plain date for held_at, may apply).
      try profile.checkConstants { column, value in
        guard let field = schema.fields.first(where: { $0.column.name == column }),
          field.fact.valueType != .instant, field.fact.valueType != .date
        else { return nil }
        do throws(ValueProblem) {
          _ = try CellParser.parse(value, as: field.fact.valueType)
          return nil
        } catch {
          return error
        }
      }
    }
    let rows = RowReader(
      reader: reader, schema: schema, plans: plans, key: key, header: header,
      fileName: fileName, profile: bound)
    var earliest: Instant?
    var latest: Instant?
    // Which records (by position in the table) a row of this file has named: a later row with
    // the same key that changes a value is a repeated key (SPEC 6), one bit per record.
    var namedInFile: [UInt64] = []
    // The source's records, taken out of the projection for the length of the file (one key
    // path access instead of one per row) and put back when the file is read.
    var table = projection[keyPath: schema.table]
    projection[keyPath: schema.table] = RecordTable()
    defer { projection[keyPath: schema.table] = table }

    // Rows are read and parsed on another core while this one decides (a two-stage pipeline;
    // chunks keep file order, so the outcome is the same as reading inline).
    var reserved = false
    // How many rows ahead the key index is brought into the cache.
    let prefetchDistance = 4
    try RowPipeline.run(rows) { chunk in
      if !reserved, chunk.count > 0, chunk.endOffset > 0 {
        // Room for as many new records as the file holds rows at the first chunk's rate, so
        // the table does not grow (and copy every record) step by step.
        reserved = true
        let estimate = Double(text.count) / Double(chunk.endOffset) * Double(chunk.rowsRead) * 1.05
        table.reserveCapacity(table.count + Int(min(estimate, 1e9)))
      }
      outcome.draft.counts.rowsRead += chunk.rowsRead
      outcome.rejections += chunk.rejections
      var counts = outcome.draft.counts
      for row in 0..<chunk.count {
        // Decide what this row adds to what is known, folding each fact into the record as
        // it is decided (the record's fact subscript is the fold step).
        let id = chunk.ids[row]
        let line = chunk.lines[row]
        let base = row * plans.count
        var added = 0
        var corrected = false
        if row + prefetchDistance < chunk.count { table.prefetch(hash: chunk.hashes[row + prefetchDistance]) }
        // The record is changed in place: reading a fact through a copy of it would copy the
        // whole record (and retain its strings) once per fact.
        let position = table.update(id, hash: chunk.hashes[row]) { record, isNew in
          if isNew, let existence = schema.existenceFact {
            record[fact: existence] = EventValue.none
            outcome.draft.append(R.eventKind(existence), recordID: id, value: .none, line: line, isCorrection: false)
            counts.newFacts += 1
            added += 1
          }
          for i in 0..<plans.count {
            guard let value = chunk.values[base + i] else { continue }
            let fact = plans[i].fact
            // A new record has no facts yet to compare with (most rows of a fresh export).
            let correction: Bool
            switch isNew ? nil : record[fact: fact] {
            case nil: correction = false
            case let old? where old != value: correction = true
            default: continue
            }
            record[fact: fact] = value
            outcome.draft.append(plans[i].kind, recordID: id, value: value, line: line, isCorrection: correction)
            if correction {
              counts.corrections += 1
              corrected = true
            } else {
              counts.newFacts += 1
            }
            if plans[i].isBusinessTime, let time = value.timeOrdinal {
              if latest.map({ time > $0 }) ?? true { latest = time }
              if earliest.map({ time < $0 }) ?? true { earliest = time }
            }
            added += 1
          }
        }
        let word = position >> 6
        if word >= namedInFile.count {
          namedInFile.append(contentsOf: repeatElement(0, count: max(word + 1 - namedInFile.count, namedInFile.count)))
        }
        let bit: UInt64 = 1 << UInt64(position & 63)
        if namedInFile[word] & bit != 0 {
          if corrected { counts.repeatedKeys += 1 }
        } else {
          namedInFile[word] |= bit
        }
        counts.rowsAccepted += 1
        if added == 0 {
          counts.unchangedRows += 1
        } else {
          snapshot?.changed(position)
        }
      }
      snapshot?.chunkDecided(table)
      counts.unknownColumns = outcome.draft.counts.unknownColumns
      counts.rowsRead = outcome.draft.counts.rowsRead
      outcome.draft.counts = counts
    }
    outcome.draft.counts.rowsRejected = outcome.rejections.count
    outcome.draft.counts.earliestBusinessTime = earliest
    outcome.draft.counts.latestBusinessTime = latest
    projection.account(
      batch: batch, events: outcome.draft.counts.events, earliestBusinessTime: earliest,
      latestBusinessTime: latest)
    return outcome
  }

  /// How one fact is read from this file.
  struct FieldPlan {
    let fact: R.FactKind
    let kind: EventKind
    var isBusinessTime: Bool { fact.isBusinessTime }
    var acceptsPlainDate: Bool { fact.acceptsPlainDate }
    let type: ValueType
    let reading: ColumnReading

    /// The header column a rejection of this fact names.
    var column: Int? { reading.column }
  }

}

/// The row checks of SPEC 1.4 on the row's own values (§7.29), with field positions resolved
/// once; a check with one side unknown is skipped (§7.28).
struct RowChecks<R: Record> {
  private let required: [Int]
  private let bounds: [(field: Int, maximum: Int, meaning: String)]
  private let ranges: [(field: Int, range: ClosedRange<Int>, when: (field: Int, value: EventValue)?, meaning: String)]
  /// `later ≥ earlier` by field position (SPEC 1.4), for the overlap resolver too.
  let order: [(later: Int, earlier: [Int])]

  init(_ schema: SourceSchema<R>) {
    func position(_ fact: R.FactKind) -> Int { schema.fields.firstIndex { $0.fact == fact }! }
    required = schema.requiredFacts.map(position)
    bounds = schema.upperBounds.map { (position($0.fact), $0.maximum, $0.meaning) }
    ranges = schema.ranges.map { range in
      (position(range.fact), range.range, range.when.map { (position($0.fact), $0.value) }, range.meaning)
    }
    order = schema.orderChecks.map { (position($0.later), $0.earlier.map(position)) }
  }

  func firstProblem(
    _ values: [EventValue?], _ schema: SourceSchema<R>
  ) -> (field: Int?, value: String, reason: String)? {
    for i in required where values[i] == nil {
      return (i, "", "a value is required")
    }
    for bound in bounds {
      guard let value = values[bound.field]?.integer, value > bound.maximum else { continue }
      return (bound.field, String(value), "expected at most \(bound.maximum) \(bound.meaning)")
    }
    for check in ranges {
      guard let value = values[check.field]?.integer else { continue }
      if let when = check.when, let other = values[when.field], other != when.value {
        let column = schema.fields[when.field].column.name
        return (
          check.field, String(value),
          "\(schema.fields[check.field].column.name) goes only with \(column) \(when.value.displayText),"
            + " and this row's \(column) is \(other.displayText); leave it empty or check \(column)"
        )
      }
      if !check.range.contains(value) {
        return (check.field, String(value), "expected \(check.meaning)")
      }
    }
    for check in order {
      guard let later = values[check.later]?.timeOrdinal else { continue }
      for earlierIndex in check.earlier {
        guard let earlier = values[earlierIndex]?.timeOrdinal else { continue }
        if later < earlier {
          return (
            check.later, values[check.later]!.displayText,
            "times run backwards: \(schema.fields[check.later].column.name) is before"
              + " \(schema.fields[earlierIndex].column.name) (\(values[earlierIndex]!.displayText))"
          )
        }
        break
      }
    }
    return nil
  }
}
