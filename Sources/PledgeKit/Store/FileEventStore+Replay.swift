/// Reading committed batches back: replays and folds over the mapped log.
extension FileEventStore {
  public func replay(
    through batch: Int?, sources: Set<Source>?, _ body: (RecordedEvent) throws -> Void
  ) throws {
    try withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      try replay(through: batch, sources: sources, into: &sink)
    }
  }

  /// Folds on every core: the frames are split into consecutive parts, each folded into a
  /// projection of its own, and the parts are merged in order (later values win, as in a
  /// sequential fold).
  public func fold(through batch: Int?, sources: Set<Source>?, into projection: inout Projection) throws {
    try fold(after: 0, through: batch, sources: sources, into: &projection, parallelFrom: 64)
  }

  /// `fold` of the batches after `after` through `batch`, split across cores when there are
  /// at least `parallelFrom` frames.
  func fold(
    after: Int = 0, through batch: Int?, sources: Set<Source>?, into projection: inout Projection,
    parallelFrom: Int
  ) throws {
    let end = batch ?? batches.count
    guard after < end else { return }
    let selected = batches[after..<end].filter {
      sources?.contains($0.provenance.source) ?? true
    }
    guard let last = selected.last else { return }
    let mapped = try MappedLog(fd: fd, length: last.byteRange.upperBound, path: logPath)
    let frames = try selected.flatMap { try mapped.frames(of: $0) }
    let parts = frames.count >= parallelFrom ? min(Parallel.cores, frames.count) : 1
    guard parts > 1 else {
      for frame in frames { try mapped.decode(frame, into: &projection) }
      return
    }
    let start = projection
    let folded = try Parallel.map(parts) { part in
      let share = frames[(frames.count * part / parts)..<(frames.count * (part + 1) / parts)]
      var partial = part == 0 ? start : Projection()
      // The first part is the one the others are merged into: room for everything.
      let fraction = part == 0 ? 1 : Double(share.count) / Double(frames.count)
      partial.reserveCapacity(for: selected.map { $0.scaled(by: fraction) })
      for frame in share { try mapped.decode(frame, into: &partial) }
      return partial
    }
    projection = folded[0]
    for later in folded.dropFirst() { projection.merge(later) }
  }

  func replay<Sink: EventSink>(through batch: Int?, sources: Set<Source>?, into sink: inout Sink) throws {
    let selected = batches.prefix(batch ?? batches.count).filter {
      sources?.contains($0.provenance.source) ?? true
    }
    guard let last = selected.last else { return }
    let mapped = try MappedLog(fd: fd, length: last.byteRange.upperBound, path: logPath)
    for info in selected {
      try mapped.replay(info, into: &sink)
    }
  }

  /// Hands every event of one committed batch to `body`.
  func replay(batch info: BatchInfo, _ body: (RecordedEvent) throws -> Void) throws {
    let mapped = try MappedLog(fd: fd, length: info.byteRange.upperBound, path: logPath)
    try withoutActuallyEscaping(body) { body in
      var sink = ClosureSink(body: body)
      try mapped.replay(info, into: &sink)
    }
  }
}

extension FileEventStore {
  /// Hands every event of batches `after+1 … through` (all after `after` when nil) to `sink`
  /// as bytes, each frame's checksum checked first. Earlier batches are not read at all: an
  /// event's position is counted within its batch, so nothing before `after` is needed.
  func scan<Sink: RawEventSink>(after: Int, through batch: Int?, into sink: inout Sink) throws {
    let end = min(batch ?? batches.count, batches.count)
    guard after < end else { return }
    let selected = batches[after..<end]
    let mapped = try MappedLog(fd: fd, length: selected.last!.byteRange.upperBound, path: logPath)
    var texts: [UnsafeRawBufferPointer] = []
    texts.reserveCapacity(1024)
    for info in selected {
      try sink.begin(info)
      for frame in try mapped.frames(of: info) { try mapped.scan(frame, texts: &texts, into: &sink) }
    }
  }
}
