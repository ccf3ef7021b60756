import Glibc

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
  /// Bytes that are not an unfinished batch: the store must not be written to.
  case damaged(LogDamage)
}

/// The committed batches of a log and the state of its tail, found by walking the frames.
struct LogIndex {
  var version: UInt16
  var batches: [BatchInfo] = []
  var committedEnd: Int
  var tail: LogTail = .clean
}

/// Reads a log file with `pread`, frame by frame: robust to a file that another process is
/// appending to, and to any damage.
struct LogScanner {
  let fd: Int32
  let size: Int

  init(fd: Int32) {
    self.fd = fd
    var info = stat()
    fstat(fd, &info)
    size = Int(info.st_size)
  }

  func read(_ offset: Int, _ count: Int) -> [UInt8]? {
    guard count >= 0, offset >= 0, offset + count <= size else { return nil }
    var buffer = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let n = buffer.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
      }
      if n < 0, errno == EINTR { continue }
      guard n > 0 else { return nil }
      done += n
    }
    return buffer
  }

  enum FrameRead {
    case frame(type: UInt8, payload: [UInt8], end: Int)
    /// The header or payload runs past the end of the file.
    case incomplete
    /// A complete frame whose sync, type, length or checksum is wrong.
    case bad(String)
  }

  /// Reads and checks the frame at `offset`.
  func frame(at offset: Int) -> FrameRead {
    guard let header = read(offset, LogFormat.frameHeaderSize) else { return .incomplete }
    guard header[0] == LogFormat.sync.0, header[1] == LogFormat.sync.1 else {
      return .bad("no frame starts here (sync bytes missing)")
    }
    let length = Int(UInt32(header[4]) | UInt32(header[5]) << 8 | UInt32(header[6]) << 16
      | UInt32(header[7]) << 24)
    let crc = UInt32(header[8]) | UInt32(header[9]) << 8 | UInt32(header[10]) << 16
      | UInt32(header[11]) << 24
    guard length <= LogFormat.maximumPayload else {
      return .bad("frame length \(length) is impossible")
    }
    let end = offset + LogFormat.frameHeaderSize + length
    guard end <= size else { return .incomplete }
    guard let payload = read(offset + LogFormat.frameHeaderSize, length) else { return .incomplete }
    let expected = LogFormat.frameChecksum(
      type: header[2], flags: header[3], length: UInt32(length), payload: payload)
    guard expected == crc else { return .bad("checksum mismatch") }
    guard LogFormat.FrameType(rawValue: header[2]) != nil, header[3] == 0 else {
      return .bad("unknown frame type \(header[2])")
    }
    return .frame(type: header[2], payload: payload, end: end)
  }

  /// Reads the header: the format version, or why the file is not a readable log.
  func version() throws(Diagnostic) -> UInt16 {
    guard size >= LogFormat.headerSize, let header = read(0, LogFormat.headerSize) else {
      throw Diagnostic("the event log is shorter than its header (\(size) bytes); it is not a"
        + " Pledge store, or it was damaged when created")
    }
    guard Array(header[0..<8]) == LogFormat.magic else {
      throw Diagnostic("the file is not a Pledge event log (wrong magic bytes)")
    }
    let crc = UInt32(header[12]) | UInt32(header[13]) << 8 | UInt32(header[14]) << 16
      | UInt32(header[15]) << 24
    guard LogFormat.crc32c(Array(header[0..<12])) == crc else {
      throw Diagnostic("the event log's header is damaged (checksum mismatch at byte 0)")
    }
    return UInt16(header[8]) | UInt16(header[9]) << 8
  }

  /// Walks every frame, collecting committed batches. With `checkEvents`, the checksum of
  /// every `events` frame is verified too (writers do; readers verify while replaying).
  func index(checkEvents: Bool) throws(Diagnostic) -> LogIndex {
    let version = try version()
    guard LogFormat.readableVersions.contains(version) else {
      throw Diagnostic(
        "the store was written by a newer Pledge (log format version \(version); this pledge"
          + " \(PledgeCLI.version) reads versions up to \(LogFormat.readableVersions.upperBound));"
          + " upgrade pledge to read it")
    }
    var index = LogIndex(version: version, committedEnd: LogFormat.headerSize)
    var offset = LogFormat.headerSize
    var open: (begin: LogFormat.Begin, offset: Int, blocks: Int)?
    var expectedNumber = 1

    func damage(_ at: Int, _ reason: String) -> LogTail {
      .damaged(LogDamage(offset: at, batch: open?.begin.number ?? expectedNumber, reason: reason))
    }

    while offset < size {
      let read = checkEvents || !isEventsFrame(at: offset) ? frame(at: offset) : skimFrame(at: offset)
      switch read {
      case .incomplete:
        index.tail = tornOrDamaged(from: offset, openBatch: open, committedEnd: index.committedEnd)
          ?? damage(offset, "a frame runs past the end of the file, yet complete frames follow")
        return index
      case .bad(let reason):
        if allZero(from: offset) {
          index.tail = .torn(offset: open?.offset ?? offset, quarantineOffset: open?.begin.quarantineOffset)
        } else {
          index.tail = damage(offset, reason)
        }
        return index
      case .frame(let type, let payload, let end):
        switch LogFormat.FrameType(rawValue: type)! {
        case .begin:
          guard open == nil else {
            index.tail = damage(offset, "a batch begins inside batch \(open!.begin.number)")
            return index
          }
          guard let begin = try? payload.withUnsafeBytes({ bytes throws(ByteReader.Malformed) in
            try LogFormat.decodeBegin(bytes)
          }), begin.number == expectedNumber else {
            index.tail = damage(offset, "malformed batch header (expected batch \(expectedNumber))")
            return index
          }
          open = (begin, offset, 0)
        case .events:
          guard open != nil else {
            index.tail = damage(offset, "events outside any batch")
            return index
          }
          open!.blocks += 1
        case .commit:
          guard let current = open,
            let commit = try? payload.withUnsafeBytes({ bytes throws(ByteReader.Malformed) in
              try LogFormat.decodeCommit(bytes)
            }),
            commit.number == current.begin.number, commit.beginOffset == current.offset,
            commit.blockCount == current.blocks
          else {
            index.tail = damage(offset, "the batch's commit record does not match its frames")
            return index
          }
          index.batches.append(
            BatchInfo(
              number: commit.number, provenance: current.begin.provenance, counts: commit.counts,
              eventCount: commit.eventCount, byteRange: current.offset..<end,
              quarantineOffset: current.begin.quarantineOffset))
          index.committedEnd = end
          open = nil
          expectedNumber += 1
        }
        offset = end
      }
    }
    if let open {
      index.tail = .torn(offset: open.offset, quarantineOffset: open.begin.quarantineOffset)
    }
    return index
  }

  private func isEventsFrame(at offset: Int) -> Bool {
    guard let head = read(offset, 3) else { return false }
    return head[0] == LogFormat.sync.0 && head[1] == LogFormat.sync.1
      && head[2] == LogFormat.FrameType.events.rawValue
  }

  /// Reads only the header of an events frame (its checksum is checked on replay).
  private func skimFrame(at offset: Int) -> FrameRead {
    guard let header = read(offset, LogFormat.frameHeaderSize) else { return .incomplete }
    let length = Int(UInt32(header[4]) | UInt32(header[5]) << 8 | UInt32(header[6]) << 16
      | UInt32(header[7]) << 24)
    guard length <= LogFormat.maximumPayload else { return .bad("frame length \(length) is impossible") }
    let end = offset + LogFormat.frameHeaderSize + length
    guard end <= size else { return .incomplete }
    return .frame(type: header[2], payload: [], end: end)
  }

  /// A frame at `offset` runs past the end of the file. That is an interrupted append — unless
  /// a complete, valid frame can be found after it (then bytes in the middle were damaged), or
  /// the frame is complete under a different length (then its length field was damaged).
  private func tornOrDamaged(
    from offset: Int, openBatch: (begin: LogFormat.Begin, offset: Int, blocks: Int)?,
    committedEnd: Int
  ) -> LogTail? {
    if let header = read(offset, LogFormat.frameHeaderSize),
      header[0] == LogFormat.sync.0, header[1] == LogFormat.sync.1
    {
      let length = size - offset - LogFormat.frameHeaderSize
      if let payload = read(offset + LogFormat.frameHeaderSize, length) {
        let crc = UInt32(header[8]) | UInt32(header[9]) << 8 | UInt32(header[10]) << 16
          | UInt32(header[11]) << 24
        if LogFormat.frameChecksum(
          type: header[2], flags: header[3], length: UInt32(length), payload: payload) == crc
        { return nil }
      }
    }
    var candidate = offset + 1
    while candidate + LogFormat.frameHeaderSize <= size {
      if let pair = read(candidate, 2), pair[0] == LogFormat.sync.0, pair[1] == LogFormat.sync.1,
        case .frame = frame(at: candidate)
      {
        return nil
      }
      candidate += 1
    }
    if let openBatch {
      return .torn(offset: openBatch.offset, quarantineOffset: openBatch.begin.quarantineOffset)
    }
    return .torn(offset: offset, quarantineOffset: nil)
  }

  private func allZero(from offset: Int) -> Bool {
    var position = offset
    while position < size {
      let count = min(1 << 16, size - position)
      guard let chunk = read(position, count), chunk.allSatisfy({ $0 == 0 }) else { return false }
      position += count
    }
    return true
  }
}
