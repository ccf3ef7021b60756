import Foundation
import Glibc
import Testing

@testable import PledgeKit

@Suite struct CommandLineTests {
  @Test func helpAndVersion() {
    let help = runPledge(["--help"])
    #expect(help.code == .success)
    for command in ["ingest", "report", "show", "history", "events", "rules", "status", "verify"] {
      #expect(help.out.contains("  \(command) "), "\(command)")
    }
    let reportHelp = runPledge(["help", "report"])
    #expect(reportHelp.code == .success)
    #expect(reportHelp.out.contains("--quarter Q"))
    #expect(runPledge(["report", "--help"]).out == reportHelp.out)
    #expect(runPledge(["--version"]).out == "pledge \(PledgeCLI.version)\n")
  }

  @Test(arguments: [
    (["inget"], "unknown command 'inget'; did you mean 'ingest'?"),
    (["report", "compliance", "--quater", "2026Q1"], "unknown option '--quater'; did you mean '--quarter'?"),
    (["report", "complience", "--quarter", "2026Q1"], "unknown report 'complience'; did you mean 'compliance'?"),
    (["report", "compliance"], "--quarter or --year is required"),
    (["report", "compliance", "--quarter", "2026Q1", "--year", "2026"], "--quarter and --year exclude each other"),
    (["report", "compliance", "--year", "26"], "--year: expected a year like 2026"),
    (["report", "compliance", "--quarter", "2026Q1", "--bom", "--encoding", "gb18030"], "GB18030 has none"),
    (["report", "compliance", "--quarter", "2026Q1", "--batch", "99999999999999999999"], "too large to be a batch number"),
    (["report", "compliance", "--quarter", "2026Q5"], "expected a quarter like 2026Q1"),
    (["report", "compliance", "--quarter=2026Q1", "--as-of", "yesterday"], "--as-of: expected a time"),
    (["ingest", "calsl", "x.csv"], "unknown source 'calsl'; did you mean 'calls'?"),
    (["ingest", "calls"], "name at least one FILE"),
    // With --profile SOURCE may be left out, but a mistyped one is not taken for a file.
    (["ingest", "dispatchs", "--profile", "p.profile", "x.csv"], "unknown source 'dispatchs'; did you mean 'dispatches'?"),
    (["help", "reprot"], "unknown command 'reprot'; did you mean 'report'?"),
    (["verify", "--bom"], "unknown option '--bom'; see 'pledge help verify' for the options"),
    (["zzzzzz"], "unknown command 'zzzzzz'; see 'pledge --help' for the commands"),
    (["report", "all", "--quarter", "2026Q1"], "'report all' needs --dir DIR"),
  ] as [([String], String)])
  func usageErrorsAreOneLineWithExitTwo(arguments: [String], message: String) {
    let result = runPledge(arguments)
    #expect(result.code == .usage)
    #expect(result.err.contains(message), "\(result.err)")
    #expect(result.err.split(separator: "\n").count == 1)
    #expect(result.out.isEmpty)
  }

  @Test func equalsFormAndDoubleDash() throws {
    try withTemporaryDirectory { dir in
      let csv = dir + "/--odd.csv"
      try writeFile(csv, "unit_id\nU1\n")
      let result = runPledge(["ingest", "--store=\(dir)/s", "units", "--", csv])
      #expect(result.code == .success, "\(result.err)")
      #expect(runPledge(["status", "--store", dir + "/s"]).out.contains("units 1"))
    }
  }

  @Test func storeComesFromTheEnvironment() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      #expect(runPledge(["ingest", "units", dir + "/u.csv"], environment: ["PLEDGE_STORE": dir + "/env"]).code == .success)
      #expect(FileEventStore.exists(at: dir + "/env"))
    }
  }

  @Test func reportingAnEmptyStoreIsAnError() throws {
    try withTemporaryDirectory { dir in
      let missing = runPledge(["report", "penalties", "--quarter", "2026Q1", "--store", dir + "/none"])
      #expect(missing.code == .failure)
      #expect(missing.err.contains("there is no store"))
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      _ = runPledge(["ingest", "units", dir + "/u.csv", "--store", dir + "/s"])
      let noTime = runPledge(["report", "penalties", "--quarter", "2026Q1", "--store", dir + "/s"])
      #expect(noTime.code == .failure)
      #expect(noTime.err.contains("no business time"))
      #expect(runPledge(["report", "penalties", "--quarter", "2026Q1", "--store", dir + "/s", "--as-of", "2026-03-31 23:59:59"]).code == .success)
    }
  }

  @Test func aDeadlineInAnUncoveredYearNamesTheYearAndTheFlag() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/c.csv", "complaint_id,kind,received_at\nT1,pledge,2027-01-05 10:00\n")
      _ = runPledge(["ingest", "complaints", dir + "/c.csv", "--store", dir + "/s"])
      let result = runPledge(["report", "penalties", "--quarter", "2027Q1", "--store", dir + "/s"])
      #expect(result.code == .failure)
      #expect(result.err.contains("error: 1 obligation of 2027Q1 needs the working-day calendar of 2027"))
      #expect(result.err.contains("pledge ingest calendar 2027.csv"))
      // Supplying 2027 makes it work; other quarters never needed 2027.
      try writeFile(dir + "/cal.csv", "date,kind,name\n2027-01-01,off,元旦\n")
      #expect(runPledge(["report", "penalties", "--quarter", "2027Q1", "--store", dir + "/s", "--calendar", dir + "/cal.csv"]).code == .success)
      #expect(runPledge(["report", "penalties", "--quarter", "2026Q4", "--store", dir + "/s"]).code == .success)
    }
  }

  @Test func ingestExitCodesAndSummaries() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/good.csv", callHeader + "C1,2026-02-03 10:00,,,,,,,,\n")
      try writeFile(dir + "/bad.csv", callHeader + "C2,2026-02-30 10:00,,,,,,,,\nC3,2026-02-03 10:00,,,,,,,,\n")
      try writeFile(dir + "/refused.csv", "call_id\nC4\n")
      let good = runPledge(["ingest", "calls", dir + "/good.csv", "--store", store])
      #expect(good.code == .success)
      #expect(good.err.contains("batch 1: 1 rows read, 1 accepted, 0 rejected; 1 new facts"))
      let bad = runPledge(["ingest", "calls", dir + "/bad.csv", "--store", store, "--rejects", dir + "/rejects.csv", "--summary", "json"])
      #expect(bad.code == .rowsRejected)
      #expect(bad.err.contains("bad.csv:2:2: error: column 'received_at': there is no day 2026-02-30, got '2026-02-30 10:00'"))
      #expect(bad.out.contains("\"status\":\"ingested\",\"batch\":2,\"rows_read\":2,\"rows_accepted\":1,\"rows_rejected\":1"))
      let rejects = try readText(dir + "/rejects.csv")
      #expect(rejects == "file,line,column,value,reason,record\n\(dir)/bad.csv,2,received_at,2026-02-30 10:00,there is no day 2026-02-30,\"C2,2026-02-30 10:00,,,,,,,,\"\n")
      #expect(try readText(store + "/quarantine.csv") == rejects)
      let refused = runPledge(["ingest", "calls", dir + "/refused.csv", "--store", store])
      #expect(refused.code == .failure)
      #expect(refused.err.contains("nothing of the file was appended"))
      #expect(try FileEventStore(readingFrom: store).batches.count == 2)
      let again = runPledge(["ingest", "calls", dir + "/good.csv", "--store", store])
      #expect(again.code == .success)
      #expect(again.err.contains("already ingested in batch 1"))
    }
  }

  @Test func historyShowsCorrectionsWithWhatTheyReplaced() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/1.csv", callHeader + "C1,2026-02-03 10:00,,,U1,urban,2026-02-03 10:01,,2026-02-03 10:06:40,\n")
      try writeFile(dir + "/2.csv", callHeader + "C1,2026-02-03 10:00,,,U1,urban,2026-02-03 10:01,,2026-02-03 10:05:50,\n")
      _ = runPledge(["ingest", "calls", dir + "/1.csv", dir + "/2.csv", "--store", store])
      let text = runPledge(["history", "C1", "--store", store])
      #expect(text.code == .success)
      #expect(text.out.hasPrefix("batch 1 \(dir)/1.csv:2  callReceived 2026-02-03 10:00:00\n"))
      #expect(text.out.contains("batch 2 \(dir)/2.csv:2  unitArrived 2026-02-03 10:05:50  (correction; was 2026-02-03 10:06:40)\n"))
      let csv = runPledge(["history", "C1", "--store", store, "--format", "csv"])
      #expect(csv.out.contains(",unitArrived,2026-02-03 10:05:50,yes,2026-02-03 10:06:40\n"))
      let json = runPledge(["history", "C1", "--store", store, "--format", "json"])
      #expect(json.out.split(separator: "\n").count == 6)
      #expect(json.out.contains("\"replaces\":\"2026-02-03 10:06:40\""))
      #expect(runPledge(["history", "nope", "--store", store]).code == .failure)
      // --batch is checked as every command checks it: a number, and one the store has.
      for command in [["history", "C1"], ["events"], ["report", "compliance", "--quarter", "2026Q1"]] {
        let beyond = runPledge(command + ["--batch", "3", "--store", store])
        #expect(beyond.code == .usage && beyond.err.contains("--batch 3: the store has only 2 batches"), "\(command)")
        let word = runPledge(command + ["--batch", "last", "--store", store])
        #expect(word.code == .usage && word.err.contains("--batch needs a batch number, got 'last'"), "\(command)")
      }
    }
  }

  @Test func showACaseWithItsObligations() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/u.csv", "unit_id,class\nU1,1\n")
      try writeFile(dir + "/c.csv", callHeader + "C1,2026-02-03 10:00,2026-02-03 10:00:05,4,U1,urban,2026-02-03 10:01,2026-02-03 10:02:01,2026-02-03 10:06:00,\n")
      _ = runPledge(["ingest", "units", dir + "/u.csv", "--store", store])
      _ = runPledge(["ingest", "calls", dir + "/c.csv", "--store", store])
      let text = runPledge(["show", "case", "C1", "--store", store])
      #expect(text.code == .success, "\(text.err)")
      #expect(text.out.contains("call C1\n"))
      #expect(text.out.contains("  arrived_at     2026-02-03 10:06:00\n"))
      #expect(text.out.contains("call.answer  C1  start 2026-02-03 10:00:00  breached"))
      #expect(text.out.contains("call.depart  C1  start 2026-02-03 10:01:00  deadline 2026-02-03 10:02:00  done 2026-02-03 10:02:01  breached  late 1 s"))
      #expect(text.out.contains("call.arrive  C1  start 2026-02-03 10:01:00  deadline 2026-02-03 10:06:00  done 2026-02-03 10:06:00  met"))
      let csv = runPledge(["show", "case", "C1", "--store", store, "--format", "csv"])
      #expect(csv.out.hasPrefix("record_id,rule,unit_id,person_id,started_at,deadline,done_at,state,late_seconds,late_days,compensation_cny\n"))
      #expect(csv.out.contains("C1,call.depart,U1,,2026-02-03 10:01:00,2026-02-03 10:02:00,2026-02-03 10:02:01,breached,1,,0.00\n"))
      let json = runPledge(["show", "case", "C1", "--store", store, "--format", "json"])
      #expect(json.out.contains("\"record\":{\"call_id\":\"C1\""))
      let unit = runPledge(["show", "unit", "U1", "--store", store, "--quarter", "2026Q1"])
      #expect(unit.out.contains("unit U1\n"))
      #expect(unit.out.contains("obligations at 2026-02-03 10:06:00: 3\n"))
      #expect(runPledge(["show", "case", "nope", "--store", store]).code == .failure)
    }
  }

  /// A call shows each of its dispatches with their obligations (once, also the one that
  /// carries the call's own id), and its clocked rules say they are judged through them; a
  /// dispatch's id shows the dispatch.
  @Test func showACallWithItsDispatches() throws {
    try withTemporaryDirectory { dir in
      let store = ["--store", dir + "/s"]
      try writeFile(dir + "/u.csv", "unit_id,class\nP1,1\nA1,1\n")
      try writeFile(dir + "/c.csv", callHeader + "C1,2026-02-03 10:00,2026-02-03 10:00:05,2,P1,urban,,,,\n")
      try writeFile(
        dir + "/d.csv",
        "dispatch_id,call_id,dispatched_at,unit_id,departed_at\n"
          + "C1,C1,2026-02-03 10:01,P1,2026-02-03 10:01:30\nD2,C1,2026-02-03 10:02,A1,2026-02-03 10:04\n")
      for (source, file) in [("units", "u"), ("calls", "c"), ("dispatches", "d")] {
        #expect(runPledge(["ingest", source, dir + "/\(file).csv"] + store).code == .success)
      }
      let call = runPledge(["show", "case", "C1"] + store)
      #expect(call.code == .success, "\(call.err)")
      let titles = call.out.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("obligations") }
      #expect(titles == ["call C1", "dispatch C1", "dispatch D2"], "\(call.out)")
      #expect(call.out.contains("  call.depart: does not apply: judged through the call's 2 dispatches\n"))
      #expect(call.out.contains("call.depart  C1  start 2026-02-03 10:01:00  deadline 2026-02-03 10:02:00  done 2026-02-03 10:01:30  met"))
      #expect(call.out.contains("call.depart  D2  start 2026-02-03 10:02:00  deadline 2026-02-03 10:03:00  done 2026-02-03 10:04:00  breached  late 60 s"))
      let dispatch = runPledge(["show", "case", "D2"] + store)
      #expect(dispatch.out.hasPrefix("dispatch D2\n"), "\(dispatch.out)")
      #expect(dispatch.out.contains("  call_id        C1\n"), "\(dispatch.out)")
      #expect(dispatch.out.contains("  call.arrive  D2  start 2026-02-03 10:02:00  deadline 2026-02-03 10:07:00  open\n"))
      #expect(!dispatch.out.contains("call C1"))
    }
  }

  @Test func eventsAsJSONLines() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/u.csv", "unit_id,name\nU1,\"派出所, 城关\"\n")
      try writeFile(dir + "/u2.csv", "unit_id,class\nU1,2\n")
      _ = runPledge(["ingest", "units", dir + "/u.csv", dir + "/u2.csv", "--store", store])
      let all = runPledge(["events", "--store", store])
      #expect(all.out == """
        {"batch":1,"source":"units","file":"\(dir)/u.csv","line":2,"type":"unitRegistered","record":"U1","value":null,"correction":false,"id":"1.1"}
        {"batch":1,"source":"units","file":"\(dir)/u.csv","line":2,"type":"unitNamed","record":"U1","value":"派出所, 城关","correction":false,"id":"1.2"}
        {"batch":2,"source":"units","file":"\(dir)/u2.csv","line":2,"type":"unitClassified","record":"U1","value":"2","correction":false,"id":"2.1"}

        """)
      let since = runPledge(["events", "--store", store, "--since-batch", "1"])
      #expect(since.out.split(separator: "\n").count == 1)
      #expect(since.out.hasSuffix("\"id\":\"2.1\"}\n"))
    }
  }

  @Test func eventIDsStayDistinctWhenAValueReturns() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      // The third file differs in bytes (its header) from the first, or it would be the same file.
      for (n, header) in ["unit_id,class\nU1,1", "unit_id,class\nU1,2", "单位编号,类别\nU1,1"].enumerated() {
        try writeFile(dir + "/u\(n).csv", header + "\n")
        _ = runPledge(["ingest", "units", dir + "/u\(n).csv", "--store", store])
      }
      let lines = runPledge(["events", "--store", store]).out.split(separator: "\n")
      let ids = lines.compactMap { $0.split(separator: "\"id\":").last }
      #expect(ids == ["\"1.1\"}", "\"1.2\"}", "\"2.1\"}", "\"3.1\"}"])
      #expect(lines.last?.contains("\"value\":\"1\",\"correction\":true") == true)
      let history = runPledge(["history", "U1", "--store", store, "--format", "json"]).out
      #expect(history.contains("\"id\":\"3.1\",\"replaces\":\"2\""))
    }
  }

  @Test func readersRefuseALogDamagedAfterItsSoundBatches() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      try writeFile(dir + "/u.csv", "unit_id,class\nU1,2\n")
      try writeFile(dir + "/c1.csv", "call_id,received_at,unit_id\nC1,2026-02-03 10:00:00,U1\n")
      try writeFile(dir + "/c2.csv", "call_id,received_at,unit_id\nC2,2026-02-04 10:00:00,U1\n")
      _ = runPledge(["ingest", "units", dir + "/u.csv", "--store", store])
      let soundEnd = try readBytes(store + "/events.log").count
      _ = runPledge(["ingest", "calls", dir + "/c1.csv", dir + "/c2.csv", "--store", store])
      var bytes = try readBytes(store + "/events.log")
      bytes[soundEnd + 20] ^= 0x40  // inside batch 2, which batch 3 follows: damage, not a torn tail
      try writeFile(store + "/events.log", bytes: bytes)

      for command in [
        ["report", "compliance", "--quarter", "2026Q1", "--as-of", "2026-02-05 00:00:00"],
        ["show", "unit", "U1", "--as-of", "2026-02-05 00:00:00"], ["events"], ["history", "U1"],
      ] {
        let refused = runPledge(command + ["--store", store])
        #expect(refused.code == .failure, "\(command)")
        #expect(refused.out.isEmpty, "\(command)")
        #expect(refused.err.hasPrefix(store + "/events.log: error: the event log is damaged at byte"), "\(command)")
        #expect(refused.err.hasSuffix("or pass --batch 1 to read the sound part\n"), "\(command)")
        // The sound part stays readable on purpose.
        let sound = runPledge(command + ["--store", store, "--batch", "1"])
        #expect(sound.code == .success, "\(command): \(sound.err)")
      }
      #expect(runPledge(["status", "--store", store]).out.contains("warning: the event log is damaged"))
    }
  }

  @Test func rulesPrintsTheRulebook() {
    let result = runPledge(["rules"])
    let lines = result.out.split(separator: "\n")
    #expect(lines.count == 17)
    #expect(lines[0] == "rule,clause,applies_to,start,done,limit,exemption,responsible")
    #expect(lines[4].hasPrefix("call.arrive,\"110 制度 二: 城区…五分钟,城郊十分钟\","))
    #expect(lines[13].hasPrefix("pledge.reply,"))
    let json = runPledge(["rules", "--format", "json"]).out.split(separator: "\n")
    #expect(json.count == 16)
    #expect(json[15].hasPrefix("{\"rule\":\"duty.periodic\",\"clause\":\"the duty's own clause\""), "\(json[15])")
  }

  @Test func statusAndVerify() throws {
    try withTemporaryDirectory { dir in
      let store = dir + "/s"
      ingestFixtures(into: store)
      let status = runPledge(["status", "--store", store])
      #expect(status.out.contains("batches: 18\n"))
      #expect(
        status.out.contains(
          "records: calls 127, dispatches 20, visits 50, complaints 43, activities 29, units 26,"
            + " keypersons 11, duties 15, calendar 0\n"))
      #expect(status.out.contains("rows rejected: 19\n"))
      #expect(status.out.contains("to 2026-04-09 12:00:00\n"))
      #expect(status.out.contains("calendar: 2004–2026 (bundled)\n"))
      let json = runPledge(["status", "--store", store, "--format", "json"])
      #expect(json.out.contains("\"batches\":18"))
      #expect(json.out.contains("\"calendar_years\":\"2004–2026\""))
      let verify = runPledge(["verify", "--store", store])
      #expect(verify.code == .success)
      #expect(verify.out.contains(": ok: 18 batches"))
    }
  }
}

/// Tests that run the real executable: exit codes, standard input, pipes and crashes.
@Suite(.serialized) struct ExecutableTests {
  @Test func standardInputAndStandardOutput() throws {
    try withTemporaryDirectory { dir in
      let csv = Array((callHeader + "C1,2026-02-03 10:00,,5,,,,,,\n").utf8)
      let ingest = try runBinary(["ingest", "calls", "-", "--store", dir], stdin: csv)
      #expect(ingest.code == 0, "\(ingest.err)")
      #expect(ingest.err.contains("<stdin>: batch 1"))
      let report = try runBinary(["report", "penalties", "--quarter", "2026Q1", "--store", dir])
      #expect(report.code == 0)
      #expect(report.out.contains(",call.answer,"))
    }
  }

  @Test func aClosedPipeEndsQuietly() throws {
    try withTemporaryDirectory { dir in
      var text = callHeader
      for i in 0..<3000 { text += "C\(i),2026-02-03 10:00,,\(i % 6),,,,,,\n" }
      try writeFile(dir + "/c.csv", text)
      #expect(try runBinary(["ingest", "calls", dir + "/c.csv", "--store", dir + "/s"]).code == 0)
      let shell = Process()
      shell.executableURL = URL(fileURLWithPath: "/bin/bash")
      shell.arguments = ["-c", "set -o pipefail; '\(pledgeBinary)' events --store '\(dir)/s' | head -1 >/dev/null"]
      let err = Pipe()
      shell.standardError = err
      try shell.run()
      shell.waitUntilExit()
      #expect(shell.terminationStatus == 0)
      #expect(err.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }
  }

  @Test func aSecondWriterGetsExitCodeFour() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/u.csv", "unit_id\nU1\n")
      let holder = try FileEventStore(writingTo: dir)
      let result = try runBinary(["ingest", "units", dir + "/u.csv", "--store", dir])
      #expect(result.code == 4)
      #expect(result.err.contains("locked by another writer (process \(getpid())"))
      _ = holder
    }
  }
}

@Suite struct ShowSelectionTests {
  /// show unit/person evaluate only that unit's or person's obligations: an unrelated deadline
  /// in an uncovered year does not fail them (SPEC §7.10).
  @Test func anUnrelatedUncoveredYearDoesNotFailShowUnit() throws {
    try withTemporaryDirectory { dir in
      try writeFile(dir + "/c.csv", "complaint_id,kind,received_at,unit_id,handler_id\nA1,report,2026-03-02 10:00,J1,H1\nB1,report,2026-12-28 10:00,J2,H2\n")
      _ = runPledge(["ingest", "complaints", dir + "/c.csv", "--store", dir + "/s"])
      let unit = runPledge(["show", "unit", "J1", "--store", dir + "/s"])
      #expect(unit.code == .success, "\(unit.err)")
      #expect(unit.out.contains("report.notify  A1"))
      #expect(!unit.out.contains("B1"))
      let person = runPledge(["show", "person", "H1", "--store", dir + "/s"])
      #expect(person.code == .success, "\(person.err)")
      #expect(runPledge(["show", "unit", "J2", "--store", dir + "/s"]).code == .failure)
    }
  }
}
