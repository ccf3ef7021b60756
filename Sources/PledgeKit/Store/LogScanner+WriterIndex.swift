import Glibc

extension LogScanner {
  /// The index a writer works from: the same as `index(checkEvents: true)`, found on every
  /// core. The frames are walked as readers walk them; then the checksums of the events frames
  /// of the committed batches (nearly all the bytes) are checked in shares, each core reading
  /// its frames into one buffer of its own.
  func writerIndex() throws(Diagnostic) -> LogIndex {
    var index = try index(checkEvents: false)
    // The events frames of the committed batches, in log order, from their headers.
    var frames: [(offset: Int, header: LogFormat.FrameHeader, batch: Int)] = []
    for batch in index.batches {
      var offset = batch.byteRange.lowerBound
      while offset < batch.byteRange.upperBound {
        guard let bytes = read(offset, LogFormat.frameHeaderSize), let header = LogFormat.FrameHeader(bytes) else {
          return try self.index(checkEvents: true)  // the walk above vouched for these headers
        }
        if header.frameType == .events { frames.append((offset, header, batch.number)) }
        offset += LogFormat.frameHeaderSize + header.length
      }
    }
    let parts = frames.count >= 16 ? Parallel.cores : 1
    let firstBad = try! Parallel.map(parts) { part -> Int? in
      let share = (frames.count * part / parts)..<(frames.count * (part + 1) / parts)
      let longest = frames[share].map(\.header.length).max() ?? 0
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(longest, 1), alignment: 8)
      defer { buffer.deallocate() }
      return share.first { i in
        let (offset, header, _) = frames[i]
        let payload = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<header.length])
        return !readFully(offset + LogFormat.frameHeaderSize, into: payload)
          || !header.matches(UnsafeRawBufferPointer(payload))
      }
    }.compactMap { $0 }.min()
    if let bad = firstBad {
      // As the frame-by-frame walk reports it: damage inside a complete batch, which ends
      // the sound part of the log before that batch.
      let number = frames[bad].batch
      index.batches = Array(index.batches.prefix(number - 1))
      index.committedEnd = index.batches.last?.byteRange.upperBound ?? LogFormat.headerSize
      index.tail = .damaged(LogDamage(offset: frames[bad].offset, batch: number, reason: "checksum mismatch"))
    }
    return index
  }
}
