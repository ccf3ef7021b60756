/// A snapshot file mapped into memory, its sections checked and located.
final class SnapshotFile: @unchecked Sendable {
  let meta: Snapshot.Meta
  let texts: [String]
  let count: Int
  let slots: UnsafeBufferPointer<UInt64>
  let offsets: UnsafeBufferPointer<UInt64>
  let starts: UnsafeBufferPointer<Int64>
  let body: UnsafeRawBufferPointer
  let file: MappedFile

  /// nil when the file is not a sound snapshot of this version.
  init?(_ file: MappedFile) {
    self.file = file
    let bytes = file.bytes
    guard bytes.count >= 32, Array(bytes[0..<8]) == Snapshot.magic,
      UInt16(bytes[8]) | UInt16(bytes[9]) << 8 == Snapshot.version,
      let base = bytes.baseAddress, Int(bitPattern: base) % 8 == 0
    else { return nil }
    let crc = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
    // The whole file is checked, a window at a time, and each window let go of once checked:
    // a command that reads a quarter of a three-year snapshot keeps only what it reads.
    var checked: UInt32 = 0
    var window = 16
    while window < bytes.count {
      let part = UnsafeRawBufferPointer(rebasing: bytes[window..<min(bytes.count, window + (4 << 20))])
      checked = LogFormat.crc32c(continuing: checked, part)
      file.release(part)
      window += part.count
    }
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
    guard let metaBytes = section(), let textBytes = section() else { return nil }
    var r = ByteReader(metaBytes)
    guard let source = Source(rawValue: (try? r.byte()) ?? 255), let batch = try? r.int(),
      let digest = try? r.string(), let events = try? r.int(), let latest = try? r.signed(),
      let earliest = try? r.signed()
    else { return nil }
    meta = Snapshot.Meta(
      source: source, batch: batch, logDigest: digest, eventCount: events,
      earliestBusinessTime: earliest == .min ? nil : Instant(secondsSinceEpoch: earliest),
      latestBusinessTime: latest == .min ? nil : Instant(secondsSinceEpoch: latest))
    var t = ByteReader(textBytes)
    guard let textCount = try? t.int(), textCount <= textBytes.count else { return nil }
    var texts: [String] = []
    texts.reserveCapacity(textCount)
    for _ in 0..<textCount {
      guard let text = try? t.string() else { return nil }
      texts.append(text)
    }
    self.texts = texts
    guard offset + 16 <= end else { return nil }
    count = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
    let capacity = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian)
    offset += 16
    guard count >= 0, capacity >= 16, capacity & (capacity - 1) == 0, capacity >= count * 2,
      let slots = array(capacity, UInt64.self), let offsets = array(count, UInt64.self),
      let starts = array(count * 2, Int64.self), offset == end
    else { return nil }
    self.slots = slots
    self.offsets = offsets
    self.starts = starts
    for start in offsets where start >= UInt64(bodyLength) { return nil }
    // Every record indexed exactly once (so a lookup always meets an empty slot and every
    // index it finds is a record).
    var indexed = [Bool](repeating: false, count: count)
    var entries = 0
    for entry in slots where entry != 0 {
      let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
      guard index >= 0, index < count, !indexed[index] else { return nil }
      indexed[index] = true
      entries += 1
    }
    guard entries == count else { return nil }
    // Lookups touch only the slots they probe.
    file.release(UnsafeRawBufferPointer(slots))
  }
}

