import CPledgeSupport

/// The on-disk layout of `events.log` (documented in EVENT-LOG.md).
///
/// ```
/// header  := "PLEDGLOG" u16le(version) u16le(0) u32le(crc32c of the 12 bytes before)
/// frame   := A5 F7 u8(type) u8(flags=0) u32le(length) u32le(crc) payload[length]
///            crc = CRC-32C of (type, flags, length, payload)
/// batch   := begin events* commit seal      (version 1: no seal)
/// ```
enum LogFormat {
  static let magic: [UInt8] = Array("PLEDGLOG".utf8)
  /// The version this build writes.
  static let currentVersion: UInt16 = 2
  /// Every version this build reads.
  static let readableVersions: ClosedRange<UInt16> = 1...2
  static let headerSize = 16
  static let frameHeaderSize = 12
  static let sync: (UInt8, UInt8) = (0xA5, 0xF7)
  /// Larger frames are never written; a length above it is damage.
  static let maximumPayload = 1 << 24

  enum FrameType: UInt8 {
    case begin = 1
    case events = 2
    case commit = 3
    /// Version 2: written after the commit is flushed (`LogFormat+Seal.swift`).
    case seal = 4
  }

  static func header(version: UInt16 = currentVersion) -> [UInt8] {
    var w = ByteWriter()
    w.raw(magic)
    w.bytes.append(UInt8(version & 0xFF))
    w.bytes.append(UInt8(version >> 8))
    w.bytes.append(contentsOf: [0, 0])
    w.fixed32(crc32c(w.bytes))
    return w.bytes
  }

  static func frame(_ type: FrameType, _ payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(frameHeaderSize + payload.count)
    appendFrame(type, payload, to: &bytes)
    return bytes
  }

  /// Appends the frame of `payload` to `bytes` (no intermediate copy of the payload).
  static func appendFrame(_ type: FrameType, _ payload: [UInt8], to bytes: inout [UInt8]) {
    let crc = frameChecksum(
      type: type.rawValue, flags: 0, length: UInt32(payload.count), payload: payload)
    bytes.append(sync.0)
    bytes.append(sync.1)
    bytes.append(type.rawValue)
    bytes.append(0)
    withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
    withUnsafeBytes(of: crc.littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: payload)
  }

  /// The 12 bytes in front of a frame's payload, parsed in one place for every reader of the log.
  struct FrameHeader {
    let type: UInt8
    let flags: UInt8
    /// The payload length the header claims (not yet checked against anything).
    let length: Int
    let crc: UInt32

    /// Parses the first `frameHeaderSize` bytes of `bytes`; nil when they do not start with the
    /// sync bytes (no frame starts there) or are too few.
    init?(_ bytes: UnsafeRawBufferPointer) {
      guard bytes.count >= LogFormat.frameHeaderSize, bytes[0] == LogFormat.sync.0,
        bytes[1] == LogFormat.sync.1
      else { return nil }
      type = bytes[2]
      flags = bytes[3]
      length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
      crc = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    init?(_ bytes: [UInt8]) {
      guard let header = bytes.withUnsafeBytes({ FrameHeader($0) }) else { return nil }
      self = header
    }

    /// The frame type, when it is one this build knows and the flags are zero.
    var frameType: FrameType? { flags == 0 ? FrameType(rawValue: type) : nil }

    /// Whether `payload` is the frame's payload: its length is the claimed one and the
    /// checksum matches.
    func matches(_ payload: UnsafeRawBufferPointer) -> Bool {
      payload.count == length && matches(payload, asLength: length)
    }

    func matches(_ payload: [UInt8]) -> Bool { payload.withUnsafeBytes { matches($0) } }

    /// Whether the checksum matches `payload` taken as a frame of `length` bytes (to tell a
    /// damaged length field from a frame cut short).
    func matches(_ payload: UnsafeRawBufferPointer, asLength length: Int) -> Bool {
      guard length <= UInt32.max else { return false }
      return LogFormat.frameChecksum(type: type, flags: flags, length: UInt32(length), payload: payload) == crc
    }
  }

  static func frameChecksum(type: UInt8, flags: UInt8, length: UInt32, payload: [UInt8]) -> UInt32 {
    payload.withUnsafeBytes { frameChecksum(type: type, flags: flags, length: length, payload: $0) }
  }

  static func frameChecksum(
    type: UInt8, flags: UInt8, length: UInt32, payload: UnsafeRawBufferPointer
  ) -> UInt32 {
    var head: [UInt8] = [type, flags]
    withUnsafeBytes(of: length.littleEndian) { head.append(contentsOf: $0) }
    let crc = head.withUnsafeBytes { pledge_crc32c(0, $0.baseAddress, $0.count) }
    return pledge_crc32c(crc, payload.baseAddress, payload.count)
  }

  static func crc32c(continuing crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    pledge_crc32c(crc, bytes.baseAddress, bytes.count)
  }

  static func frameChecksumOf(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    pledge_crc32c(0, bytes.baseAddress, bytes.count)
  }

  static func crc32c(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { pledge_crc32c(0, $0.baseAddress, $0.count) }
  }

  // MARK: Begin and commit payloads

  struct Begin: Equatable {
    var number: Int
    var provenance: BatchProvenance
    var quarantineOffset: Int
  }

  struct Commit: Equatable {
    var number: Int
    var beginOffset: Int
    var blockCount: Int
    var eventCount: Int
    var counts: BatchCounts
  }

  static func encode(_ begin: Begin) -> [UInt8] {
    var w = ByteWriter()
    w.varint(begin.number)
    w.byte(begin.provenance.source.rawValue)
    w.string(begin.provenance.fileName)
    w.string(begin.provenance.sha256)
    w.signed(begin.provenance.ingestedAt.secondsSinceEpoch)
    w.string(begin.provenance.toolVersion)
    w.varint(begin.quarantineOffset)
    // Version 2, only for a file read through an import profile.
    if let profile = begin.provenance.profileSHA256 { w.string(profile) }
    return w.bytes
  }

  static func decodeBegin(_ payload: UnsafeRawBufferPointer) throws(ByteReader.Malformed) -> Begin {
    var r = ByteReader(payload)
    let number = try r.int()
    guard let source = Source(rawValue: try r.byte()) else { throw ByteReader.Malformed() }
    let fileName = try r.string()
    let sha = try r.string()
    let ingestedAt = Instant(secondsSinceEpoch: try r.signed())
    let version = try r.string()
    let quarantineOffset = try r.int()
    let profile = r.isAtEnd ? nil : try r.string()
    guard r.isAtEnd else { throw ByteReader.Malformed() }
    return Begin(
      number: number,
      provenance: BatchProvenance(
        source: source, fileName: fileName, sha256: sha, ingestedAt: ingestedAt,
        toolVersion: version, profileSHA256: profile),
      quarantineOffset: quarantineOffset)
  }

  static func encode(_ commit: Commit) -> [UInt8] {
    var w = ByteWriter()
    w.varint(commit.number)
    w.varint(commit.beginOffset)
    w.varint(commit.blockCount)
    w.varint(commit.eventCount)
    let c = commit.counts
    for value in [c.rowsRead, c.rowsAccepted, c.rowsRejected, c.newFacts, c.corrections, c.unchangedRows] {
      w.varint(value)
    }
    w.varint(c.unknownColumns.count)
    for name in c.unknownColumns { w.string(name) }
    // Version 2.
    w.varint(c.repeatedKeys)
    w.signed(c.earliestBusinessTime?.secondsSinceEpoch ?? .min)
    w.signed(c.latestBusinessTime?.secondsSinceEpoch ?? .min)
    return w.bytes
  }

  static func decodeCommit(_ payload: UnsafeRawBufferPointer) throws(ByteReader.Malformed) -> Commit {
    var r = ByteReader(payload)
    let number = try r.int()
    let beginOffset = try r.int()
    let blockCount = try r.int()
    let eventCount = try r.int()
    var counts = BatchCounts()
    counts.rowsRead = try r.int()
    counts.rowsAccepted = try r.int()
    counts.rowsRejected = try r.int()
    counts.newFacts = try r.int()
    counts.corrections = try r.int()
    counts.unchangedRows = try r.int()
    let unknown = try r.int()
    guard unknown <= payload.count else { throw ByteReader.Malformed() }
    for _ in 0..<unknown { counts.unknownColumns.append(try r.string()) }
    if r.isAtEnd {
      counts.recordsBusinessTimes = false  // written by format version 1
    } else {
      counts.repeatedKeys = try r.int()
      let earliest = try r.signed()
      let latest = try r.signed()
      counts.earliestBusinessTime = earliest == .min ? nil : Instant(secondsSinceEpoch: earliest)
      counts.latestBusinessTime = latest == .min ? nil : Instant(secondsSinceEpoch: latest)
      guard r.isAtEnd else { throw ByteReader.Malformed() }
    }
    return Commit(
      number: number, beginOffset: beginOffset, blockCount: blockCount, eventCount: eventCount,
      counts: counts)
  }
}
