import Glibc

extension LogScanner {
  /// The index a writer works from. The frames are walked as readers walk them (begin,
  /// commit and seal frames checked whole); then the checksums of events frames (nearly all
  /// the bytes) are checked in shares, on every core, each core reading its frames into one
  /// buffer of its own: every events frame of the batches after `verified` (all of them
  /// without one), and, of the batches before, `scrubBudget` bytes' worth from its
  /// `scrubFrom` on, wrapping round. Returns the index and the point to record when it is
  /// sound.
  /// `directory` holds the verified point (none: the whole log is checked).
  func writerIndex(
    pointIn directory: String? = nil, scrubBudget: Int = VerifiedPoint.scrubBudget
  ) throws(Diagnostic) -> (index: LogIndex, verified: VerifiedPoint?) {
    var index = try index(checkEvents: false)
    let verified = directory.flatMap { VerifiedPoint.load(directory: $0, matching: index.batches) }
    // The events frames of the committed batches, in log order, from their headers.
    var frames: [(offset: Int, header: LogFormat.FrameHeader, batch: Int)] = []
    for batch in index.batches {
      var offset = batch.byteRange.lowerBound
      while offset < batch.byteRange.upperBound {
        guard let bytes = read(offset, LogFormat.frameHeaderSize), let header = LogFormat.FrameHeader(bytes) else {
          return (try self.index(checkEvents: true), nil)  // (the walk above vouched for these headers)
        }
        if header.frameType == .events { frames.append((offset, header, batch.number)) }
        offset += LogFormat.frameHeaderSize + header.length
      }
    }
    // What to check: the frames of new batches, and a scrub of older ones.
    let known = min(verified?.batches ?? 0, index.batches.count)
    let firstNew = frames.firstIndex { $0.batch > known } ?? frames.count
    var selected = Array(firstNew..<frames.count)
    var scrubEnd = 0
    if firstNew > 0 {
      let from = verified?.scrubFrom ?? 0
      var i = frames[..<firstNew].firstIndex { $0.offset >= from } ?? 0
      var budget = scrubBudget
      var taken = 0
      while taken < firstNew, budget > 0 {
        selected.append(i)
        budget -= frames[i].header.length
        taken += 1
        i = (i + 1) % firstNew
      }
      scrubEnd = taken == firstNew ? 0 : frames[i].offset
    }
    selected.sort()
    let parts = selected.count >= 16 ? Parallel.cores : 1
    let firstBad = try! Parallel.map(parts) { part -> Int? in
      let share = (selected.count * part / parts)..<(selected.count * (part + 1) / parts)
      let longest = share.map { frames[selected[$0]].header.length }.max() ?? 0
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(longest, 1), alignment: 8)
      defer { buffer.deallocate() }
      return share.lazy.map { selected[$0] }.first { i in
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
      return (index, nil)
    }
    let point = VerifiedPoint(
      batches: index.batches.count, digest: Snapshot.logDigest(index.batches[...]), scrubFrom: scrubEnd)
    return (index, point)
  }
}
