import Glibc

/// The event store on disk: a directory holding `events.log` (the truth), `quarantine.csv`
/// (rejected rows), `lock` (the writer's lock) and `cache/` (derived, deletable).
///
/// Opened for reading, it never blocks and sees only committed batches. Opened for writing, it
/// takes the lock, discards an unfinished batch left by an interrupted writer or seals a
/// committed one (saying so), upgrades a version-1 log, and refuses to write to a log damaged
/// inside its committed batches.
public final class FileEventStore: EventStore {
  public let directory: String
  public internal(set) var batches: [BatchInfo]
  /// What opening for writing had to recover, to be shown on standard error.
  public private(set) var recoveryNote: String?
  /// Damage after the last committed batch seen by a reader (a writer refuses to open).
  public private(set) var tailDamage: LogDamage?

  let fd: Int32
  /// Where the next batch starts: the end of the last committed batch.
  var committedEnd: Int
  let lock: StoreLock?
  /// Set when a failed append could not be undone: this object appends nothing more.
  var unusable: StoreFailure?
  /// Test hooks for appends (debug builds only; see `AppendFaults`).
  var faults = AppendFaults.fromEnvironment()

  static let logName = "events.log"
  static let quarantineName = "quarantine.csv"
  static let quarantineHeader = "file,line,column,value,reason,record\n"

  var logPath: String { directory + "/" + FileEventStore.logName }
  public var quarantinePath: String { directory + "/" + FileEventStore.quarantineName }

  /// Whether `directory` holds a store.
  public static func exists(at directory: String) -> Bool {
    access(directory + "/" + logName, F_OK) == 0
  }

  /// Opens an existing store for reading. A store whose creation has not finished (its
  /// directory and lock exist, its log is missing or shorter than its header) reads as empty.
  public init(readingFrom directory: String) throws(Diagnostic) {
    self.directory = directory
    lock = nil
    let path = directory + "/" + FileEventStore.logName
    fd = open(path, O_RDONLY | O_CLOEXEC)
    committedEnd = LogFormat.headerSize
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT, access(directory + "/lock", F_OK) == 0 {
        batches = []  // a writer is creating the store, or was stopped while it did
        return
      }
      if code == ENOENT {
        throw Diagnostic(
          "there is no store at \(directory); ingest exports first with 'pledge ingest',"
            + " or name the store with --store DIR or $PLEDGE_STORE")
      }
      throw Diagnostic(file: path, "cannot open the event log: \(errnoDescription(code))")
    }
    let scanner = LogScanner(fd: fd)
    if scanner.isUnfinishedHeader {
      batches = []
      return
    }
    let index: LogIndex
    do {
      index = try scanner.index(checkEvents: false)
    } catch {
      close(fd)
      throw Diagnostic(file: path, error.message)
    }
    batches = index.batches
    committedEnd = index.committedEnd
    if case .damaged(let damage) = index.tail { tailDamage = damage }
  }

  /// Opens a store for writing, creating it when missing. Fails with exit code 4 when another
  /// writer holds it.
  public init(writingTo directory: String) throws(Diagnostic) {
    self.directory = directory
    try FileEventStore.createDirectory(directory)
    lock = try StoreLock(directory: directory)
    let path = directory + "/" + FileEventStore.logName
    var descriptor = open(path, O_RDWR | O_CLOEXEC)
    if descriptor < 0, errno == ENOENT {
      try FileEventStore.createLog(in: directory)
      descriptor = open(path, O_RDWR | O_CLOEXEC)
    } else if descriptor >= 0, case let scanner = LogScanner(fd: descriptor), scanner.isUnfinishedHeader {
      // Left by a writer stopped while creating the store (before logs were created by
      // rename): it holds no batch, so it is started afresh.
      close(descriptor)
      try FileEventStore.createLog(in: directory)
      descriptor = open(path, O_RDWR | O_CLOEXEC)
      recoveryNote = "recovered the store: its event log was left unfinished (\(scanner.size) bytes,"
        + " no batch) by an interrupted first ingest; started it afresh"
    }
    guard descriptor >= 0 else {
      throw Diagnostic(file: path, "cannot open the event log for writing: \(errnoDescription())")
    }
    let opened = try FileEventStore.prepareForAppending(descriptor, directory: directory)
    fd = opened.fd
    batches = opened.index.batches
    committedEnd = opened.index.committedEnd
    let notes = (recoveryNote.map { [$0] } ?? []) + opened.notes
    recoveryNote = notes.isEmpty ? nil : notes.joined(separator: "; ")
  }

  deinit { if fd >= 0 { close(fd) } }
}
