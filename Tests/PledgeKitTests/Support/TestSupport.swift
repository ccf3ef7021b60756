import Foundation
import Glibc

@testable import PledgeKit

/// A fresh temporary directory, removed when the test's closure returns.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  var template = Array((NSTemporaryDirectory() + "pledge-test-XXXXXX").utf8CString)
  let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
  defer { try? FileManager.default.removeItem(atPath: path) }
  return try body(path)
}

func writeFile(_ path: String, _ text: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func writeFile(_ path: String, bytes: [UInt8]) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func readBytes(_ path: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func readText(_ path: String) throws -> String {
  String(decoding: try readBytes(path), as: UTF8.self)
}

/// The repository root (tests read fixtures/ from it).
let repositoryRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  while url.path != "/" {
    url.deleteLastPathComponent()
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      return url.path
    }
  }
  fatalError("no Package.swift above \(#filePath)")
}()

func fixture(_ name: String) -> String { repositoryRoot + "/fixtures/" + name }

/// Runs the CLI in-process with a capturing console.
func runPledge(_ arguments: [String], environment: [String: String] = [:]) -> PledgeRun {
  let console = Console.capturing()
  let code = PledgeCLI.run(arguments, environment: environment, console: console)
  return PledgeRun(code: code, outBytes: console.capturedOut, err: console.errText)
}

/// What one in-process `pledge` command did: its exit code, its standard output as bytes (and
/// as text, for messages), its standard error.
struct PledgeRun {
  let code: ExitCode
  /// Standard output exactly as written: compare these for "byte for byte".
  let outBytes: [UInt8]
  let err: String

  /// Standard output as text (invalid UTF-8 replaced; canonically equivalent text compares
  /// equal): for reading messages, not for byte-for-byte comparisons.
  var out: String { String(decoding: outBytes, as: UTF8.self) }
}

/// Runs the CLI in-process; standard output as the bytes written, not decoded as text.
func runPledgeBytes(_ arguments: [String], environment: [String: String] = [:]) -> (code: ExitCode, out: [UInt8], err: String) {
  let console = Console.capturing()
  let code = PledgeCLI.run(arguments, environment: environment, console: console)
  return (code, console.capturedOut, console.errText)
}

/// The built `pledge` executable, beside the test bundle.
let pledgeBinary: String = {
  var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  while url.path != "/" {
    url.deleteLastPathComponent()
    let candidate = url.appendingPathComponent("pledge").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return repositoryRoot + "/.build/debug/pledge"
}()

/// Runs the real `pledge` executable.
@discardableResult
func runBinary(
  _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil
) throws -> (code: Int32, out: String, err: String) {
  let run = try runBinaryBytes(arguments, environment: environment, stdin: stdin)
  return (run.code, String(decoding: run.out, as: UTF8.self), run.err)
}

/// Runs the real `pledge` executable and returns its output as bytes, not decoded as text.
func runBinaryBytes(
  _ arguments: [String], environment: [String: String] = [:], stdin: [UInt8]? = nil
) throws -> (code: Int32, out: [UInt8], err: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: pledgeBinary)
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  let input = Pipe()
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
  try input.fileHandleForWriting.close()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, [UInt8](outData), String(decoding: errData, as: UTF8.self))
}

/// The seed of a randomized test: `PLEDGE_TEST_SEED` when set, so a failure can be replayed.
func testSeed(default seed: UInt64) -> UInt64 {
  getenv("PLEDGE_TEST_SEED").flatMap { UInt64(String(cString: $0)) } ?? seed
}

/// A small seeded generator (SplitMix64) for property tests: failures print the seed.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Every event of a store, in order, as comparable values.
func allEvents(_ store: any EventStore, through batch: Int? = nil) throws -> [Event] {
  var events: [Event] = []
  try store.replay(through: batch, sources: nil) { events.append($0.event) }
  return events
}

/// Where the last frame of the log bytes `range` (a batch) starts.
func lastFrameStart(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
  var offset = range.lowerBound
  while true {
    let header = LogFormat.FrameHeader(Array(bytes[offset..<offset + LogFormat.frameHeaderSize]))!
    let next = offset + LogFormat.frameHeaderSize + header.length
    if next >= range.upperBound { return offset }
    offset = next
  }
}

/// What `scripts/nightly.sh` did: its exit status and its standard error (the cron mail).
struct NightlyRun {
  let code: Int32
  let err: String
}

/// Runs `scripts/nightly.sh` on `dir/inbox`, `dir/outbox` and `dir/store` with the built
/// `pledge`, pretending today is `today` (China Standard Time).
func runNightly(_ dir: String, today: String, settle: Int = 0) throws -> NightlyRun {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = [
    repositoryRoot + "/scripts/nightly.sh", "--inbox", dir + "/inbox", "--outbox", dir + "/outbox",
    "--store", dir + "/store", "--pledge", pledgeBinary, "--settle", String(settle),
  ]
  var environment = ProcessInfo.processInfo.environment
  environment["PLEDGE_TODAY"] = today
  process.environment = environment
  let err = Pipe()
  process.standardError = err
  process.standardOutput = FileHandle.nullDevice
  try process.run()
  let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return NightlyRun(code: process.terminationStatus, err: text)
}
