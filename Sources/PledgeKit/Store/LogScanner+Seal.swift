/// Reading what follows a commit frame in a version-2 log (`LogFormat+Seal.swift`).
extension LogScanner {
  /// What follows the commit frame that ends at `end`, whose seal is `seal`.
  func sealState(_ seal: [UInt8], at end: Int) -> LogFormat.SealState {
    let following = read(end, min(seal.count, size - end)) ?? []
    if following == seal { return .sealed }
    var restIsZero = following.allSatisfy { $0 == 0 }
    if restIsZero, size - end > seal.count { restIsZero = isZero(from: end + seal.count) }
    var beginFollows = false
    if case .frame(let type, _, _) = frame(at: end) {
      beginFollows = type == LogFormat.FrameType.begin.rawValue
    }
    return LogFormat.sealState(
      seal: seal, following: following, restLength: size - end, restIsZero: restIsZero,
      beginFollows: beginFollows)
  }

  /// Whether every byte from `offset` to the end of the file is zero.
  func isZero(from offset: Int) -> Bool {
    var start = offset
    while start < size {
      guard let bytes = read(start, min(1 << 20, size - start)), bytes.allSatisfy({ $0 == 0 })
      else {
        return false
      }
      start += bytes.count
    }
    return true
  }
}
