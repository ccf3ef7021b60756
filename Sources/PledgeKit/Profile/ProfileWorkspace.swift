/// The working memory of one thread reading one file through a profile: a buffer per mapping
/// for values assembled from several cells (`{Call Number}-{Unit ID}`), and the stretch of
/// steady UTC offset the last time lookup found. Made once per file, reused for every row, so
/// reading a row allocates nothing; never shared between threads.
///
/// Held through pointers rather than stored `var`s: a class's stored properties are checked
/// for exclusive access on every use, and this is used for every cell.
public final class ProfileWorkspace {
  private let buffers: UnsafeMutablePointer<Buffer>
  let mappingCount: Int
  let zoneCache: UnsafeMutablePointer<ZoneCache>

  private struct Buffer {
    var base: UnsafeMutableRawPointer?
    var capacity: Int
  }

  init(mappingCount: Int) {
    self.mappingCount = mappingCount
    buffers = .allocate(capacity: max(mappingCount, 1))
    buffers.initialize(repeating: Buffer(base: nil, capacity: 0), count: max(mappingCount, 1))
    zoneCache = .allocate(capacity: 1)
    zoneCache.initialize(to: ZoneCache())
  }

  deinit {
    for index in 0..<mappingCount { buffers[index].base?.deallocate() }
    buffers.deallocate()
    zoneCache.deallocate()
  }

  /// Mapping `index`'s buffer, at least `count` bytes long. Its contents are the mapping's
  /// value until the mapping is read again.
  @inline(__always)
  func buffer(_ index: Int, count: Int) -> UnsafeMutableRawPointer {
    precondition(index < mappingCount, "a workspace of another profile")
    let buffer = buffers + index
    if count <= buffer.pointee.capacity, let base = buffer.pointee.base { return base }
    return grow(buffer, count)
  }

  private func grow(_ buffer: UnsafeMutablePointer<Buffer>, _ count: Int) -> UnsafeMutableRawPointer
  {
    buffer.pointee.base?.deallocate()
    let capacity = max(64, count * 2)
    let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    buffer.pointee = Buffer(base: base, capacity: capacity)
    return base
  }
}
