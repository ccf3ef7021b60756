import Glibc

/// The `pledge` command line: finds the subcommand, parses its arguments, runs it, and maps
/// the outcome to an exit code (SPEC 6). Every failure is one line on standard error.
public enum PledgeCLI {
  public static let version = "0.1.0"

  static var commands: [any Command.Type] {
    [
      IngestCommand.self, ColumnsCommand.self, ReportCommand.self, EventsCommand.self,
      RulesCommand.self, ShowCommand.self, HistoryCommand.self, StatusCommand.self,
      VerifyCommand.self,
    ]
  }

  /// Runs `pledge` with `arguments` (without the program name).
  public static func run(
    _ arguments: [String], environment: [String: String], console: Console
  ) -> ExitCode {
    let code = dispatch(arguments, environment: environment, console: console)
    do {
      try console.flush()
    } catch {
      return .success  // the reader went away: nothing more to say
    }
    return code
  }

  private static func dispatch(
    _ arguments: [String], environment: [String: String], console: Console
  ) -> ExitCode {
    guard let first = arguments.first else {
      console.note("error: no command given; see 'pledge --help'")
      return .usage
    }
    switch first {
    case "--help", "-h", "help":
      if first == "help", arguments.count > 1 {
        guard let command = commands.first(where: { $0.name == arguments[1] }) else {
          console.note(unknownCommand(arguments[1]).description)
          return .usage
        }
        return emit(command.helpText, console)
      }
      return emit(overview, console)
    case "--version", "-V", "version":
      return emit("pledge \(version)\n", console)
    default:
      break
    }
    guard let command = commands.first(where: { $0.name == first }) else {
      console.note(unknownCommand(first).description)
      return .usage
    }
    let words = Array(arguments.dropFirst())
    if words.contains("--help") || words.contains("-h") {
      return emit(command.helpText, console)
    }
    do {
      let parsed = try ParsedArguments(
        words, options: command.options, command: command.name)
      let instance = try command.init(parsed, environment: environment)
      return try instance.run(console)
    } catch let diagnostic as Diagnostic {
      console.note(diagnostic.description)
      return diagnostic.exitCode
    } catch let failure as StoreFailure {
      console.note(failure.description)
      return failure.diagnostic.exitCode
    } catch is BrokenPipe {
      return .success
    } catch let gap as CalendarGap {
      console.note("error: " + gap.message)
      return .failure
    } catch let gaps as CalendarGaps {
      console.note("error: " + gaps.message)
      return .failure
    } catch {
      console.note("error: \(error)")
      return .failure
    }
  }

  private static func emit(_ text: String, _ console: Console) -> ExitCode {
    do {
      try console.write(text)
    } catch {
      return .success
    }
    return .success
  }

  static func unknownCommand(_ name: String) -> Diagnostic {
    var message = "unknown command '\(name)'"
    if let guess = nearest(to: name, among: commands.map { $0.name } + ["help"]) {
      message += "; did you mean '\(guess)'? See 'pledge --help'."
    } else {
      message += "; see 'pledge --help' for the commands"
    }
    return Diagnostic(message, exitCode: .usage)
  }

  static var overview: String {
    var text = """
      pledge \(version) — checks whether public-service offices kept their service pledges
      (服务承诺) and what every broken pledge costs.

      Usage: pledge COMMAND [OPTIONS] [ARGUMENTS]

      Commands:

      """
    let width = commands.map { $0.name.count }.max() ?? 0
    for command in commands {
      text += "  " + command.name
        + String(repeating: " ", count: width - command.name.count + 2) + command.summary + "\n"
    }
    text += """

      The store is --store DIR, else $PLEDGE_STORE, else ./pledge-store.
      Run 'pledge help COMMAND' for a command's options.
      Exit codes: 0 success, 1 failure, 2 usage error, 3 rows rejected, 4 store locked.
      Reference (sources, rules, reports, calendar, messages): docs/REFERENCE.md

      """
    return text
  }
}
