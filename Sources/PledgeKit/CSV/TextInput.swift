import CPledgeSupport
import Glibc

/// The bytes of one input file, as UTF-8, held in memory the operating system pages in and out
/// (a mapped file), so reading a file of any size keeps the process's memory flat.
///
/// Standard input (`-`) is first copied to an unlinked temporary file. A file that is not UTF-8
/// is converted from GB18030 into another unlinked temporary file (SPEC 1.1).
public final class TextInput {
  /// The name used in messages: the path as given, or `<stdin>`.
  public let name: String
  /// The encoding the file was read in.
  public let encoding: TextEncoding
  /// The UTF-8 text (a UTF-8 byte-order mark, if any, is left for the CSV reader to skip).
  public var text: UnsafeRawBufferPointer { decoded?.bytes ?? original.bytes }
  /// The file's own bytes, before any conversion.
  public var originalBytes: UnsafeRawBufferPointer { original.bytes }

  private let original: MappedFile
  private let decoded: MappedFile?
  private let sha256Digest: String

  /// Opens `path` (`-` for standard input), decoding it as SPEC 1.1 says: forced by `encoding`,
  /// otherwise UTF-8 when it is valid UTF-8 and GB18030 when not.
  public init(path: String, encoding forced: TextEncoding? = nil) throws(Diagnostic) {
    name = TextInput.displayName(path)
    original = try path == "-" ? MappedFile.spoolingStandardInput() : MappedFile(path: path)
    let bytes = original.bytes
    // The file's digest (its identity in the store) is computed on another core while the
    // encoding is checked: both read every byte.
    let shared = UnsafeBytes(bytes)
    let (invalid, digest): (Int?, String) = {
      let results = try! Parallel.map(2) { part -> (Int?, String) in
        part == 0
          ? (forced == .gb18030 ? 0 : UTF8Validation.firstInvalidOffset(shared.bytes), "")
          : (nil, SHA256.hex(of: shared.bytes))
      }
      return (results[0].0, results[1].1)
    }()
    sha256Digest = digest
    guard let invalid else {
      encoding = .utf8
      decoded = nil
      return
    }
    if forced == .utf8 {
      throw TextInput.fault(name: name, bytes: bytes, offset: invalid, encoding: .utf8)
    }
    encoding = .gb18030
    let spool = try TemporaryFile()
    do {
      try GB18030.decode(bytes) { chunk in try spool.write(chunk) }
    } catch let fault as EncodingFault {
      if forced == nil {
        // Neither encoding fits: point at the first byte that is not UTF-8.
        throw TextInput.fault(name: name, bytes: bytes, offset: invalid, encoding: nil)
      }
      throw TextInput.fault(name: name, bytes: bytes, offset: fault.byteOffset, encoding: .gb18030)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(file: name, "cannot convert from GB18030: \(error)")
    }
    decoded = try spool.mapped(name: name)
  }

  /// How a path given on the command line is named in messages: `-` is `<stdin>`.
  public static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

  /// SHA-256 of the file's own bytes, as 64 lower-case hex digits.
  public func sha256() -> String { sha256Digest }

  private static func fault(
    name: String, bytes: UnsafeRawBufferPointer, offset: Int, encoding: TextEncoding?
  ) -> Diagnostic {
    var line = 1
    var lineStart = 0
    // Lines end as the CSV reader ends them: `\n`, `\r\n` or a lone `\r`.
    let lf = UInt8(ascii: "\n")
    let cr = UInt8(ascii: "\r")
    for i in 0..<offset
    where bytes[i] == lf || (bytes[i] == cr && (i + 1 == bytes.count || bytes[i + 1] != lf)) {
      line += 1
      lineStart = i + 1
    }
    let what: String
    switch encoding {
    case .utf8?: what = "invalid UTF-8 byte sequence (the file was read as --encoding utf8)"
    case .gb18030?: what = "invalid GB18030 byte sequence (the file was read as GB18030)"
    case nil: what = "the file is neither UTF-8 nor GB18030"
    }
    // Two digits a byte: `0A`, not `A`.
    let hex = bytes[offset..<min(offset + 4, bytes.count)]
      .map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }
      .joined(separator: " ")
    return Diagnostic(
      file: name, line: line, column: offset - lineStart + 1,
      "\(what) at byte \(offset) (\(hex)); re-save the file as UTF-8 or GB18030,"
        + " or name its encoding with --encoding utf8|gb18030")
  }
}

/// Read-only bytes handed to another thread (the memory outlives the work).
struct UnsafeBytes: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
}

/// SHA-256 digests through the C target.
public enum SHA256 {
  public static func digest(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var context = pledge_sha256_ctx()
    pledge_sha256_init(&context)
    pledge_sha256_update(&context, bytes.baseAddress, bytes.count)
    var digest = [UInt8](repeating: 0, count: 32)
    pledge_sha256_final(&context, &digest)
    return digest
  }

  public static func hex(of bytes: UnsafeRawBufferPointer) -> String {
    hexString(digest(of: bytes))
  }
}

func hexString(_ bytes: [UInt8]) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count * 2)
  for b in bytes {
    out.append(digits[Int(b >> 4)])
    out.append(digits[Int(b & 15)])
  }
  return String(decoding: out, as: UTF8.self)
}
