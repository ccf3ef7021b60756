import Glibc

/// How far a writer has checked the log: `STORE/verified` records that the events frames of
/// batches 1…`batches` were found sound, with a digest of those batches (`Snapshot.logDigest`:
/// each batch's file, byte range, event count, ingest time and writer), and where the next
/// scrub of older frames starts. A writer then checks only the frames appended since, plus
/// `scrubBudget` bytes of older frames in turn, so an ingest costs the same on a year of
/// history as on ten, and every byte of the log is still re-checked every ⌈log size / budget⌉
/// writer opens (`pledge verify` and every replay check all they read).
///
/// The file is never the truth: one that is missing, damaged, of another Pledge, or whose
/// digest does not match the log's batches (another log, a log cut back) is ignored and the
/// whole log is checked, as before. It is written aside and renamed, not flushed: losing it
/// costs one full check.
struct VerifiedPoint: Equatable {
  /// Batches 1…batches have had every events frame checked.
  var batches: Int
  var digest: String
  /// The byte offset in the log where the next scrub of older frames starts.
  var scrubFrom: Int

  static let fileName = "verified"
  static let magic = "PLEDGVER"
  /// Bytes of older frames checked on each writer open (64 MiB: about 60 ms of CRC-32C and
  /// reading on the machine of the README's table).
  static var scrubBudget: Int {
    if let n = environmentInteger("PLEDGE_SCRUB_BYTES"), n >= 0 { return n }
    return 64 << 20
  }

  /// The point recorded in `directory`, if one is there and sound and matches `batches`.
  static func load(directory: String, matching batches: [BatchInfo]) -> VerifiedPoint? {
    guard let file = try? MappedFile(path: directory + "/" + fileName) else { return nil }
    var r = ByteReader(file.bytes)
    guard let magic = try? r.bytes(8), Array(magic) == Array(Self.magic.utf8),
      let count = try? r.int(), let digest = try? r.string(), let scrub = try? r.int(),
      let crcBytes = try? r.bytes(4)
    else { return nil }
    let body = UnsafeRawBufferPointer(rebasing: file.bytes[0..<(file.bytes.count - 4)])
    guard r.isAtEnd, crcBytes.loadUnaligned(as: UInt32.self).littleEndian == LogFormat.crc32c(continuing: 0, body),
      count <= batches.count, digest == Snapshot.logDigest(batches.prefix(count))
    else { return nil }
    return VerifiedPoint(batches: count, digest: digest, scrubFrom: scrub)
  }

  /// Records the point (aside and renamed; failing to is not an error).
  func save(directory: String) {
    var w = ByteWriter()
    w.raw(Array(Self.magic.utf8))
    w.varint(batches)
    w.string(digest)
    w.varint(scrubFrom)
    w.fixed32(LogFormat.crc32c(w.bytes))
    try? OutputFile.write(w.bytes, to: directory + "/" + Self.fileName, durable: false)
  }
}
