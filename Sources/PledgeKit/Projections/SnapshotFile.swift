/// A snapshot file mapped into memory, its sections checked and located.
final class SnapshotFile: @unchecked Sendable {
  let meta: Snapshot.Meta
  /// The texts section, and where each text (its length, then its bytes) starts in it.
  private let textBytes: UnsafeRawBufferPointer
  private let textStarts: [UInt32]
  let count: Int
  let slots: UnsafeBufferPointer<UInt64>
  let offsets: UnsafeBufferPointer<UInt64>
  let starts: UnsafeBufferPointer<Int64>
  let body: UnsafeRawBufferPointer
  let file: MappedFile

  /// The snapshot file at `path`; nil when it cannot be read or is not a sound snapshot of
  /// this version.
  convenience init?(path: String) {
    guard let file = try? MappedFile(path: path, keepingOpen: true) else { return nil }
    self.init(file)
  }

  /// nil when the file is not a sound snapshot of this version (it is checked through the
  /// descriptor a mapping `keepingOpen` holds).
  private init?(_ file: MappedFile) {
    self.file = file
    let bytes = file.bytes
    guard bytes.count >= 32, Array(bytes[0..<8]) == Snapshot.magic,
      UInt16(bytes[8]) | UInt16(bytes[9]) << 8 == Snapshot.version,
      let base = bytes.baseAddress, Int(bitPattern: base) % 8 == 0
    else { return nil }
    let crc = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
    // The whole file is checked, read aside rather than through the mapping: a command that
    // reads a quarter of a three-year snapshot keeps in memory only what it reads.
    guard let checked = file.crc32c(from: 16) else { return nil }
    guard checked == crc else { return nil }
    let bodyLength = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: bytes.count - 16, as: UInt64.self).littleEndian)
    let end = bytes.count - 16
    guard bodyLength >= 0, bodyLength <= end - 16 else { return nil }
    body = UnsafeRawBufferPointer(rebasing: bytes[16..<(16 + bodyLength)])
    var offset = (16 + bodyLength + 7) & ~7
    func section() -> UnsafeRawBufferPointer? {
      guard offset + 8 <= end else { return nil }
      let length = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
      guard length >= 0, length <= end - offset - 8 else { return nil }
      let result = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
      offset += 8 + length
      offset = (offset + 7) & ~7
      return result
    }
    func array<T>(_ n: Int, _: T.Type) -> UnsafeBufferPointer<T>? {
      guard n >= 0, offset <= end, n <= (end - offset) / MemoryLayout<T>.stride else { return nil }
      let pointer = (base + offset).assumingMemoryBound(to: T.self)
      offset += n * MemoryLayout<T>.stride
      return UnsafeBufferPointer(start: pointer, count: n)
    }
    guard let textBytes = section() else { return nil }
    // Texts are made into Strings only when a record read needs them: a visit's case and
    // subject ids are texts, one per visit, and years of them need not be in memory.
    var t = ByteReader(textBytes)
    guard let textCount = try? t.int(), textCount <= textBytes.count, textBytes.count < Int(UInt32.max)
    else { return nil }
    var textStarts: [UInt32] = []
    textStarts.reserveCapacity(textCount)
    for _ in 0..<textCount {
      textStarts.append(UInt32(t.offset))
      guard let length = try? t.int(), (try? t.bytes(length)) != nil else { return nil }
    }
    self.textBytes = textBytes
    self.textStarts = textStarts
    guard offset + 16 <= end else { return nil }
    count = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
    let capacity = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
    offset += 16
    guard count >= 0, capacity >= 16, capacity & (capacity - 1) == 0, capacity >= count * 2,
      let slots = array(capacity, UInt64.self), let offsets = array(count, UInt64.self),
      let starts = array(count * 2, Int64.self), let metaBytes = section(), offset == end
    else { return nil }
    self.slots = slots
    self.offsets = offsets
    self.starts = starts
    var r = ByteReader(metaBytes)
    guard let source = Source(rawValue: (try? r.byte()) ?? 255), let batch = try? r.int(),
      let digest = try? r.string(), let events = try? r.int(), let latest = try? r.signed(),
      let earliest = try? r.signed()
    else { return nil }
    meta = Snapshot.Meta(
      source: source, batch: batch, logDigest: digest, eventCount: events,
      earliestBusinessTime: earliest == .min ? nil : Instant(secondsSinceEpoch: earliest),
      latestBusinessTime: latest == .min ? nil : Instant(secondsSinceEpoch: latest))
    // The index sections are checked a window at a time, each let go of once checked: a
    // command touches again only the offsets of the records it reads and the slots it probes.
    var sound = true
    SnapshotFile.forEachWindow(of: offsets, file) { window in
      for start in window where start >= UInt64(bodyLength) { sound = false }
    }
    // Every record indexed exactly once (so a lookup always meets an empty slot and every
    // index it finds is a record).
    var indexed = [Bool](repeating: false, count: count)
    var entries = 0
    SnapshotFile.forEachWindow(of: slots, file) { window in
      for entry in window where entry != 0 {
        let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
        guard index >= 0, index < count, !indexed[index] else {
          sound = false
          return
        }
        indexed[index] = true
        entries += 1
      }
    }
    guard sound, entries == count else { return nil }
  }

  /// Hands `buffer` (a section of `file`) to `body` 4 MiB at a time, letting go of each window
  /// once `body` has read it.
  static func forEachWindow<T>(
    of buffer: UnsafeBufferPointer<T>, _ file: MappedFile, _ body: (UnsafeBufferPointer<T>) -> Void
  ) {
    let step = max(1, (4 << 20) / MemoryLayout<T>.stride)
    var start = 0
    while start < buffer.count {
      let window = UnsafeBufferPointer(rebasing: buffer[start..<min(buffer.count, start + step)])
      body(window)
      file.release(UnsafeRawBufferPointer(window))
      start += window.count
    }
  }

  var textCount: Int { textStarts.count }

  /// Text number `number` (checked to lie within the section when the file was opened).
  func text(_ number: Int) -> String {
    var r = ByteReader(textBytes)
    r.offset = Int(textStarts[number])
    return (try? r.string()) ?? ""
  }

  /// Every text, by number (to splice onto this snapshot).
  var texts: [String] { (0..<textCount).map(text) }
}
