/// Damage found in the log: where, in which batch, and what.
public struct LogDamage: Error, Equatable, Sendable {
  public let offset: Int
  /// The batch the damaged bytes belong to (or would have belonged to).
  public let batch: Int?
  public let reason: String

  public var message: String {
    var text = "the event log is damaged at byte \(offset)"
    if let batch { text += " (batch \(batch))" }
    return text + ": " + reason
  }
}

/// What lies after the last committed batch.
enum LogTail: Equatable {
  /// Nothing.
  case clean
  /// An unfinished batch left by an interrupted writer, from `offset` to the end: safe to
  /// discard. `quarantineOffset` is where its quarantine rows (if any) start.
  case torn(offset: Int, quarantineOffset: Int?)
  /// The last batch is committed but its seal is missing or unfinished (`written` bytes of it
  /// follow the commit): its writer was stopped after flushing the commit. The batch stands;
  /// the next writer seals it (version 2).
  case unsealed(written: Int)
  /// Bytes that are not an unfinished batch: the store must not be written to.
  case damaged(LogDamage)
}

/// The committed batches of a log and the state of its tail, found by walking the frames.
struct LogIndex {
  var version: UInt16
  var batches: [BatchInfo] = []
  /// The end of the last committed batch, with its seal (where the next batch begins).
  var committedEnd: Int
  /// The seal frame the last committed batch has or should have, and where it starts (the end
  /// of its commit frame): a writer seals an unsealed batch with it, and the upgrade of a
  /// version-1 log seals its last batch with it.
  var lastSeal: (offset: Int, bytes: [UInt8])?
  var tail: LogTail = .clean
}
