import Foundation
import Testing

@testable import PledgeKit

/// The working-day calendar as a source of the store (SPEC 2.1, §7.10, §7.36, §7.37; issue
/// "The calendar as data"): ingested like any export, honoured by --batch, overridden by
/// --calendar, and announced weeks before it runs out.
@Suite(.serialized) struct CalendarSourceTests {
  static let complaints = """
    complaint_id,kind,received_at,closed_at,fine_cny
    TS-1,report,2026-11-02 10:00,2026-11-03 09:00,500
    TS-2,pledge,2026-12-28 10:00,,

    """
  /// 2027's first arrangements (New Year, and the Spring Festival make-up Sunday 2027-02-07).
  static let calendar2027 = "日期,类型,名称\n2027-01-01,放假,元旦\n2027/2/7,补班,春节调休\n2027-02-30,off,bad\n"

  @Test func aStoreNearTheEndOfTheCalendarWarnsFailsOnlyWhereNeededAndIsFixedByOneIngest() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      // Business time reaching 2026-12-20: every command warns, nothing fails yet.
      try writeFile(
        dir + "/calls.csv",
        "call_id,received_at,rings,inquiry_seconds,unit_class,zone,category,dispatched_at\n"
          + "JJ1,2026-12-20 10:00,2,30,1,urban,突发事件,2026-12-20 10:01\n")
      let ingest = runPledge(["ingest", "calls", dir + "/calls.csv"] + store)
      #expect(ingest.code == .success)
      let warning = "warning: the working-day calendar ends on 2026-12-31, 11 days after the latest"
        + " business time in the store (2026-12-20 10:01:00)"
      #expect(ingest.err.contains(warning), "\(ingest.err)")
      #expect(ingest.err.contains("'pledge ingest calendar 2027.csv'"))
      let status = runPledge(["status"] + store)
      #expect(status.err.contains(warning))
      #expect(status.out.contains("calendar: 2004–2026 (bundled)\n"))
      let report = runPledge(["report", "compliance", "--quarter", "2026Q4"] + store)
      #expect(report.code == .success)
      #expect(report.err.split(separator: "\n").filter { $0.hasPrefix("warning: the working-day calendar") }.count == 1)

      // A pledge complaint of 12-28: its 10 working days run into 2027.
      try writeFile(dir + "/c.csv", Self.complaints)
      _ = runPledge(["ingest", "complaints", dir + "/c.csv"] + store)
      let failed = runPledge(["report", "compliance", "--quarter", "2026Q4"] + store)
      #expect(failed.code == .failure)
      #expect(
        failed.err.contains(
          "error: 1 obligation of 2026Q4 needs the working-day calendar of 2027, which Pledge does"
            + " not cover; add the State Council's arrangements with 'pledge ingest calendar 2027.csv'"),
        "\(failed.err)")
      // Disclosure needs no deadline (SPEC §7.36).
      let disclosure = runPledge(["report", "disclosure", "--quarter", "2026Q4"] + store)
      #expect(disclosure.code == .success, "\(disclosure.err)")
      #expect(disclosure.out.contains("2026Q4,TS-1,2026-11-03 09:00:00,,,500.00,\n"))
      // 'all' writes what needs no deadline, then fails.
      let all = runPledge(["report", "all", "--quarter", "2026Q4", "--dir", dir + "/out/q4"] + store)
      #expect(all.code == .failure)
      #expect(FileManager.default.fileExists(atPath: dir + "/out/q4/disclosure-2026Q4.csv"))
      #expect(!FileManager.default.fileExists(atPath: dir + "/out/q4/compliance-2026Q4.csv"))
      let batchesBefore = try FileEventStore(readingFrom: dir + "/s").batches.count

      // The fix is one ingest: a bad row is quarantined, the others recorded.
      try writeFile(dir + "/2027.csv", Self.calendar2027)
      let calendar = runPledge(["ingest", "calendar", dir + "/2027.csv"] + store)
      #expect(calendar.code == .rowsRejected, "\(calendar.err)")
      #expect(calendar.err.contains("2027.csv:4:1: error: column '日期': there is no day 2027-02-30"))
      #expect(!calendar.err.contains("warning:"))
      let fixed = runPledge(["report", "compliance", "--quarter", "2026Q4"] + store)
      #expect(fixed.code == .success, "\(fixed.err)")
      #expect(!fixed.err.contains("calendar"))
      #expect(runPledge(["status"] + store).out.contains("calendar: 2004–2027 (bundled; 2027 from the store)\n"))
      // Idempotent: the same file again appends nothing.
      #expect(runPledge(["ingest", "calendar", dir + "/2027.csv"] + store).err.contains("already ingested"))

      // --batch travels back to before the calendar was ingested: the report fails as it did.
      let then = runPledge(["report", "compliance", "--quarter", "2026Q4", "--batch", String(batchesBefore)] + store)
      #expect(then.code == .failure)
      #expect(then.err.contains("needs the working-day calendar of 2027"))
    }
  }

  /// A date in the store overrides the bundled calendar; a later kind for the same date is a
  /// correction; --calendar overrides both for one run.
  @Test func storedDatesOverrideTheBundledCalendarAndFilesOverrideBoth() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      // Pledge complaint received Friday 2026-03-06: 10 working days end on 2026-03-20.
      try writeFile(dir + "/c.csv", "complaint_id,kind,received_at\nP1,pledge,2026-03-06 10:00\n")
      _ = runPledge(["ingest", "complaints", dir + "/c.csv"] + store)
      func deadline(_ extra: [String] = []) -> String {
        let out = runPledge(["report", "obligations", "--quarter", "2026Q1", "--as-of", "2026-03-07"] + store + extra).out
        return String(out.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)[6])
      }
      #expect(deadline() == "2026-03-20 23:59:59")
      // An invented holiday on Monday 03-09 moves it a working day later…
      try writeFile(dir + "/cal-a.csv", "date,kind,name\n2026-03-09,off,invented\n")
      #expect(runPledge(["ingest", "calendar", dir + "/cal-a.csv"] + store).code == .success)
      #expect(deadline() == "2026-03-23 23:59:59")
      // …a correction in a later file makes it a working day again…
      try writeFile(dir + "/cal-b.csv", "date,kind,name\n2026/3/9,work,corrected\n")
      let corrected = runPledge(["ingest", "calendar", dir + "/cal-b.csv", "--summary", "json"] + store)
      #expect(corrected.out.contains("\"corrections\":2"), "\(corrected.out)")
      #expect(deadline() == "2026-03-20 23:59:59")
      // …and --calendar overrides the store for one run.
      try writeFile(dir + "/override.csv", "date,kind,name\n2026-03-09,休息,file\n2026-03-10,off,file\n")
      #expect(deadline(["--calendar", dir + "/override.csv"]) == "2026-03-24 23:59:59")
      #expect(deadline() == "2026-03-20 23:59:59")
    }
  }

  /// The store's dates override the bundled ones too: the make-up working day Saturday
  /// 2026-02-28 ingested as a holiday, and a Saturday ingested as a make-up working day (补班),
  /// each move the deadline; a report at the batch before them has it where the notice put it.
  @Test func storedDatesOverrideBundledOnes() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      // Pledge complaint received Wednesday 2026-02-25: the 10th working day, counting the
      // bundled make-up Saturday 02-28, is Tuesday 03-10.
      try writeFile(dir + "/c.csv", "complaint_id,kind,received_at\nP2,pledge,2026-02-25 10:00\n")
      _ = runPledge(["ingest", "complaints", dir + "/c.csv"] + store)
      func deadline(_ extra: [String] = []) -> String {
        let out = runPledge(["report", "obligations", "--quarter", "2026Q1", "--as-of", "2026-02-26"] + store + extra).out
        return String(out.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)[6])
      }
      #expect(deadline() == "2026-03-10 23:59:59")
      try writeFile(dir + "/off.csv", "date,kind,name\n2026-02-28,off,no make-up day after all\n")
      #expect(runPledge(["ingest", "calendar", dir + "/off.csv"] + store).code == .success)
      #expect(deadline() == "2026-03-11 23:59:59")
      #expect(deadline(["--batch", "1"]) == "2026-03-10 23:59:59")
      try writeFile(dir + "/work.csv", "date,kind,name\n2026-03-07,补班,invented make-up day\n")
      #expect(runPledge(["ingest", "calendar", dir + "/work.csv"] + store).code == .success)
      #expect(deadline() == "2026-03-10 23:59:59")
      #expect(deadline(["--batch", "2"]) == "2026-03-11 23:59:59")
    }
  }

  /// The snapshot cache stays independent of the calendar: ingesting a year's arrangements
  /// leaves the other sources' snapshots as they are (a report replays nothing past them),
  /// and the reports change only where the new dates move a deadline.
  @Test func aCalendarIngestKeepsTheOtherSourcesSnapshots() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      ingestFixtures(into: dir + "/s")
      let always = ["PLEDGE_SNAPSHOT_AFTER_EVENTS": "0"]
      #expect(try runBinary(["report", "all", "--quarter", "2026Q1", "--dir", dir + "/out"] + store, environment: always).code == 0)
      try writeFile(dir + "/2027.csv", "date,kind,name\n2027-01-01,off,元旦\n")
      #expect(try runBinary(["ingest", "calendar", dir + "/2027.csv"] + store).code == 0)
      let traced = try runBinary(["report", "compliance", "--quarter", "2026Q1"] + store, environment: ["PLEDGE_CACHE_TRACE": "1"])
      #expect(traced.code == 0)
      for source in ["calls", "dispatches", "visits", "complaints"] {
        #expect(traced.err.contains("cache: \(source): loaded the snapshot of batch "), "\(source): \(traced.err)")
      }
      #expect(traced.err.contains("calls: loaded the snapshot of batch 18, replayed 0 events past it"), "\(traced.err)")
      #expect(traced.out == (try readText(fixture("expected/compliance-2026Q1.csv"))))
    }
  }

  /// `--as-of` takes a plain date: 00:00:00 of that day (SPEC §7.37).
  @Test func asOfTakesADate() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/c.csv", "complaint_id,kind,received_at\nP1,pledge,2026-03-06 10:00\n")
      _ = runPledge(["ingest", "complaints", dir + "/c.csv"] + store)
      let byDate = runPledge(["report", "obligations", "--quarter", "2026Q1", "--as-of", "2026-03-21"] + store)
      let byTime = runPledge(["report", "obligations", "--quarter", "2026Q1", "--as-of", "2026-03-21 00:00:00"] + store)
      #expect(byDate.code == .success)
      #expect(byDate.out == byTime.out)
      #expect(byDate.out.contains(",breached,1,1,10.00\n"))
      let bad = runPledge(["report", "obligations", "--quarter", "2026Q1", "--as-of", "2026-02-30"] + store)
      #expect(bad.code == .usage)
    }
  }
}

/// `pledge columns` (SPEC 1.5, 6): what each source reads and which rules need each column.
@Suite struct ColumnsCommandTests {
  @Test func everySourceAndRuleIsThere() throws {
    let all = runPledge(["columns"])
    #expect(all.code == .success)
    let lines = all.out.split(separator: "\n").map(String.init)
    #expect(lines[0] == "source,column,required,type,aliases,rules")
    #expect(Set(lines.dropFirst().map { String($0.prefix { $0 != "," }) }) == Set(Source.allCases.map(\.description)))
    #expect(lines.contains("calls,rings,no,integer,振铃次数 响铃次数,call.answer"))
    #expect(lines.contains("dispatches,dispatch_id,yes,text,处警编号 处警单编号 派警单编号,call.depart call.arrive call.arrive.committed emergency.ready emergency.arrive"))
    #expect(lines.contains("duties,every,yes,half-month|month|quarter|year,周期,duty.periodic"))
    // Every rule reads some column.
    for rule in RuleID.allCases {
      #expect(lines.contains { $0.hasSuffix(rule.rawValue) || $0.contains(rule.rawValue + " ") }, "\(rule)")
    }
    // Every column of a schema is listed, with its aliases.
    for source in Source.allCases {
      let one = runPledge(["columns", source.description])
      #expect(one.out.split(separator: "\n").count == Schemas.columns(of: source).count + 1)
    }
    #expect(runPledge(["columns", "call"]).err.contains("did you mean 'calls'?"))
    let json = runPledge(["columns", "calendar", "--format", "json"]).out.split(separator: "\n")
    #expect(json.first == "{\"source\":\"calendar\",\"column\":\"date\",\"required\":\"yes\",\"type\":\"date\",\"aliases\":\"日期\",\"rules\":\"emergency.ready emergency.arrive window.onsite report.onsite report.notify report.close pledge.reply\"}", "\(json)")
  }
}
