import PledgeKit

/// The command line of `pledge-synth`.
struct SynthOptions {
  static let usage = """
    usage: pledge-synth --out DIR [--seed N] [--from 2026-01-01] [--to 2026-12-31]
                        [--calls N] [--visits N] [--complaints N] [--units N] [--keypersons N]
                        [--activities N] [--duties N] [--dispatches N]
                        [--split month|none] [--only SOURCE]

    Writes deterministic synthetic exports of a city of about 3 million people: the registers
    units.csv, keypersons.csv and duties.csv, and calls, dispatches, visits, complaints and
    activities (the work ledger), one file per month (calls-2026-01.csv …) or one file each with
    --split none. The same seed gives the same bytes on every machine, and a source's bytes do
    not depend on which other sources are written. --only SOURCE writes one of them: calls,
    dispatches, visits, complaints, activities, units, keypersons or duties.

    dispatches   the orders of the city's joint calls (about a third of the dispatched calls,
                 two or three units each), one row per responding unit; the calls keep their
                 own columns. --dispatches N writes instead a standalone log of exactly N rows,
                 every dispatched call of a virtual call log with its orders (for timing
                 ingest: --only dispatches --dispatches 1000000 --split none).
    duties       --duties N recurring duties shared over the units (monthly, half-monthly,
                 quarterly and yearly; monthly reports due by the 25th; some starting or
                 ending inside the span).
    activities   --activities N work-ledger rows: the activities that fulfil the duties,
                 mostly on time, some late, some missing, then other work up to N.

    defaults: --seed 1 --from 2026-01-01 --to 2026-12-31 --calls 1200000 --visits 200000
              --complaints 50000 --units 300 --keypersons 5000 --activities 50000
              --duties 3000 --split month
    """

  enum Source: String, CaseIterable {
    case calls, dispatches, visits, complaints, activities, units, keypersons, duties
  }

  var out = ""
  var seed: UInt64 = 1
  var from = CivilDate(year: 2026, month: 1, day: 1)!
  var to = CivilDate(year: 2026, month: 12, day: 31)!
  var calls = 1_200_000
  var visits = 200_000
  var complaints = 50_000
  var units = 300
  var keyPersons = 5_000
  var activities = 50_000
  var duties = 3_000
  /// The rows of a standalone dispatch log, or nil for the orders of the city's calls.
  var dispatchLog: Int? = nil
  var split = ExportFile.Split.month
  var only: Source? = nil
  var wantsHelp = false

  init(arguments: [String]) throws {
    var list = arguments[...]
    var outGiven = false
    while let argument = list.popFirst() {
      if argument == "-h" || argument == "--help" {
        wantsHelp = true
        return
      }
      var name = argument
      var inline: String? = nil
      if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
        name = String(argument[..<eq])
        inline = String(argument[argument.index(after: eq)...])
      }
      func value() throws -> String {
        if let inline { return inline }
        guard let next = list.popFirst() else { throw SynthError("option '\(name)' needs a value") }
        return next
      }
      switch name {
      case "--out":
        out = try value()
        outGiven = true
      case "--seed":
        let text = try value()
        guard let n = UInt64(text) else {
          throw SynthError("--seed: expected a whole number, got '\(text)'")
        }
        seed = n
      case "--from": from = try SynthOptions.date(name, try value())
      case "--to": to = try SynthOptions.date(name, try value())
      case "--calls": calls = try SynthOptions.count(name, try value())
      case "--visits": visits = try SynthOptions.count(name, try value())
      case "--complaints": complaints = try SynthOptions.count(name, try value())
      case "--units": units = try SynthOptions.count(name, try value())
      case "--keypersons": keyPersons = try SynthOptions.count(name, try value())
      case "--activities": activities = try SynthOptions.count(name, try value())
      case "--duties": duties = try SynthOptions.count(name, try value())
      case "--dispatches": dispatchLog = try SynthOptions.count(name, try value())
      case "--split":
        let text = try value()
        guard let s = ExportFile.Split(rawValue: text) else {
          throw SynthError("--split: expected month or none, got '\(text)'")
        }
        split = s
      case "--only":
        let text = try value()
        guard let s = Source(rawValue: text) else {
          let names = Source.allCases.map(\.rawValue).joined(separator: ", ")
          throw SynthError("--only: expected one of \(names), got '\(text)'")
        }
        only = s
      default:
        throw SynthError("unknown option '\(argument)'; see pledge-synth --help")
      }
    }
    guard outGiven, !out.isEmpty else { throw SynthError("--out DIR is required") }
    guard from <= to else { throw SynthError("--from \(from) is after --to \(to)") }
    guard units >= 1 else { throw SynthError("--units: at least 1 unit is needed") }
  }

  func wants(_ source: Source) -> Bool { only == nil || only == source }

  private static func date(_ name: String, _ text: String) throws -> CivilDate {
    guard let date = try? TimeParser.date(text), (1900...9999).contains(date.year) else {
      throw SynthError("\(name): expected a date like 2026-01-01, got '\(text)'")
    }
    return date
  }

  private static func count(_ name: String, _ text: String) throws -> Int {
    guard let n = Int(text), n >= 0, text.allSatisfy(\.isASCII) else {
      throw SynthError("\(name): expected a whole number, got '\(text)'")
    }
    return n
  }
}
