/// Large structures a command has finished with, kept until the process exits when the
/// process ends right after the command (the `pledge` executable says so): freeing a million
/// records one by one would only delay the exit, and the system takes the memory back at once.
/// In any other process (the tests, a program using PledgeKit) nothing is kept.
public enum ProcessLifetime {
  /// Set by an executable that calls `exit` right after `PledgeCLI.run`.
  nonisolated(unsafe) public static var endsAfterCommand = false
  nonisolated(unsafe) private static var kept: [Any] = []

  /// Keeps `value` (and everything it holds) alive until the process exits.
  static func keepUntilExit(_ value: Any) {
    if endsAfterCommand { kept.append(value) }
  }
}
