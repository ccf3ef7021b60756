import Foundation
import Testing

@testable import PledgeKit

/// The cache of folded state is never the truth: every report is identical with and without
/// it, and a snapshot that does not match its log, is damaged, or is newer than the batch
/// asked for is ignored.
@Suite(.serialized) struct SnapshotCacheTests {
  static let always = ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "0"]

  func reports(_ store: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> [String] {
    try (ReportKind.allCases.map(\.rawValue) + ["dashboard"]).map { kind in
      let result = try runBinary(["report", kind, "--quarter", "2026Q1", "--store", store] + extra, environment: environment)
      #expect(result.code == 0, "\(kind): \(result.err)")
      return result.out
    }
  }

  @Test func reportsAreIdenticalWithAndWithoutTheCache() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store)
      let cache = store + "/cache"
      #expect(!FileManager.default.fileExists(atPath: cache))
      let cold = try reports(store)
      // A report writes snapshots once enough was replayed (here: always).
      let writing = try reports(store, environment: Self.always)
      let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache).sorted()
      #expect(snapshots == ["calls.snapshot", "complaints.snapshot", "keypersons.snapshot", "units.snapshot", "visits.snapshot"])
      let warm = try reports(store)
      #expect(writing == cold)
      #expect(warm == cold)
      // Other rule options: the snapshot holds only the fold of events, so it serves them too.
      try writeFile(dir + "/cal.csv", "date,kind,name\n2026-02-24,off,test holiday\n")
      let options = ["--calendar", dir + "/cal.csv", "--working-hours", "09:00-12:00,13:30-17:00", "--emergency-categories", "突发事件,火警"]
      let withCache = try reports(store, options)
      try FileManager.default.removeItem(atPath: cache)
      let withoutCache = try reports(store, options)
      #expect(withCache == withoutCache)
      #expect(withCache != cold)
      // Deleting the cache changes nothing.
      #expect(try reports(store) == cold)
    }
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
      let result = try runBinary(["report", "penalties", "--quarter", "2026Q1", "--store", store])
      #expect(result.out == (try readText(fixture("expected/penalties-2026Q1.csv"))))
      let compliance = try runBinary(["report", "compliance", "--quarter", "2026Q1", "--store", store])
      #expect(compliance.out == (try readText(fixture("expected/compliance-2026Q1.csv"))))
    }
  }

  @Test func aSnapshotThatDoesNotMatchTheLogIsIgnored() throws {
    try withTemporaryDirectory { dir in
      // Store A holds everything; store B lacks the February re-export (its correction).
      ingestFixtures(into: dir + "/a")
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      for (index, (source, name)) in fixtureFiles.enumerated() where index != reexport {
        _ = runPledge(["ingest", source.description, fixture(name), "--store", dir + "/b"])
      }
      let expected = try reports(dir + "/b")
      _ = try reports(dir + "/a", environment: Self.always)
      // A's snapshots, planted in B's cache, name batches B's log does not hold.
      try FileManager.default.copyItem(atPath: dir + "/a/cache", toPath: dir + "/b/cache")
      #expect(try reports(dir + "/b") == expected)
      // Damaged snapshots are ignored too.
      try FileManager.default.removeItem(atPath: dir + "/b/cache")
      _ = try reports(dir + "/b", environment: Self.always)
      let path = dir + "/b/cache/calls.snapshot"
      var bytes = try readBytes(path)
      bytes[bytes.count / 2] ^= 0x40
      try writeFile(path, bytes: bytes)
      #expect(try reports(dir + "/b") == expected)
      try writeFile(path, bytes: Array(bytes.prefix(20)))
      #expect(try reports(dir + "/b") == expected)
    }
  }

  @Test func anEarlierBatchIsNotAnsweredFromALaterSnapshot() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      ingestFixtures(into: store)
      let reexport = try #require(fixtureFiles.firstIndex { $0.1 == "calls-2026-02b-reexport.csv" })
      let before = try reports(store, ["--batch", String(reexport)])
      _ = try reports(store, environment: Self.always)
      #expect(try reports(store, ["--batch", String(reexport)]) == before)
      // Reports of an earlier batch leave the cache alone (it holds the latest state).
      try FileManager.default.removeItem(atPath: store + "/cache")
      _ = try reports(store, ["--batch", String(reexport)], environment: Self.always)
      #expect(FileManager.default.fileExists(atPath: store + "/cache") == false)
    }
  }

  @Test func snapshotsRoundTripTheProjection() throws {
    try withTemporaryDirectory { dir in
      ingestFixtures(into: dir)
      let store = try FileEventStore(readingFrom: dir)
      let projection = try store.projection(useCache: false)
      for source in Source.allCases {
        var part = Projection()
        try store.fold(through: nil, sources: [source], into: &part)
        let snapshot = Snapshot(source: source, batch: 11, logDigest: "d", projection: part)
        let decoded = try #require(snapshot.encoded().withUnsafeBytes { Snapshot.decode($0) })
        #expect(decoded.batch == 11)
        #expect(decoded.logDigest == "d")
        #expect(decoded.projection.eventCount == part.eventCount)
        #expect(decoded.projection.latestBusinessTime == part.latestBusinessTime)
        #expect(decoded.projection.calls.records.map(\.signature) == part.calls.records.map(\.signature))
        #expect(decoded.projection.visits.records.map(\.signature) == part.visits.records.map(\.signature))
        #expect(decoded.projection.complaints.records.map(\.signature) == part.complaints.records.map(\.signature))
        #expect(decoded.projection.units.records.map(\.signature) == part.units.records.map(\.signature))
        #expect(decoded.projection.persons.records.map(\.signature) == part.persons.records.map(\.signature))
        // Lookups work through the stored index.
        if let first = part.calls.records.first { #expect(decoded.projection.calls[first.id]?.signature == first.signature) }
      }
      #expect(projection.calls.count == 116)
    }
  }
}
