/// `pledge verify`
struct VerifyCommand: Command {
  static let name = "verify"
  static let summary = "check the whole event log: every checksum, batch and event"
  static let usage = """
    Usage: pledge verify [--store DIR]

    Reads every record of the event log, checks every checksum and batch frame, decodes every
    event and counts it against its batch. Prints the first damage with its byte offset and
    batch and exits 1; exits 0 when the log is sound. An unfinished batch left by an
    interrupted ingest is reported but is not damage: the next writer discards it. Neither is
    a last batch stored whole whose ingest was stopped before sealing it: the next writer
    seals it.
    """
  static let options = [CommonOptions.store]

  let storeDirectory: String

  init(_ arguments: ParsedArguments, environment: [String: String]) throws(Diagnostic) {
    guard arguments.positionals.isEmpty else {
      throw Self.usageError("unexpected argument '\(arguments.positionals[0])'")
    }
    storeDirectory = CommonOptions.storeDirectory(arguments, environment)
  }

  func run(_ console: Console) throws -> ExitCode {
    let report = try FileEventStore.verify(directory: storeDirectory)
    if let damage = report.damage {
      console.note(
        "\(storeDirectory)/events.log: error: " + damage.message
          + "; the store is damaged: restore it from a backup (batches before \(damage.batch ?? 1) are intact)")
      return .failure
    }
    var line = "\(storeDirectory): ok: \(report.batches) batches, \(report.events) events, \(report.bytes) bytes"
    if report.unfinishedTailBytes > 0 {
      line += "; an unfinished batch of \(report.unfinishedTailBytes) bytes (an interrupted ingest)"
        + " will be discarded by the next ingest"
    }
    if let batch = report.unsealedBatch {
      line += "; batch \(batch) is stored whole but not yet sealed (its ingest was interrupted at"
        + " its very end): the next ingest seals it"
    }
    try console.write(line + "\n")
    return .success
  }
}
