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
    let match = HeaderMatch(header: header, columns: schema.columns)
    if let missing = match.missing.first {
      throw Diagnostic(
        file: fileName, line: record.line,
        "no column \(missing.describedWithAliases) in the header; a \(schema.source) export"
          + " needs it. Rename the column, or check that this is a \(schema.source) file")
    }
    outcome.draft.counts.unknownColumns = match.unknown
    reader.expectedFieldCount = record.count
    let keyIndex = match.indices[0]!
    // Resolved once per file: where each fact's cell is, how to parse it, its event kind.
    let plans = schema.fields.enumerated().map { i, field in
      FieldPlan(
        fact: field.fact, kind: R.eventKind(field.fact), type: field.fact.valueType,
        column: match.indices[i + 1])
    }
    let checks = RowChecks(schema)
    var values = [EventValue?](repeating: nil, count: plans.count)
    var latest: Instant?

    func reject(_ line: Int, column: Int?, value: String, reason: String, raw: String) {
      outcome.rejections.append(
        Rejection(
          file: fileName, line: line, column: column.map { header[$0] } ?? "",
          columnNumber: (column ?? 0) + 1, value: value, reason: reason, record: raw))
    }

    rows: while true {
      do throws(CSVFileError) {
        guard try reader.read(into: &record) else { break rows }
      } catch {
        throw Diagnostic(file: fileName, line: error.line, column: error.column, error.message)
      }
      outcome.draft.counts.rowsRead += 1
      if let fault = record.fault {
        reject(record.line, column: nil, value: "", reason: fault.message, raw: record.rawText)
        continue rows
      }
      let keyCell = trimmedSpaces(record[keyIndex])
      guard !CellParser.isNotKnown(keyCell) else {
        reject(record.line, column: keyIndex, value: "", reason: "the key is missing", raw: record.rawText)
        continue rows
      }
      // Parse every mapped cell.
      for i in 0..<plans.count {
        values[i] = nil
        guard let column = plans[i].column else { continue }
        let cell = trimmedSpaces(record[column])
        if CellParser.isNotKnown(cell) { continue }
        do {
          values[i] = try CellParser.parse(cell, as: plans[i].type)
        } catch {
          reject(
            record.line, column: column, value: String(decoding: cell, as: UTF8.self),
            reason: error.message, raw: record.rawText)
          continue rows
        }
      }
      if let problem = checks.firstProblem(values, schema) {
        reject(record.line, column: problem.field.flatMap { plans[$0].column },
               value: problem.value, reason: problem.reason, raw: record.rawText)
        continue rows
      }
      // Decide what this row adds to what is known, folding each fact into the record as it
      // is decided (the record's fact subscript is the fold step).
      let id = String(decoding: keyCell, as: UTF8.self)
      let line = record.line
      var added = 0
      projection[keyPath: schema.table].update(id) { known, isNew in
        func emit(_ kind: EventKind, _ value: EventValue, correction: Bool) {
          outcome.draft.append(Event(kind, id, value), line: line, isCorrection: correction)
          if correction { outcome.draft.counts.corrections += 1 } else { outcome.draft.counts.newFacts += 1 }
          if kind.isBusinessTime, let time = value.timeOrdinal, latest.map({ time > $0 }) ?? true {
            latest = time
          }
          added += 1
        }
        if isNew, let existence = schema.existenceFact {
          known[fact: existence] = EventValue.none
          emit(R.eventKind(existence), .none, correction: false)
        }
        for i in 0..<plans.count {
          guard let value = values[i] else { continue }
          let fact = plans[i].fact
          switch known[fact: fact] {
          case nil: emit(plans[i].kind, value, correction: false)
          case let old? where old != value: emit(plans[i].kind, value, correction: true)
          default: continue
          }
          known[fact: fact] = value
        }
      }
      outcome.draft.counts.rowsAccepted += 1
      if added == 0 { outcome.draft.counts.unchangedRows += 1 }
    }
    outcome.draft.counts.rowsRejected = outcome.rejections.count
    projection.account(batch: batch, events: outcome.draft.counts.events, latestBusinessTime: latest)
    return outcome
  }

  /// How one fact is read from this file.
  private struct FieldPlan {
    let fact: R.FactKind
    let kind: EventKind
    let type: ValueType
    let column: Int?
  }

}

/// The row checks of SPEC 1.4 on the row's own values (§7.29), with field positions resolved
/// once; a check with one side unknown is skipped (§7.28).
struct RowChecks<R: Record> {
  private let required: [Int]
  private let order: [(later: Int, earlier: [Int])]

  init(_ schema: SourceSchema<R>) {
    func position(_ fact: R.FactKind) -> Int { schema.fields.firstIndex { $0.fact == fact }! }
    required = schema.requiredFacts.map(position)
    order = schema.orderChecks.map { (position($0.later), $0.earlier.map(position)) }
  }

  func firstProblem(
    _ values: [EventValue?], _ schema: SourceSchema<R>
  ) -> (field: Int?, value: String, reason: String)? {
    for i in required where values[i] == nil {
      return (i, "", "a value is required")
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
