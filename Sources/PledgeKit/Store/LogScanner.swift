import Glibc

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
    guard buffer.withUnsafeMutableBytes({ readFully(offset, into: $0) }) else { return nil }
    return buffer
  }

  enum FrameRead {
    case frame(type: UInt8, payload: [UInt8], end: Int)
    /// The header or payload runs past the end of the file.
    case incomplete
    /// A complete frame whose sync, type, length or checksum is wrong.
    case bad(String)
  }

  /// Why there is no complete frame at an offset.
  private enum FrameFault: Error {
    case incomplete
    case bad(String)

    var read: FrameRead {
      switch self {
      case .incomplete: .incomplete
      case .bad(let reason): .bad(reason)
      }
    }
  }

  /// The header of the frame at `offset` and where the frame ends (its payload unread).
  private func header(at offset: Int) throws(FrameFault) -> (header: LogFormat.FrameHeader, end: Int) {
    guard let bytes = read(offset, LogFormat.frameHeaderSize) else { throw .incomplete }
    guard let header = LogFormat.FrameHeader(bytes) else {
      throw .bad("no frame starts here (sync bytes missing)")
    }
    guard header.length <= LogFormat.maximumPayload else {
      throw .bad("frame length \(header.length) is impossible")
    }
    let end = offset + LogFormat.frameHeaderSize + header.length
    guard end <= size else { throw .incomplete }
    return (header, end)
  }

  /// Reads and checks the frame at `offset`.
  func frame(at offset: Int) -> FrameRead {
    do {
      let (header, end) = try header(at: offset)
      guard let payload = read(offset + LogFormat.frameHeaderSize, header.length) else {
        return .incomplete
      }
      guard header.matches(payload) else { return .bad("checksum mismatch") }
      guard header.frameType != nil else { return .bad("unknown frame type \(header.type)") }
      return .frame(type: header.type, payload: payload, end: end)
    } catch {
      return error.read
    }
  }

  /// Whether the file is a log whose creation never finished: shorter than its header and
  /// holding nothing but the start of a header (or zeros, as a power cut may leave). Such a
  /// file holds no batch; a writer starts the log afresh and readers see an empty store.
  var isUnfinishedHeader: Bool {
    guard size < LogFormat.headerSize else { return false }
    guard let bytes = read(0, size) else { return false }
    let startsAHeader = LogFormat.readableVersions.contains {
      bytes.elementsEqual(LogFormat.header(version: $0).prefix(size))
    }
    return startsAHeader || bytes.allSatisfy { $0 == 0 }
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
  ///
  /// Whatever follows the last committed batch is either a torn tail or damage. A tail in
  /// which no valid commit frame (nor, from version 2, seal frame) follows the first fault is
  /// torn: an append that never completed (cut short, zero-filled or half-written pages after
  /// a power cut), which the next writer discards. A fault followed by a valid commit or seal
  /// frame is damage: something inside a complete batch went wrong, and it is never discarded.
  ///
  /// From version 2 every commit is followed by its seal (`LogFormat.sealState` says what
  /// else may follow it). The last batch's commit is therefore never the last frame of a
  /// batch that its ingest reported as stored: a damaged last commit has its seal after it.
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
    let sealed = LogFormat.sealsCommits(version)

    func damage(_ at: Int, _ reason: String) -> LogTail {
      .damaged(LogDamage(offset: at, batch: open?.begin.number ?? expectedNumber, reason: reason))
    }
    /// The tail from the last commit is torn, unless a valid commit (or seal) frame follows `at`.
    func fault(_ at: Int, _ reason: String) -> LogTail {
      if commitFrameExists(after: at, orSeal: sealed) { return damage(at, reason) }
      return .torn(offset: index.committedEnd, quarantineOffset: open?.begin.quarantineOffset)
    }

    while offset < size {
      let read = checkEvents || !isEventsFrame(at: offset) ? frame(at: offset) : skimFrame(at: offset)
      switch read {
      case .incomplete:
        if hasDamagedLength(at: offset) {
          index.tail = damage(offset, "a frame's length field is damaged (the frame is complete with another length)")
        } else {
          index.tail = fault(offset, "a frame runs past the end of the file, yet a complete batch follows")
        }
        return index
      case .bad(let reason):
        index.tail = fault(offset, reason)
        return index
      case .frame(let type, let payload, let end):
        switch LogFormat.FrameType(rawValue: type)! {
        case .begin:
          guard open == nil else {
            index.tail = fault(offset, "a batch begins inside batch \(open!.begin.number)")
            return index
          }
          guard let begin = try? payload.withUnsafeBytes({ bytes throws(ByteReader.Malformed) in
            try LogFormat.decodeBegin(bytes)
          }), begin.number == expectedNumber else {
            index.tail = fault(offset, "malformed batch header (expected batch \(expectedNumber))")
            return index
          }
          open = (begin, offset, 0)
        case .events:
          guard open != nil else {
            index.tail = fault(offset, "events outside any batch")
            return index
          }
          open!.blocks += 1
        case .commit:
          // A valid commit frame that does not fit is damage however it came about.
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
          let seal = LogFormat.seal(batch: commit.number, commitEnd: end, commitPayload: payload)
          index.lastSeal = (end, seal)
          guard sealed else { break }
          switch sealState(seal, at: end) {
          case .sealed:
            index.committedEnd = end + seal.count
            offset = end + seal.count
            continue
          case .unsealedVersionOne:
            break
          case .unsealed(let written):
            index.tail = .unsealed(written: written)
            return index
          case .damaged:
            // The batch is not counted: damage anywhere from its begin to its seal ends the
            // sound part of the log before it.
            let batch = index.batches.removeLast()
            index.committedEnd = batch.byteRange.lowerBound
            index.lastSeal = nil
            index.tail = .damaged(
              LogDamage(offset: end, batch: batch.number, reason: "the batch's seal is damaged"))
            return index
          }
        case .seal:
          index.tail = fault(offset, "a seal frame where no commit precedes it")
          return index
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
    guard let head = read(offset, LogFormat.frameHeaderSize) else { return false }
    return LogFormat.FrameHeader(head)?.frameType == .events
  }

  /// Reads only the header of an events frame (its checksum is checked on replay).
  private func skimFrame(at offset: Int) -> FrameRead {
    do {
      let (header, end) = try header(at: offset)
      return .frame(type: header.type, payload: [], end: end)
    } catch {
      return error.read
    }
  }

  /// Whether the frame at `offset`, which runs past the end of the file, is in fact complete
  /// with the length up to the end of the file: its length field was damaged. A torn write
  /// never makes a length larger than the writer wrote it.
  private func hasDamagedLength(at offset: Int) -> Bool {
    guard let bytes = read(offset, LogFormat.frameHeaderSize),
      let header = LogFormat.FrameHeader(bytes)
    else { return false }
    let length = size - offset - LogFormat.frameHeaderSize
    guard length <= LogFormat.maximumPayload,
      let payload = read(offset + LogFormat.frameHeaderSize, length)
    else { return false }
    return payload.withUnsafeBytes { header.matches($0, asLength: length) }
  }

  /// Whether a complete commit frame (or, with `orSeal`, seal frame) with a valid checksum
  /// starts anywhere after `offset`.
  private func commitFrameExists(after offset: Int, orSeal: Bool) -> Bool {
    let chunk = 1 << 20
    var start = offset + 1
    while start + LogFormat.frameHeaderSize <= size {
      // Chunks overlap by a header, so a frame header across a boundary is still seen.
      let count = min(chunk + LogFormat.frameHeaderSize, size - start)
      guard let bytes = read(start, count) else { return false }
      var i = 0
      while i + LogFormat.frameHeaderSize <= bytes.count && i < chunk {
        if bytes[i] == LogFormat.sync.0, bytes[i + 1] == LogFormat.sync.1,
          bytes[i + 2] == LogFormat.FrameType.commit.rawValue
            || (orSeal && bytes[i + 2] == LogFormat.FrameType.seal.rawValue),
          case .frame = frame(at: start + i)
        {
          return true
        }
        i += 1
      }
      start += chunk
    }
    return false
  }

  /// Reads `buffer.count` bytes at `offset` into `buffer`; false when the file is shorter.
  func readFully(_ offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
    preadFully(fd, buffer, at: offset)
  }
}
