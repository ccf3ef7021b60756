import Glibc

/// Writes a batch's frames one after another from its start offset, where the test hooks of
/// `AppendFaults` can stop it.
struct BatchWriter {
  let fd: Int32
  let path: String
  private(set) var offset: Int
  let faults: AppendFaults
  private var written = 0
  /// Whether the commit frame (the last write) has been written.
  private(set) var hasWrittenCommit = false

  init(fd: Int32, path: String, offset: Int, faults: AppendFaults) {
    self.fd = fd
    self.path = path
    self.offset = offset
    self.faults = faults
  }

  /// The events frames of `blocks`, back to back. A large batch is framed and written on
  /// every core, each part at its own offset (the order of the writes does not matter: no
  /// reader looks past the last commit, and the commit is written after the `fsync`).
  mutating func writeEvents(_ blocks: [[UInt8]]) throws(Diagnostic) {
    let watched = faults.killAfterBytes != nil || faults.failAfterBytes != nil
    let parts = watched || blocks.count < 4 ? 1 : Parallel.cores
    guard parts > 1 else {
      var pending: [UInt8] = []
      pending.reserveCapacity(1 << 20)
      for block in blocks {
        LogFormat.appendFrame(.events, block, to: &pending)
        if pending.count >= 1 << 20 {
          try write(pending)
          pending.removeAll(keepingCapacity: true)
        }
      }
      try write(pending)
      return
    }
    let bounds = (0...parts).map { blocks.count * $0 / parts }
    var starts: [Int] = []
    var end = offset
    for part in 0..<parts {
      starts.append(end)
      for block in blocks[bounds[part]..<bounds[part + 1]] { end += LogFormat.frameHeaderSize + block.count }
    }
    let fd = fd
    let path = path
    do {
      _ = try Parallel.map(parts) { part in
        var at = starts[part]
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 20)
        for block in blocks[bounds[part]..<bounds[part + 1]] {
          LogFormat.appendFrame(.events, block, to: &pending)
          if pending.count >= 1 << 20 {
            try FileEventStore.write(pending, to: fd, at: at, path: path)
            at += pending.count
            pending.removeAll(keepingCapacity: true)
          }
        }
        try FileEventStore.write(pending, to: fd, at: at, path: path)
      }
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(file: path, "cannot write: \(error)")
    }
    written += end - offset
    offset = end
  }

  mutating func write(_ bytes: [UInt8], isCommit: Bool = false) throws(Diagnostic) {
    if let limit = faults.killAfterBytes, written + bytes.count >= limit {
      try FileEventStore.write(Array(bytes.prefix(limit - written)), to: fd, at: offset, path: path)
      kill(getpid(), SIGKILL)
    }
    if let limit = faults.failAfterBytes, written + bytes.count > limit {
      let part = Array(bytes.prefix(max(0, limit - written)))
      try FileEventStore.write(part, to: fd, at: offset, path: path)
      offset += part.count
      written += part.count
      throw Diagnostic(file: path, "cannot write: \(errnoDescription(EIO))")
    }
    try FileEventStore.write(bytes, to: fd, at: offset, path: path)
    offset += bytes.count
    written += bytes.count
    if isCommit { hasWrittenCommit = true }
  }
}
