import Foundation
import Testing

@testable import PledgeKit

/// Ingest leaves the store ready to report: once enough events lie past a source's snapshot
/// (here always, with $PLEDGE_SNAPSHOT_AFTER_EVENTS=0), ingest writes (first) or splices (then)
/// that source's snapshot, and the next report loads every snapshot and replays nothing. The
/// cache stays a cache: deleting it changes no byte of any report.
@Suite(.serialized) struct WarmIngestTests {
  @Test func theFirstReportAfterIngestReadsTheSnapshotsIngestWrote() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/store"
      let environment = ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "0", "PLEDGE_CACHE_TRACE": "1"]
      var written: [Source: [String]] = [:]
      for (source, name) in fixtureFiles {
        let result = try runBinary(["ingest", source.description, fixture(name), "--store", store], environment: environment)
        #expect(result.code == 0 || result.code == 3, "\(name): \(result.err)")
        written[source, default: []] += result.err.split(separator: "\n").map(String.init)
          .filter { $0.hasPrefix("cache: \(source): snapshot of batch ") }
      }
      let batches = try FileEventStore(readingFrom: store).batches
      for source in Set(fixtureFiles.map(\.0)) {
        let lines = written[source] ?? []
        // Every batch of the source brought its snapshot up to date: written the first time,
        // spliced onto the snapshot read in part after that.
        let numbers = batches.filter { $0.provenance.source == source }.map(\.number)
        #expect(lines.first == "cache: \(source): snapshot of batch \(numbers[0]) written by ingest", "\(lines)")
        for number in numbers.dropFirst() {
          #expect(lines.contains("cache: \(source): snapshot of batch \(number) spliced by ingest"), "\(source) \(number): \(lines)")
        }
      }
      // No report has run: the reports read what ingest left.
      var warm: [[UInt8]] = []
      for kind in ReportKind.allCases {
        let result = try runBinaryBytes(
          ["report", kind.rawValue, "--quarter", "2026Q1", "--store", store], environment: ["PLEDGE_CACHE_TRACE": "1"])
        #expect(result.code == 0, "\(result.err)")
        for source in Set(fixtureFiles.map(\.0)) {
          let last = batches.last { $0.provenance.source == source }!.number
          #expect(
            result.err.contains("cache: \(source): loaded the snapshot of batch \(last), replayed 0 events past it"),
            "\(kind) \(source): \(result.err)")
        }
        #expect(!result.err.contains("written"), "\(kind): \(result.err)")
        #expect(result.out == (try readBytes(fixture("expected/\(kind.rawValue)-2026Q1.csv"))), "\(kind)")
        warm.append(result.out)
      }
      try FileManager.default.removeItem(atPath: store + "/cache")
      for (kind, expected) in zip(ReportKind.allCases, warm) {
        let result = try runBinaryBytes(
          ["report", kind.rawValue, "--quarter", "2026Q1", "--store", store], environment: ["PLEDGE_CACHE_TRACE": "1"])
        #expect(!result.err.contains("loaded"), "\(kind)")
        #expect(result.out == expected, "\(kind): deleting the cache changed the report")
      }
    }
  }
}
