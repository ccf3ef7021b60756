/// An append that failed in the store itself — a write, `fsync` or truncate of its files — and
/// not because of the batch. The caller stops appending: the next batch would most likely fail
/// the same way (a full disk, a file size limit, an I/O error).
public struct StoreFailure: Error, Equatable, Sendable, CustomStringConvertible {
  /// What failed, where, and what to do: one line for standard error.
  public var diagnostic: Diagnostic
  /// Whether the failed batch was cut off again, leaving the store as it was before.
  public var isUndone: Bool

  public init(_ diagnostic: Diagnostic, isUndone: Bool) {
    self.diagnostic = diagnostic
    self.isUndone = isUndone
  }

  public var description: String { diagnostic.description }
}
