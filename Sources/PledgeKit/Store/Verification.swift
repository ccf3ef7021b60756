import Glibc

/// The outcome of `pledge verify`: every frame's checksum, every batch's structure, every
/// event decoded and counted against its batch's commit record.
public struct VerificationReport: Sendable {
  public var batches = 0
  public var events = 0
  public var bytes = 0
  /// The first damage found, if any.
  public var damage: LogDamage?
  /// Bytes of an unfinished batch after the last commit (discarded by the next writer).
  public var unfinishedTailBytes = 0
  /// The last batch, when it is committed but its seal is missing or unfinished (an ingest
  /// stopped at its very end; the next writer seals it).
  public var unsealedBatch: Int?

  public var isClean: Bool { damage == nil }
}

extension FileEventStore {
  /// Checks the whole log of the store in `directory` without taking the writer's lock.
  public static func verify(directory: String) throws(Diagnostic) -> VerificationReport {
    let path = directory + "/" + logName
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      // A store whose first ingest is creating it, or was stopped while it did: nothing to check.
      if code == ENOENT, access(directory + "/lock", F_OK) == 0 { return VerificationReport() }
      throw Diagnostic(
        file: path, "cannot open the event log: \(errnoDescription(code)); is \(directory) a store?")
    }
    defer { close(fd) }
    let scanner = LogScanner(fd: fd)
    var report = VerificationReport()
    report.bytes = scanner.size
    if scanner.isUnfinishedHeader {
      report.unfinishedTailBytes = scanner.size
      return report
    }
    let index: LogIndex
    do {
      index = try scanner.index(checkEvents: true)
    } catch {
      report.damage = LogDamage(offset: 0, batch: nil, reason: error.message)
      return report
    }
    report.batches = index.batches.count
    switch index.tail {
    case .clean: break
    case .torn(let offset, _): report.unfinishedTailBytes = scanner.size - offset
    case .unsealed: report.unsealedBatch = index.batches.last?.number
    case .damaged(let damage): report.damage = damage
    }
    // Decode every event of every committed batch and count it against the commit.
    let store = try FileEventStore(readingFrom: directory)
    for info in index.batches {
      var count = 0
      do {
        try store.replay(batch: info) { _ in count += 1 }
      } catch let diagnostic as Diagnostic {
        report.damage = report.damage ?? LogDamage(
          offset: info.byteRange.lowerBound, batch: info.number, reason: diagnostic.message)
        break
      } catch {
        report.damage = LogDamage(offset: info.byteRange.lowerBound, batch: info.number, reason: "\(error)")
        break
      }
      guard count == info.eventCount else {
        report.damage = report.damage ?? LogDamage(
          offset: info.byteRange.lowerBound, batch: info.number,
          reason: "the batch holds \(count) events but its commit record says \(info.eventCount)")
        break
      }
      report.events += count
    }
    return report
  }
}
