import Foundation
import Testing

@testable import PledgeKit

/// `pledge ingest --profile` end to end (SPEC 1.5): the examples of docs/profiles/ ingested
/// through their profiles and reported, the same export as calls and as dispatches, the
/// profile as part of a file's identity, a fall-back night, and what refuses a file.
@Suite(.serialized) struct ProfileIngestTests {
  static let examples = repositoryRoot + "/docs/profiles/"

  func ingest(_ arguments: [String], store: String) -> PledgeRun {
    runPledge(["ingest"] + arguments + ["--store", store])
  }

  /// Each sample through its profile: exactly the deliberately bad rows are refused, every
  /// other row is ingested and reported.
  /// (source, profile, export, the lines refused, rows accepted, records: a CAD export holds
  /// a row per unit, so its calls are fewer than its rows, and it repeats one row).
  @Test(arguments: [
    ("calls", "110-jiechujing", "110-jiechujing.csv", [10, 13, 15], 11, 11),
    ("calls", "cad-calls", "cad-export.csv", [19], 19, 11),
    ("dispatches", "cad-dispatches", "cad-export.csv", [16], 19, 18),
    ("complaints", "12345-hotline", "12345-hotline.csv", [4, 8], 10, 10),
    ("visits", "window-visits", "window-visits-gb18030.csv", [8, 12], 10, 10),
  ])
  func eachExampleIngestsThroughItsProfile(
    source: String, profile: String, export: String, badLines: [Int], accepted: Int, records: Int
  ) throws {
    try withTemporaryDirectory { dir in
      let result = ingest(
        [source, "--profile", Self.examples + profile + ".profile", Self.examples + export, "--summary", "json",
         "--rejects", dir + "/rejects.csv"], store: dir + "/s")
      #expect(result.code == .rowsRejected, "\(result.err)")
      #expect(result.out.contains("\"rows_accepted\":\(accepted)"), "\(result.out)")
      let rejected = try readText(dir + "/rejects.csv").split(separator: "\n").dropFirst()
        .map { Int($0.split(separator: ",")[1])! }
      #expect(rejected == badLines)
      // Reported: every accepted record has its obligations, in the period of its start.
      let status = runPledge(["status", "--store", dir + "/s"]).out
      #expect(status.contains("\(source) \(records)"), "\(status)")
      let obligations = runPledge(["report", "obligations", "--year", "2016", "--store", dir + "/s"])
      #expect(obligations.code == .success, "\(obligations.err)")
      if profile == "cad-calls" {
        // The calls alone carry no rings, class or dispatch: every call rule goes silent, and
        // says why (SPEC 6).
        #expect(obligations.out.split(separator: "\n").count == 1)
        #expect(obligations.err.contains("warning: call.answer: none of 11 calls in 2016 applies: rings not known (11)"))
      } else {
        #expect(obligations.out.split(separator: "\n").count > 5)
      }
    }
  }

  /// The fall-back night of 2016-11-06 in Los Angeles: an arrival written "01:03" after a
  /// departure at "01:54" is the second 01:03 (PST), not a time running backwards.
  @Test func aFallBackNightIngestsAsTheSpecResolvesIt() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      _ = ingest(["--profile", Self.examples + "cad-dispatches.profile", Self.examples + "cad-export.csv"], store: store)
      let obligations = runPledge(["report", "obligations", "--quarter", "2016Q4", "--store", store]).out
      // Dispatched 01:53:02 PDT (16:53:02 CST), arrived 01:03:15 PST (17:03:15 CST).
      #expect(
        obligations.contains(
          "2016Q4,call.arrive,163110061-E03,E03,,2016-11-06 16:53:02,2016-11-06 16:58:02,2016-11-06 17:03:15,breached,313,,0.00\n"),
        "\(obligations)")
      // The cancelled truck (no arrival) is exempt.
      #expect(obligations.contains("2016Q4,call.arrive,163110061-T10,T10,,2016-11-06 16:53:06,2016-11-06 16:58:06,,exempt,,,0.00\n"))
    }
  }

  /// One export feeds several sources through several profiles; the profile's SHA-256 is part
  /// of the file's identity, so the same file through the same profile is already ingested,
  /// through another (or an edited one) it is another batch.
  /// The calendar's key is a date read through the profile's pattern too: a day-first export
  /// gives the same records as the ISO one.
  @Test func aCalendarExportWithDayFirstDates() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/feiertage.profile", "source = calendar\ndate = {Datum} as %d.%m.%Y\nkind = {Art} map frei=off, Arbeit=work\n")
      try writeFile(dir + "/feiertage.csv", "Datum,Art\n01.01.2027,frei\n07.02.2027,Arbeit\n")
      let result = ingest(["--profile", dir + "/feiertage.profile", dir + "/feiertage.csv"], store: dir + "/s")
      #expect(result.code == .success, "\(result.err)")
      let history = runPledge(["history", "2027-02-07", "--store", dir + "/s"])
      #expect(history.out.contains("calendarDayArranged work"), "\(history.out)")
      #expect(runPledge(["status", "--store", dir + "/s"]).out.contains("2027 from the store"))
    }
  }

  @Test func theProfileIsPartOfTheFilesIdentity() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      let export = Self.examples + "cad-export.csv"
      #expect(ingest(["calls", "--profile", Self.examples + "cad-calls.profile", export], store: store).code == .rowsRejected)
      #expect(ingest(["--profile", Self.examples + "cad-dispatches.profile", export], store: store).code == .rowsRejected)
      let again = ingest(["--profile", Self.examples + "cad-calls.profile", export], store: store)
      #expect(again.err.contains("already ingested in batch 1"), "\(again.err)")
      // Without a profile the export is a third reading of the same bytes (and, its columns
      // being none of Pledge's, refused).
      let plain = ingest(["calls", export], store: store)
      #expect(plain.code == .failure)
      #expect(plain.err.contains("no column 'call_id'"))
      // An edited profile (even a comment) reads the file anew.
      let edited = try readText(Self.examples + "cad-calls.profile") + "# edited\n"
      try writeFile(dir + "/edited.profile", edited)
      let third = ingest(["--profile", dir + "/edited.profile", export], store: store)
      #expect(third.err.contains("batch 3"), "\(third.err)")
      let batches = try FileEventStore(readingFrom: store).batches
      #expect(batches.map { $0.provenance.profileSHA256 != nil } == [true, true, true])
      #expect(Set(batches.map(\.provenance.sha256)).count == 1)
      #expect(Set(batches.compactMap(\.provenance.profileSHA256)).count == 3)
    }
  }

  /// What refuses a file: SOURCE and the profile's source disagree (a usage error); a
  /// placeholder names a column the export does not have (the profile's line and column, and
  /// the export's header); a profile that does not parse.
  @Test func whatRefusesAFile() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      let export = Self.examples + "cad-export.csv"
      let mismatch = ingest(["calls", "--profile", Self.examples + "cad-dispatches.profile", export], store: store)
      #expect(mismatch.code == .usage)
      #expect(mismatch.err.contains("SOURCE calls does not match the profile's 'source = dispatches'"))
      try writeFile(dir + "/missing.profile", "source = calls\ncall_id = {Call Number}\nreceived_at = {Recieved DtTm}\n")
      let missing = ingest(["--profile", dir + "/missing.profile", export], store: store)
      #expect(missing.code == .failure)
      #expect(missing.err.contains("missing.profile:3:15: error: {Recieved DtTm} names no column of"), "\(missing.err)")
      #expect(missing.err.contains("did you mean {Received DtTm}?"))
      // A constant that is no value of its column is the profile's error, said once.
      try writeFile(dir + "/constant.profile", "source = calls\ncall_id = {Call Number}\nreceived_at = {Received DtTm} as %m/%d/%Y %I:%M:%S %p\n  zone = \"downtown\"\n")
      let constant = ingest(["--profile", dir + "/constant.profile", export], store: store)
      #expect(constant.code == .failure)
      #expect(constant.err.contains("constant.profile:4:3: error: zone = 'downtown' is not a value of zone: expected one of urban"), "\(constant.err)")
      #expect(constant.err.split(separator: "\n").count == 1, "\(constant.err)")
      // A constant that is not known is read as rows read it: the map is never asked, so a
      // catch-all that is no value of the column does not refuse the profile.
      try writeFile(
        dir + "/unknown.profile",
        "source = calls\ncall_id = {Call Number}\nreceived_at = {Received DtTm} as %m/%d/%Y %I:%M:%S %p\n"
          + "zone = \"NULL\" map *=downtown\n")
      let unknown = ingest(["--profile", dir + "/unknown.profile", export], store: dir + "/u")
      #expect(unknown.err.contains("is not a value of") == false, "\(unknown.err)")
      #expect(unknown.code == .success || unknown.code == .rowsRejected, "\(unknown.err)")
      try writeFile(dir + "/bad.profile", "source = calls\ncall_id = {Call Number} map\n")
      let bad = ingest(["--profile", dir + "/bad.profile", export], store: store)
      #expect(bad.code == .failure)
      #expect(bad.err.hasPrefix(dir + "/bad.profile:2:"), "\(bad.err)")
      let batches = FileEventStore.exists(at: store) ? try FileEventStore(readingFrom: store).batches.count : 0
      #expect(batches == 0)
    }
  }

  /// The nightly job reads a folder with a pledge.profile through it, whatever the folder's
  /// name; a profile that does not fit leaves its exports in the inbox.
  @Test func theNightlyJobReadsAProfileFolder() throws {
    try withTemporaryDirectory { dir in
      let folder = dir + "/inbox/cad-east"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: Self.examples + "cad-dispatches.profile", toPath: folder + "/pledge.profile")
      try FileManager.default.copyItem(atPath: Self.examples + "cad-export.csv", toPath: folder + "/cad-2016-11-06.csv")
      let night = try runNightly(dir, today: "2016-11-07")
      #expect(night.code == 14, "\(night.err)")
      #expect(night.err.contains("1 ingested (1 with 1 rejected rows"), "\(night.err)")
      #expect(FileManager.default.fileExists(atPath: dir + "/inbox/archive/cad-east/2016-11-07/cad-2016-11-06.csv"))
      #expect(try FileEventStore(readingFrom: dir + "/store").batches.first?.provenance.source == .dispatches)

      try writeFile(folder + "/pledge.profile", "source = dispatches\ndispatch_id = {No Such Column}\n")
      try FileManager.default.copyItem(atPath: Self.examples + "cad-export.csv", toPath: folder + "/cad-again.csv")
      let broken = try runNightly(dir, today: "2016-11-07")
      #expect(broken.code == 10, "\(broken.err)")
      #expect(broken.err.contains("profile that does not fit"))
      #expect(FileManager.default.fileExists(atPath: folder + "/cad-again.csv"))
    }
  }

  /// No folder of exports goes unread without a word: a profile whose source is quoted and
  /// follows a byte-order mark is read; one naming no source is pledge's error; a folder that
  /// is neither a source's nor holds a profile is named in the summary. Each exits 10 and
  /// leaves its exports in the inbox.
  @Test func theNightlyJobLeavesNoFolderUnread() throws {
    try withTemporaryDirectory { dir in
      let quoted = dir + "/inbox/cad-west"
      try FileManager.default.createDirectory(atPath: quoted, withIntermediateDirectories: true)
      let profile = try readText(Self.examples + "cad-dispatches.profile")
        .replacingOccurrences(of: "source   = dispatches", with: "source = \"dispatches\"")
      #expect(profile.contains("source = \"dispatches\""))
      try writeFile(quoted + "/pledge.profile", "\u{FEFF}" + profile)
      try FileManager.default.copyItem(atPath: Self.examples + "cad-export.csv", toPath: quoted + "/cad.csv")
      let read = try runNightly(dir, today: "2016-11-07")
      #expect(read.code == 14, "\(read.err)")
      #expect(FileManager.default.fileExists(atPath: dir + "/inbox/archive/cad-west/2016-11-07/cad.csv"))

      let misspelled = dir + "/inbox/cad-north"
      try FileManager.default.createDirectory(atPath: misspelled, withIntermediateDirectories: true)
      try writeFile(misspelled + "/pledge.profile", profile.replacingOccurrences(of: "\"dispatches\"", with: "dispatchs"))
      try FileManager.default.copyItem(atPath: Self.examples + "cad-export.csv", toPath: misspelled + "/cad.csv")
      let unnamed = dir + "/inbox/call"
      try FileManager.default.createDirectory(atPath: unnamed, withIntermediateDirectories: true)
      try writeFile(unnamed + "/today.csv", "call_id,received_at\nC1,2016-11-07 10:00\n")
      let night = try runNightly(dir, today: "2016-11-07")
      #expect(night.code == 10, "\(night.err)")
      #expect(night.err.contains("profile that does not fit (its exports wait in the inbox): \(misspelled)/pledge.profile"), "\(night.err)")
      #expect(night.err.contains("folders read by no source (name one after a source or add a pledge.profile): call"), "\(night.err)")
      #expect(FileManager.default.fileExists(atPath: misspelled + "/cad.csv"))
      #expect(FileManager.default.fileExists(atPath: unnamed + "/today.csv"))
      let log = try readText(dir + "/inbox/nightly.log")
      #expect(log.contains("unknown source 'dispatchs'; did you mean 'dispatches'?"), "\(log)")
    }
  }

}
