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
}
