import Foundation
import Testing

@testable import PledgeKit

/// The fixture files in the main job's order: (source, file name).
let fixtureFiles: [(Source, String)] = {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/fixtures")) ?? []
  func files(_ prefix: String) -> [String] {
    names.filter { $0.hasPrefix(prefix + "-") && $0.hasSuffix(".csv") }.sorted(by: byteOrder)
  }
  return [(.units, "units.csv"), (.keypersons, "keypersons.csv")]
    + files("duties").map { (.duties, $0) } + files("calls").map { (.calls, $0) }
    + files("dispatches").map { (.dispatches, $0) } + [(.calls, "late-calls-2026Q1.csv")]
    + files("visits").map { (.visits, $0) } + files("complaints").map { (.complaints, $0) }
    + files("activities").map { (.activities, $0) }
}()

/// Ingests the fixtures (or the first `count` files) into `store` through the CLI.
func ingestFixtures(into store: String, count: Int? = nil) {
  for (source, name) in fixtureFiles.prefix(count ?? fixtureFiles.count) {
    let result = runPledge(["ingest", source.description, fixture(name), "--store", store])
    #expect(result.code == .success || result.code == .rowsRejected, "\(name): \(result.err)")
  }
}

func report(_ kind: String, store: String, _ extra: [String] = []) -> String {
  let result = runPledge(["report", kind, "--quarter", "2026Q1", "--store", store] + extra)
  #expect(result.code == .success, "\(kind): \(result.err)")
  return result.out
}

/// A report's bytes as written (not decoded into a `String`, which would hide invalid UTF-8
/// and equate canonically equivalent text).
func reportBytes(_ kind: String, store: String, _ extra: [String] = []) -> [UInt8] {
  let result = runPledgeBytes(["report", kind, "--quarter", "2026Q1", "--store", store] + extra)
  #expect(result.code == .success, "\(kind): \(result.err)")
  return result.out
}

/// Compares bytes; on a difference, shows the first differing line, so a failing golden test
/// reads like a diff.
func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  guard actual != expected else { return }
  let a = actual.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  let e = expected.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  for i in 0..<max(a.count, e.count) where i >= a.count || i >= e.count || !a[i].elementsEqual(e[i]) {
    let left = i < a.count ? String(decoding: a[i], as: UTF8.self) : "<none>"
    let right = i < e.count ? String(decoding: e[i], as: UTF8.self) : "<none>"
    Issue.record(
      "\(name) line \(i + 1) differs (as bytes):\n  got:      \(left)\n  expected: \(right)",
      sourceLocation: sourceLocation)
    return
  }
}

/// Shows the first differing line, so a failing golden test reads like a diff.
func expectSameLines(_ actual: String, _ expected: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  guard actual != expected else { return }
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(a.count, e.count) {
    let left = i < a.count ? String(a[i]) : "<none>"
    let right = i < e.count ? String(e[i]) : "<none>"
    if left != right {
      Issue.record("\(name) line \(i + 1):\n  got:      \(left)\n  expected: \(right)", sourceLocation: sourceLocation)
      return
    }
  }
}

@Suite(.serialized) struct GoldenReportTests {
  /// The five 2026Q1 reports from fixtures/, byte for byte as worked out by hand in
  /// fixtures/expected/.
  @Test func reportsMatchTheHandWorkedExpectations() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir + "/store")
      for kind in ReportKind.allCases {
        let expected = try readBytes(fixture("expected/\(kind.rawValue)-2026Q1.csv"))
        expectSameBytes(reportBytes(kind.rawValue, store: dir + "/store"), expected, kind.rawValue)
      }
      // report all writes the same bytes into predictable file names.
      let all = runPledge(["report", "all", "--quarter", "2026Q1", "--store", dir + "/store", "--dir", dir])
      #expect(all.code == .success)
      for kind in ReportKind.allCases {
        let name = "\(kind.rawValue)-2026Q1.csv"
        #expect(try readBytes(dir + "/" + name) == (try readBytes(fixture("expected/" + name))), "\(name)")
      }
    }
  }

  /// Ingesting everything a second time appends nothing and changes no report.
  @Test func ingestingTwiceIsIngestingOnce() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      let before = try FileEventStore(readingFrom: dir).batches.count
      for (source, name) in fixtureFiles {
        let result = runPledge(["ingest", source.description, fixture(name), "--store", dir])
        #expect(result.code == .success)
        #expect(result.err.contains("already ingested"))
      }
      #expect(try FileEventStore(readingFrom: dir).batches.count == before)
      let expected = try readBytes(fixture("expected/penalties-2026Q1.csv"))
      expectSameBytes(reportBytes("penalties", store: dir), expected, "penalties")
    }
  }

  /// Any split of the exports into batches, interleaved across sources in any order, gives
  /// the same report bytes (rows of one source keep their order: a correction must follow
  /// what it corrects).
  @Test(arguments: [11, 23, 37, 41, 59] as [UInt64])
  func anySplitIntoBatchesGivesTheSameReports(seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    try withTemporaryDirectory { dir in
      // Every source's rows, in order, as chunks of 1…12 rows with their file's header.
      var queues: [[(Source, String)]] = []
      var chunkNumber = 0
      for source in Source.allCases {
        var queue: [(Source, String)] = []
        for (fileSource, name) in fixtureFiles where fileSource == source {
          let input = try TextInput(path: fixture(name))
          let reader = CSVReader(input.text)
          var record = CSVRecord()
          _ = try reader.read(into: &record)
          let header = record.rawText
          var rows: [String] = []
          while try reader.read(into: &record) { rows.append(record.rawText) }
          var start = 0
          while start < rows.count {
            let size = Int.random(in: 1...12, using: &random)
            let chunk = rows[start..<min(rows.count, start + size)]
            chunkNumber += 1
            let path = dir + "/chunk-\(chunkNumber).csv"
            try writeFile(path, ([header] + chunk).joined(separator: "\n") + "\n")
            queue.append((source, path))
            start += size
          }
        }
        queues.append(queue)
      }
      // Interleave the sources at random.
      var order: [(Source, String)] = []
      while queues.contains(where: { !$0.isEmpty }) {
        let candidates = queues.indices.filter { !queues[$0].isEmpty }
        let pick = candidates.randomElement(using: &random)!
        order.append(queues[pick].removeFirst())
      }
      for (source, path) in order {
        let result = runPledge(["ingest", source.description, path, "--store", dir + "/store"])
        // A chunk of nothing but bad rows is refused whole (SPEC 6): it appends nothing.
        let refused = result.code == .failure && result.err.contains("was accepted")
        #expect(
          result.code == .success || result.code == .rowsRejected || refused, "seed \(seed): \(result.err)")
      }
      for kind in ReportKind.allCases {
        let expected = try readBytes(fixture("expected/\(kind.rawValue)-2026Q1.csv"))
        expectSameBytes(reportBytes(kind.rawValue, store: dir + "/store"), expected, "\(kind.rawValue), seed \(seed)")
      }
    }
  }

  /// --batch N reproduces the report of a store that never saw the later batches (here: before
  /// the February re-export and its corrected arrival).
  @Test func batchBeforeTheCorrectionReproducesTheEarlierReport() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir + "/full")
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      ingestFixtures(into: dir + "/early", count: reexport)
      for kind in ReportKind.allCases {
        let early = report(kind.rawValue, store: dir + "/early")
        let replayed = report(kind.rawValue, store: dir + "/full", ["--batch", String(reexport)])
        #expect(replayed == early, "\(kind.rawValue)")
      }
      // The correction flips JJ20260212004's call.arrive from breached to met.
      let before = report("penalties", store: dir + "/full", ["--batch", String(reexport)])
      let after = report("penalties", store: dir + "/full")
      #expect(before.contains("call.arrive,") && before.contains("JJ20260212004"))
      #expect(!after.split(separator: "\n").contains { $0.contains("JJ20260212004") && $0.contains(",call.arrive,") })
    }
  }

  @Test func aGB18030ReportDecodesToTheSameText() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir + "/store")
      let out = dir + "/penalties-gb.csv"
      let result = runPledge(["report", "penalties", "--quarter", "2026Q1", "--store", dir + "/store", "--encoding", "gb18030", "--out", out])
      #expect(result.code == .success)
      let raw = try readBytes(out)
      let utf8 = try readText(fixture("expected/penalties-2026Q1.csv"))
      #expect(raw != Array(utf8.utf8))
      let decoded = try TextInput(path: out, encoding: .gb18030)
      #expect(Array(decoded.text) == (try readBytes(fixture("expected/penalties-2026Q1.csv"))))
    }
  }

  @Test func bomPrefixesTheUTF8Bytes() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir + "/store")
      let out = dir + "/ranking.csv"
      #expect(runPledge(["report", "ranking", "--quarter", "2026Q1", "--store", dir + "/store", "--bom", "--out", out]).code == .success)
      let expected = try readBytes(fixture("expected/ranking-2026Q1.csv"))
      #expect(try readBytes(out) == [0xEF, 0xBB, 0xBF] + expected)
    }
  }
}
