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
    let fieldIndices = Array(match.indices.dropFirst())
    var values = [EventValue?](repeating: nil, count: schema.fields.count)

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
      for (i, field) in schema.fields.enumerated() {
        values[i] = nil
        guard let column = fieldIndices[i] else { continue }
        let cell = trimmedSpaces(record[column])
        if CellParser.isNotKnown(cell) { continue }
        do {
          values[i] = try CellParser.parse(cell, as: field.fact.valueType)
        } catch {
          reject(
            record.line, column: column, value: String(decoding: cell, as: UTF8.self),
            reason: error.message, raw: record.rawText)
          continue rows
        }
      }
      if let problem = checkRow(values) {
        reject(record.line, column: problem.field.flatMap { fieldIndices[$0] },
               value: problem.value, reason: problem.reason, raw: record.rawText)
        continue rows
      }
      // Decide: what does this row add to what is known?
      let id = String(decoding: keyCell, as: UTF8.self)
      let known = projection[keyPath: schema.table][id]
      var added = 0
      let line = record.line
      func emit(_ fact: R.FactKind, _ value: EventValue, correction: Bool) {
        let event = Event(R.eventKind(fact), id, value)
        outcome.draft.append(event, line: line, isCorrection: correction)
        projection.apply(RecordedEvent(event: event, batch: batch, line: line, isCorrection: correction))
        if correction { outcome.draft.counts.corrections += 1 } else { outcome.draft.counts.newFacts += 1 }
        added += 1
      }
      if known == nil, let existence = schema.existenceFact {
        emit(existence, .none, correction: false)
      }
      for (i, field) in schema.fields.enumerated() {
        guard let value = values[i] else { continue }
        switch known?[fact: field.fact] {
        case nil: emit(field.fact, value, correction: false)
        case let old? where old != value: emit(field.fact, value, correction: true)
        default: break
        }
      }
      outcome.draft.counts.rowsAccepted += 1
      if added == 0 { outcome.draft.counts.unchangedRows += 1 }
    }
    outcome.draft.counts.rowsRejected = outcome.rejections.count
    return outcome
  }

  /// The row checks of SPEC 1.4 on the row's own values (§7.29); a check with one side
  /// unknown is skipped (§7.28).
  private func checkRow(_ values: [EventValue?]) -> (field: Int?, value: String, reason: String)? {
    for required in schema.requiredFacts {
      let i = schema.fields.firstIndex { $0.fact == required }!
      if values[i] == nil {
        return (i, "", "a value is required")
      }
    }
    for check in schema.orderChecks {
      let laterIndex = schema.fields.firstIndex { $0.fact == check.later }!
      guard let later = values[laterIndex]?.timeOrdinal else { continue }
      for earlierFact in check.earlier {
        let earlierIndex = schema.fields.firstIndex { $0.fact == earlierFact }!
        guard let earlier = values[earlierIndex]?.timeOrdinal else { continue }
        if later < earlier {
          return (
            laterIndex, values[laterIndex]!.displayText,
            "times run backwards: \(schema.fields[laterIndex].column.name) is before"
              + " \(schema.fields[earlierIndex].column.name) (\(values[earlierIndex]!.displayText))"
          )
        }
        break
      }
    }
    return nil
  }
}
