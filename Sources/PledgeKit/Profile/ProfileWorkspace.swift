/// The working memory of one thread reading one file through a profile: a buffer per mapping
/// for values assembled from several cells (`{Call Number}-{Unit ID}`), and the stretch of
/// steady UTC offset the last time lookup found. Made once per file, reused for every row, so
/// reading a row allocates nothing; never shared between threads.
public final class ProfileWorkspace {
  private var buffers: [UnsafeMutableRawPointer?]
  private var capacities: [Int]
  var zoneCache = ZoneCache()

  init(mappingCount: Int) {
    buffers = Array(repeating: nil, count: mappingCount)
    capacities = Array(repeating: 0, count: mappingCount)
  }

  deinit {
    for buffer in buffers { buffer?.deallocate() }
  }

  /// Mapping `index`'s buffer, at least `count` bytes long. Its contents are the mapping's
  /// value until the mapping is read again.
  @inline(__always)
  func buffer(_ index: Int, count: Int) -> UnsafeMutableRawPointer {
    if count <= capacities[index], let buffer = buffers[index] { return buffer }
    return grow(index, count)
  }

  private func grow(_ index: Int, _ count: Int) -> UnsafeMutableRawPointer {
    buffers[index]?.deallocate()
    let capacity = max(64, count * 2)
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    buffers[index] = buffer
    capacities[index] = capacity
    return buffer
  }
}
