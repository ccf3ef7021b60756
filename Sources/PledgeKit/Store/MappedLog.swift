import Glibc

/// The committed part of the log, mapped read-only for replay. Only committed bytes are
/// mapped: they are never truncated, so the mapping stays valid whatever writers do.
final class MappedLog: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  let path: String

  init(fd: Int32, length: Int, path: String) throws(Diagnostic) {
    self.path = path
    let address = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0)
    guard let address, address != MAP_FAILED else {
      throw Diagnostic(file: path, "cannot map the event log: \(errnoDescription())")
    }
    madvise(address, length, MADV_SEQUENTIAL)
    bytes = UnsafeRawBufferPointer(start: address, count: length)
  }

  deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count) }

  func replay<Sink: EventSink>(_ info: BatchInfo, into sink: inout Sink) throws {
    for frame in try frames(of: info) { try decode(frame, into: &sink) }
  }

  /// One frame of a committed batch.
  struct Frame {
    let offset: Int
    let batch: BatchInfo
  }

  /// The frames of a batch, their headers checked (payloads are checked when decoded).
  func frames(of info: BatchInfo) throws -> [Frame] {
    var frames: [Frame] = []
    var offset = info.byteRange.lowerBound
    while offset < info.byteRange.upperBound {
      guard offset + LogFormat.frameHeaderSize <= info.byteRange.upperBound else {
        throw damaged(offset, info, "a frame header is cut short")
      }
      guard let header = self.header(at: offset),
        offset + LogFormat.frameHeaderSize + header.length <= info.byteRange.upperBound
      else { throw damaged(offset, info, "a frame header is damaged") }
      frames.append(Frame(offset: offset, batch: info))
      offset += LogFormat.frameHeaderSize + header.length
    }
    return frames
  }

  /// Checks a frame's checksum and hands its events (if it holds any) to `sink`.
  func decode<Sink: EventSink>(_ frame: Frame, into sink: inout Sink) throws {
    try readEvents(frame) { payload in try EventBlockDecoder.decode(payload, batch: frame.batch.number, into: &sink) }
  }

  /// Checks a frame's checksum and hands its events (if it holds any) to `sink` as bytes.
  /// `texts` is the scanner's scratch space, kept by the caller between frames.
  func scan<Sink: RawEventSink>(
    _ frame: Frame, texts: inout [UnsafeRawBufferPointer], into sink: inout Sink
  ) throws {
    try readEvents(frame) { payload in try EventBlockScanner.scan(payload, texts: &texts, into: &sink) }
  }

  /// The checksum checked, `read` given the payload of an events frame (other frames have
  /// none); an event that does not decode is damage at its offset in the log.
  private func readEvents(_ frame: Frame, _ read: (UnsafeRawBufferPointer) throws -> Void) throws {
    // `frames(of:)` checked the header and that the frame lies inside the mapping.
    let header = self.header(at: frame.offset)!
    let payloadStart = frame.offset + LogFormat.frameHeaderSize
    let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<payloadStart + header.length])
    guard header.matches(payload) else { throw damaged(frame.offset, frame.batch, "checksum mismatch") }
    guard header.frameType == .events else { return }
    do {
      try read(payload)
    } catch let malformed as EventBlockDecoder.Malformed {
      throw damaged(payloadStart + malformed.offset, frame.batch, "an event cannot be decoded")
    }
  }

  private func header(at offset: Int) -> LogFormat.FrameHeader? {
    guard offset + LogFormat.frameHeaderSize <= bytes.count else { return nil }
    return LogFormat.FrameHeader(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + LogFormat.frameHeaderSize]))
  }

  func damaged(_ offset: Int, _ info: BatchInfo, _ reason: String) -> Diagnostic {
    Diagnostic(
      file: path,
      LogDamage(offset: offset, batch: info.number, reason: reason).message
        + "; run 'pledge verify' and restore the store from a backup")
  }
}
