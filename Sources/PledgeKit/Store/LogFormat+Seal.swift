/// The seal of a committed batch (format version 2; EVENT-LOG.md, "Version 2", "Sealed commits").
///
/// A commit frame alone cannot tell "written and flushed, then a byte of it went bad" from
/// "the write was cut off": both leave a commit that does not check out at the end of the log.
/// So once the commit is flushed, the writer appends a second, small record of it — the seal —
/// and flushes that too before the ingest reports success. A sealed commit that does not check
/// out is damage; only an unsealed one can be a write cut off.
///
/// ```
/// seal := frame(type 4, uvarint batch · uvarint commit end · u32le commit checksum)
/// ```
/// `commit end` is the offset where the commit frame ends (the committed length of the log,
/// and where the seal itself starts); `commit checksum` is the crc field of the commit frame.
/// Everything in it follows from the commit, so a reader knows the seal's exact bytes before
/// it reads them.
extension LogFormat {
  /// Whether a log of `version` seals its commits.
  static func sealsCommits(_ version: UInt16) -> Bool { version >= 2 }

  /// The seal frame of the commit frame that ends at `commitEnd` with checksum `commitChecksum`.
  static func seal(batch: Int, commitEnd: Int, commitChecksum: UInt32) -> [UInt8] {
    var w = ByteWriter()
    w.varint(batch)
    w.varint(commitEnd)
    w.fixed32(commitChecksum)
    return frame(.seal, w.bytes)
  }

  /// The seal of a commit frame given by its payload.
  static func seal(batch: Int, commitEnd: Int, commitPayload: [UInt8]) -> [UInt8] {
    let checksum = frameChecksum(
      type: FrameType.commit.rawValue, flags: 0, length: UInt32(commitPayload.count),
      payload: commitPayload)
    return seal(batch: batch, commitEnd: commitEnd, commitChecksum: checksum)
  }

  /// What follows a commit frame where its seal should be.
  enum SealState: Equatable {
    /// The seal, byte for byte.
    case sealed
    /// No seal, or the start of one: the writer was stopped after flushing the commit and
    /// before its seal was flushed. The batch is committed; the next writer seals it.
    /// `written` bytes of an unfinished seal follow the commit.
    case unsealed(written: Int)
    /// Directly the next batch's begin frame: a batch written under version 1, before the log
    /// was upgraded (only the last such batch was sealed by the upgrade).
    case unsealedVersionOne
    /// Anything else: a seal that went bad after it was written.
    case damaged
  }

  /// Classifies what follows a commit frame: `following`, the first bytes after it (as many as
  /// the seal has, or fewer at the end of the file), given the `seal` it should have, the
  /// number of bytes from the commit's end to the end of the file, whether all of those are
  /// zero, and whether a valid begin frame starts right after the commit.
  ///
  /// The seal is written in one write once the commit is flushed, and nothing is written after
  /// it before it is flushed too. So a write cut off leaves no more than the seal's length
  /// after the commit: fewer bytes, or zeros (a power cut), or as many with some of them zero
  /// or stale. One changed byte leaves the seal's length with exactly one byte wrong — the one
  /// state that both could leave, taken as damage so that no changed byte ever passes.
  static func sealState(
    seal: [UInt8], following: [UInt8], restLength: Int, restIsZero: Bool, beginFollows: Bool
  ) -> SealState {
    if restLength >= seal.count, following.elementsEqual(seal) { return .sealed }
    if restIsZero { return .unsealed(written: restLength) }
    if beginFollows { return .unsealedVersionOne }
    if restLength < seal.count { return .unsealed(written: restLength) }
    if restLength == seal.count, zip(following, seal).filter({ $0 != $1 }).count >= 2 {
      return .unsealed(written: restLength)
    }
    return .damaged
  }
}
