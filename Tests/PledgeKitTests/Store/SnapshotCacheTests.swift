import Foundation
import Testing

@testable import PledgeKit

/// The cache of folded state is never the truth: every report is identical with and without
/// it, and a snapshot that does not match its log, is damaged, or is newer than the batch
/// asked for is ignored.
///
/// Each test also proves the path it names was taken: every report runs with
/// $PLEDGE_CACHE_TRACE, which makes it say on standard error which snapshot it loaded and how
/// many events it replayed past it, or why it ignored one, and which snapshot it wrote. (With
/// snapshot loading switched off, every test below that compares reports fails.)
@Suite(.serialized) struct SnapshotCacheTests {
  static let always = ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "0"]
  static let trace = ["PLEDGE_CACHE_TRACE": "1"]

  /// Every report of 2026Q1 (and the dashboard), as bytes, with the cache trace lines of all
  /// of them.
  func reports(_ store: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> [[UInt8]] {
    try tracedReports(store, extra, environment: environment).outputs
  }

  func tracedReports(
    _ store: String, _ extra: [String] = [], environment: [String: String] = [:]
  ) throws -> (outputs: [[UInt8]], trace: [String]) {
    var trace: [String] = []
    let outputs = try (ReportKind.allCases.map(\.rawValue) + ["dashboard"]).map { kind in
      let result = try runBinaryBytes(
        ["report", kind, "--quarter", "2026Q1", "--store", store] + extra,
        environment: environment.merging(Self.trace) { a, _ in a })
      #expect(result.code == 0, "\(kind): \(result.err)")
      trace += result.err.split(separator: "\n").map(String.init).filter { $0.hasPrefix("cache: ") }
      return result.out
    }
    return (outputs, trace)
  }

  /// The sources the fixtures hold (all but the calendar).
  static let fixtureSources: [Source] = Source.allCases.filter { $0 != .calendar }

  @Test func reportsAreIdenticalWithAndWithoutTheCache() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store)
      let cache = store + "/cache"
      #expect(!FileManager.default.fileExists(atPath: cache))
      let (cold, coldTrace) = try tracedReports(store)
      for source in Self.fixtureSources {
        #expect(coldTrace.contains { $0.hasPrefix("cache: \(source): no snapshot, replayed ") }, "\(source)")
      }
      #expect(!coldTrace.contains { $0.contains("loaded") })
      // A report writes snapshots once enough was replayed (here: always).
      let last = try FileEventStore(readingFrom: store).batches.count
      let (writing, writingTrace) = try tracedReports(store, environment: Self.always)
      for source in Self.fixtureSources {
        #expect(writingTrace.contains("cache: \(source): snapshot of batch \(last) written"), "\(source)")
      }
      let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache).sorted()
      // Every source the fixtures hold, and none for the calendar, which they do not.
      #expect(
        snapshots == [
          "activities.snapshot", "calls.snapshot", "complaints.snapshot", "dispatches.snapshot",
          "duties.snapshot", "keypersons.snapshot", "units.snapshot", "visits.snapshot",
        ])
      let (warm, warmTrace) = try tracedReports(store)
      #expect(writing == cold)
      #expect(warm == cold)
      // Warm reports loaded every snapshot and replayed nothing past it: each line once per
      // report (and the dashboard).
      for source in Self.fixtureSources {
        let line = "cache: \(source): loaded the snapshot of batch \(last), replayed 0 events past it"
        #expect(warmTrace.filter { $0 == line }.count == ReportKind.allCases.count + 1, "\(source): \(warmTrace)")
      }
      #expect(!warmTrace.contains { $0.contains("no snapshot") || $0.contains("written") })
      // Other rule options: the snapshot holds only the fold of events, so it serves them too.
      try writeFile(dir + "/cal.csv", "date,kind,name\n2026-02-24,off,test holiday\n")
      let options = ["--calendar", dir + "/cal.csv", "--working-hours", "09:00-12:00,13:30-17:00", "--emergency-categories", "突发事件,火警"]
      let (withCache, optionsTrace) = try tracedReports(store, options)
      #expect(optionsTrace.contains("cache: calls: loaded the snapshot of batch \(last), replayed 0 events past it"))
      try FileManager.default.removeItem(atPath: cache)
      let (withoutCache, withoutTrace) = try tracedReports(store, options)
      #expect(!withoutTrace.contains { $0.contains("loaded") })
      #expect(withCache == withoutCache)
      #expect(withCache != cold)
      // Deleting the cache changes nothing.
      #expect(try reports(store) == cold)
    }
  }

  /// A snapshot names the log it folded and the Pledge that folded it: a store rebuilt from the
  /// same files (other ingest times, another Pledge, other event counts) does not reuse it.
  @Test func theLogDigestCoversWhatMakesAFoldDiffer() {
    func info(sha: String = "ab", range: Range<Int> = 16..<400, events: Int = 7, at: Int64 = 1_000, tool: String = "1.0.0") -> BatchInfo {
      BatchInfo(
        number: 1,
        provenance: BatchProvenance(
          source: .calls, fileName: "c.csv", sha256: sha, ingestedAt: Instant(secondsSinceEpoch: at), toolVersion: tool),
        counts: BatchCounts(), eventCount: events, byteRange: range, quarantineOffset: 0)
    }
    let digest = Snapshot.logDigest([info()])
    #expect(Snapshot.logDigest([info()]) == digest)
    for other in [info(sha: "cd"), info(range: 16..<401), info(events: 8), info(at: 1_001), info(tool: "1.0.1")] {
      #expect(Snapshot.logDigest([other]) != digest)
    }
    #expect(Snapshot.logDigest([info(), info()]) != digest)
  }

  /// The nightly pattern: snapshots written part-way, then more batches of every source; the
  /// next run replays only what came after and gives the hand-worked reports.
  @Test func moreBatchesAfterASnapshotAreReplayedOnTopOfIt() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store, count: 5)
      _ = try reports(store, environment: Self.always)
      #expect(FileManager.default.fileExists(atPath: store + "/cache/calls.snapshot"))
      for (source, name) in fixtureFiles.dropFirst(5) {
        _ = runPledge(["ingest", source.description, fixture(name), "--store", store])
      }
      let result = try runBinaryBytes(["report", "penalties", "--quarter", "2026Q1", "--store", store], environment: Self.trace)
      #expect(result.out == (try readBytes(fixture("expected/penalties-2026Q1.csv"))))
      // The calls were read from the snapshot of batch 5 and the calls batches after it replayed.
      let line = try #require(result.err.split(separator: "\n").first { $0.hasPrefix("cache: calls: loaded the snapshot of batch 5, replayed ") })
      #expect(!line.hasSuffix("replayed 0 events past it"), "\(line)")
      let compliance = try runBinaryBytes(["report", "compliance", "--quarter", "2026Q1", "--store", store])
      #expect(compliance.out == (try readBytes(fixture("expected/compliance-2026Q1.csv"))))
    }
  }

  /// A snapshot read in part (a quarter's calls) and brought up to date by splicing: the
  /// records folded into are encoded anew, the rest copied; the result is the snapshot of the
  /// whole fold, record for record and in the same order.
  @Test func aSplicedSnapshotEqualsTheWholeFold() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      ingestFixtures(into: store, count: reexport)
      _ = try reports(store, environment: Self.always)
      for (source, name) in fixtureFiles.dropFirst(reexport) {
        _ = runPledge(["ingest", source.description, fixture(name), "--store", store])
      }
      // A quarter's report reads the calls snapshot in part and splices it.
      let before = try Data(contentsOf: URL(fileURLWithPath: store + "/cache/calls.snapshot"))
      let splicing = ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "1000000", "PLEDGE_SNAPSHOT_SPLICE_AFTER_EVENTS": "0", "PLEDGE_CACHE_TRACE": "1"]
      let result = try runBinary(["report", "penalties", "--quarter", "2026Q2", "--store", store], environment: splicing)
      let last = try FileEventStore(readingFrom: store).batches.count
      #expect(result.err.contains("cache: calls: loaded the snapshot of batch \(reexport), replayed "), "\(result.err)")
      #expect(result.err.contains("cache: calls: snapshot of batch \(last) spliced"), "\(result.err)")
      #expect(result.code == 0)
      let after = try Data(contentsOf: URL(fileURLWithPath: store + "/cache/calls.snapshot"))
      #expect(before != after)
      let reader = try FileEventStore(readingFrom: store)
      let fromCache = try reader.projection(savingSnapshots: false)
      let fromLog = try reader.projection(useCache: false)
      // The one came from the spliced snapshot, the other from the log alone.
      #expect(fromCache.snapshotBatches[.calls] == last)
      #expect(fromLog.snapshotBatches.isEmpty)
      #expect(fromCache.calls.records.map(\.signature) == fromLog.calls.records.map(\.signature))
      #expect(fromCache.visits.records.map(\.signature) == fromLog.visits.records.map(\.signature))
      #expect(fromCache.complaints.records.map(\.signature) == fromLog.complaints.records.map(\.signature))
      #expect(fromCache.eventCount == fromLog.eventCount)
      #expect(fromCache.latestBusinessTime == fromLog.latestBusinessTime)
      for kind in ReportKind.allCases {
        let name = "\(kind.rawValue)-2026Q1.csv"
        let out = try runBinaryBytes(["report", kind.rawValue, "--quarter", "2026Q1", "--store", store], environment: Self.trace)
        #expect(out.out == (try readBytes(fixture("expected/" + name))), "\(name)")
        #expect(out.err.contains("cache: calls: loaded the snapshot of batch \(last), replayed 0 events past it"), "\(name)")
      }
    }
  }

  @Test func aSnapshotThatDoesNotMatchTheLogIsIgnored() throws {
    try withTemporaryDirectory { dir in
      // Store A lacks the last file; store B lacks the February re-export (its correction):
      // as many batches, another log.
      ingestFixtures(into: dir + "/a", count: fixtureFiles.count - 1)
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      for (index, (source, name)) in fixtureFiles.enumerated() where index != reexport {
        _ = runPledge(["ingest", source.description, fixture(name), "--store", dir + "/b"])
      }
      let expected = try reports(dir + "/b")
      _ = try reports(dir + "/a", environment: Self.always)
      // A's snapshots, planted in B's cache, name batches B's log does not hold.
      #expect(try FileEventStore(readingFrom: dir + "/a").batches.count == FileEventStore(readingFrom: dir + "/b").batches.count)
      try FileManager.default.copyItem(atPath: dir + "/a/cache", toPath: dir + "/b/cache")
      let planted = try tracedReports(dir + "/b")
      #expect(planted.outputs == expected)
      #expect(planted.trace.contains("cache: calls: snapshot ignored: it does not match the log"), "\(planted.trace)")
      #expect(!planted.trace.contains { $0.contains("loaded") })
      // B's own snapshots are loaded.
      try FileManager.default.removeItem(atPath: dir + "/b/cache")
      _ = try reports(dir + "/b", environment: Self.always)
      let own = try tracedReports(dir + "/b")
      #expect(own.outputs == expected)
      #expect(own.trace.contains { $0.hasPrefix("cache: calls: loaded the snapshot of batch ") })
      // Damaged snapshots are ignored too.
      let path = dir + "/b/cache/calls.snapshot"
      var bytes = try readBytes(path)
      bytes[bytes.count / 2] ^= 0x40
      try writeFile(path, bytes: bytes)
      let flipped = try tracedReports(dir + "/b")
      #expect(flipped.outputs == expected)
      #expect(flipped.trace.contains("cache: calls: snapshot ignored: damaged or of another version"))
      #expect(!flipped.trace.contains { $0.hasPrefix("cache: calls: loaded") })
      try writeFile(path, bytes: Array(bytes.prefix(20)))
      let cut = try tracedReports(dir + "/b")
      #expect(cut.outputs == expected)
      #expect(cut.trace.contains("cache: calls: snapshot ignored: damaged or of another version"))
    }
  }

  @Test func anEarlierBatchIsNotAnsweredFromALaterSnapshot() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store)
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      let before = try reports(store, ["--batch", String(reexport)])
      _ = try reports(store, environment: Self.always)
      let last = try FileEventStore(readingFrom: store).batches.count
      let earlier = try tracedReports(store, ["--batch", String(reexport)])
      #expect(earlier.outputs == before)
      #expect(earlier.trace.contains("cache: calls: snapshot ignored: of batch \(last), after batch \(reexport)"), "\(earlier.trace)")
      #expect(!earlier.trace.contains { $0.contains("loaded") })
      // Reports of an earlier batch leave the cache alone (it holds the latest state).
      try FileManager.default.removeItem(atPath: store + "/cache")
      _ = try reports(store, ["--batch", String(reexport)], environment: Self.always)
      #expect(FileManager.default.fileExists(atPath: store + "/cache") == false)
    }
  }

  @Test func snapshotsRoundTripTheProjection() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir + "/store")
      let store = try FileEventStore(readingFrom: dir + "/store")
      for source in Source.allCases {
        var part = Projection()
        try store.fold(through: nil, sources: [source], into: &part)
        let path = dir + "/\(source).snapshot"
        let meta = Snapshot.Meta(
          source: source, batch: 11, logDigest: "d", eventCount: part.eventCount,
          earliestBusinessTime: part.earliestBusinessTime, latestBusinessTime: part.latestBusinessTime)
        try Snapshot.encode(part, meta: meta, to: path)
        let file = try #require(SnapshotFile(path: path))
        #expect(file.meta.batch == 11)
        #expect(file.meta.logDigest == "d")
        #expect(file.meta.eventCount == part.eventCount)
        #expect(file.meta.latestBusinessTime == part.latestBusinessTime)
        for mode in [Materialization.everything, .onDemand, .callsStartingIn(.quarter(Quarter("2026Q1")!))] {
          let decoded = try #require(Projection(snapshot: file, materializing: mode))
          // Every record is there, in memory or read on demand, with every value.
          for record in part.calls.records { #expect(decoded.calls[record.id]?.signature == record.signature) }
          for record in part.visits.records { #expect(decoded.visits[record.id]?.signature == record.signature) }
          for record in part.complaints.records { #expect(decoded.complaints[record.id]?.signature == record.signature) }
          for record in part.units.records { #expect(decoded.units[record.id]?.signature == record.signature) }
          for record in part.persons.records { #expect(decoded.persons[record.id]?.signature == record.signature) }
          #expect(decoded.calls["nope"] == nil)
          if case .everything = mode {
            #expect(decoded.calls.records.map(\.signature) == part.calls.records.map(\.signature))
            #expect(decoded.persons.records.map(\.signature) == part.persons.records.map(\.signature))
          }
        }
        // A quarter keeps in memory just the calls that may start in it.
        if source == .calls {
          let q1 = try #require(Projection(snapshot: file, materializing: .callsStartingIn(.quarter(Quarter("2026Q1")!))))
          #expect(q1.calls.count > 0 && q1.calls.count < part.calls.count)
          #expect(q1.calls.records.allSatisfy { call in
            [call.receivedAt, call.dispatchedAt].contains { $0.map(Quarter("2026Q1")!.contains) ?? false }
          })
        }
      }
      // A damaged snapshot does not open.
      var bytes = try readBytes(dir + "/calls.snapshot")
      bytes[bytes.count - 3] ^= 1
      try writeFile(dir + "/calls.snapshot", bytes: bytes)
      #expect(SnapshotFile(path: dir + "/calls.snapshot") == nil)
    }
  }
}
