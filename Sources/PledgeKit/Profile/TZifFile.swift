/// The parts of a TZif file (RFC 8536, the format of the system's time-zone database,
/// `/usr/share/zoneinfo`) that civil-time conversion needs: the transitions and the UTC offset
/// after each, the offset before the first, and the footer's rule for times after the last.
struct TZifFile: Equatable {
  /// Transition instants (Unix seconds), oldest first.
  var times: [Int64] = []
  /// The UTC offset (seconds east) in effect from each transition on.
  var offsets: [Int32] = []
  /// The offset before the first transition (local time type 0).
  var initialOffset: Int32 = 0
  /// The footer's POSIX TZ string (`PST8PDT,M3.2.0,M11.1.0`), empty when there is none.
  var footer = ""

  struct Malformed: Error {}

  init(_ bytes: UnsafeRawBufferPointer) throws(Malformed) {
    var reader = BigEndianReader(bytes)
    let v1 = try reader.header()
    guard v1.version >= 2 else {
      try read(&reader, v1, timeSize: 4)
      return
    }
    // Version 2 and later repeat the data with 64-bit times, then add the footer.
    try reader.skip(v1.dataLength(timeSize: 4))
    let v2 = try reader.header()
    try read(&reader, v2, timeSize: 8)
    guard try reader.byte() == 0x0A else { throw Malformed() }
    var footer: [UInt8] = []
    while true {
      let b = try reader.byte()
      if b == 0x0A { break }
      footer.append(b)
    }
    self.footer = String(decoding: footer, as: UTF8.self)
  }

  private mutating func read(_ reader: inout BigEndianReader, _ header: Header, timeSize: Int)
    throws(Malformed)
  {
    guard header.typeCount > 0, header.dataLength(timeSize: timeSize) <= reader.remaining else {
      throw Malformed()
    }
    times.reserveCapacity(header.timeCount)
    for _ in 0..<header.timeCount {
      times.append(timeSize == 4 ? Int64(try reader.int32()) : try reader.int64())
    }
    var typeIndices: [Int] = []
    for _ in 0..<header.timeCount {
      let index = Int(try reader.byte())
      guard index < header.typeCount else { throw Malformed() }
      typeIndices.append(index)
    }
    var typeOffsets: [Int32] = []
    for _ in 0..<header.typeCount {
      typeOffsets.append(try reader.int32())
      try reader.skip(2)  // isdst, abbreviation index
    }
    offsets = typeIndices.map { typeOffsets[$0] }
    initialOffset = typeOffsets[0]
    try reader.skip(
      header.charCount + header.leapCount * (timeSize + 4) + header.standardCount + header.utcCount)
  }

  struct Header {
    var version: Int
    var utcCount, standardCount, leapCount, timeCount, typeCount, charCount: Int

    func dataLength(timeSize: Int) -> Int {
      timeCount * (timeSize + 1) + typeCount * 6 + charCount + leapCount * (timeSize + 4)
        + standardCount + utcCount
    }
  }
}

/// A cursor over big-endian binary data that throws instead of reading past the end.
private struct BigEndianReader {
  let bytes: UnsafeRawBufferPointer
  var index = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var remaining: Int { bytes.count - index }

  mutating func skip(_ count: Int) throws(TZifFile.Malformed) {
    guard count >= 0, bytes.count - index >= count else { throw TZifFile.Malformed() }
    index += count
  }

  mutating func byte() throws(TZifFile.Malformed) -> UInt8 {
    guard index < bytes.count else { throw TZifFile.Malformed() }
    index += 1
    return bytes[index - 1]
  }

  mutating func int32() throws(TZifFile.Malformed) -> Int32 {
    var value: UInt32 = 0
    for _ in 0..<4 { value = value << 8 | UInt32(try byte()) }
    return Int32(bitPattern: value)
  }

  mutating func int64() throws(TZifFile.Malformed) -> Int64 {
    var value: UInt64 = 0
    for _ in 0..<8 { value = value << 8 | UInt64(try byte()) }
    return Int64(bitPattern: value)
  }

  /// `TZif`, the version, 15 unused bytes and six counts.
  mutating func header() throws(TZifFile.Malformed) -> TZifFile.Header {
    for expected in "TZif".utf8 {
      guard try byte() == expected else { throw TZifFile.Malformed() }
    }
    let versionByte = try byte()
    let version = versionByte == 0 ? 1 : Int(versionByte) - 0x30
    try skip(15)
    var counts: [Int] = []
    for _ in 0..<6 {
      let count = try int32()
      guard count >= 0 else { throw TZifFile.Malformed() }
      counts.append(Int(count))
    }
    return TZifFile.Header(
      version: version, utcCount: counts[0], standardCount: counts[1], leapCount: counts[2],
      timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
  }
}
