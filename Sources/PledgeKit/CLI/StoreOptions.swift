import Glibc

/// Options every store-reading command shares.
enum CommonOptions {
  static let store = OptionSpec(
    "--store", value: "DIR", "the store directory (default: $PLEDGE_STORE, else ./pledge-store)")

  /// The store directory: `--store DIR`, else `$PLEDGE_STORE`, else `./pledge-store`.
  static func storeDirectory(_ arguments: ParsedArguments, _ environment: [String: String]) -> String {
    if let directory = arguments.value("--store"), !directory.isEmpty { return directory }
    if let directory = environment["PLEDGE_STORE"], !directory.isEmpty { return directory }
    return "pledge-store"
  }

  /// Now, from the system clock: only for provenance (when a batch was ingested), never for
  /// evaluating obligations.
  static func wallClock() -> Instant { Instant(unixTime: Int64(time(nil))) }

  /// Opens the store for a command that reads it (report, show, history, events). A log damaged
  /// after its last sound batch is refused rather than read in part, since figures that leave
  /// out the batches after the damage would look complete; `--batch N` within the sound part
  /// reads that part on purpose.
  /// `--batch N` beyond the store's batches is a usage error.
  static func openForReading(_ directory: String, through batch: Int?) throws -> FileEventStore {
    let store = try FileEventStore(readingFrom: directory)
    if let damage = store.tailDamage, batch.map({ $0 > store.batches.count }) ?? true {
      let sound = store.batches.count
      throw Diagnostic(
        file: directory + "/" + FileEventStore.logName,
        damage.message + "; nothing after batch \(sound) can be read. Run 'pledge verify' and"
          + " restore the store from a backup, or pass --batch \(sound) to read the sound part")
    }
    if let batch, batch > store.batches.count {
      throw Diagnostic(
        "--batch \(batch): the store has only \(store.batches.count) batches; give a number up to"
          + " \(store.batches.count)", exitCode: .usage)
    }
    return store
  }

  /// A batch number option (`--batch N`, `--since-batch N`): digits, and small enough to be one.
  static func batchNumber(_ arguments: ParsedArguments, _ name: String, command: String) throws(Diagnostic) -> Int? {
    guard let text = arguments.value(name) else { return nil }
    guard !text.isEmpty, text.utf8.allSatisfy(isDigit) else {
      throw Diagnostic(
        "\(name) needs a batch number, got \(quoted(text)); see 'pledge help \(command)'", exitCode: .usage)
    }
    guard let n = Int(text) else {
      throw Diagnostic(
        "\(name) \(text) is too large to be a batch number; 'pledge status' shows how many batches"
          + " the store has", exitCode: .usage)
    }
    return n
  }
}
