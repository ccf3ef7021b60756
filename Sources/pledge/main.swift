import Glibc
import PledgeKit

// A closed pipe (`pledge events | head`) must end quietly, not kill the process.
signal(SIGPIPE, SIG_IGN)

let arguments = Array(CommandLine.arguments.dropFirst())
var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
  let pair = String(cString: pointer)
  if let equals = pair.firstIndex(of: "=") {
    environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
  }
  entry += 1
}
// The process exits right after the command: what it built need not be freed first.
ProcessLifetime.endsAfterCommand = true
let code = PledgeCLI.run(arguments, environment: environment, console: .standard())
exit(code.rawValue)
